package ui

import (
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// escapedRune reports whether a text input draws r as an escape such as
// <U+202E>: the characters the service rejects in an ID (see rejectedRune),
// and the spaces that look like U+0020 but are not, such as U+00A0. Drawn
// raw, they would hide, reorder or shift the text around them, or pass for
// another character. The console escapes them the same way everywhere
// else (see package sanitize).
func escapedRune(r rune) bool {
	return rejectedRune(r) || (r != ' ' && unicode.Is(unicode.Zs, r))
}

// runeEscape returns how a text input draws r.
func runeEscape(r rune) string {
	if escapedRune(r) {
		return fmt.Sprintf("<U+%04X>", r)
	}
	return string(r)
}

// escapedInputView draws in like in.View does, but a value with an
// escapedRune is drawn here instead, with each such rune as its escape, so
// the operator sees exactly what the input holds. The escapes are only
// drawn: the value keeps the character, and one backspace deletes it.
// offset is the first rune shown. The caller keeps it between draws, so the
// window moves only as far as it takes to show the cursor.
func escapedInputView(in textinput.Model, offset *int) string {
	value := []rune(in.Value())
	if !strings.ContainsFunc(in.Value(), escapedRune) {
		*offset = 0
		return in.View()
	}

	cells := make([]string, len(value))
	widths := make([]int, len(value)+1)
	for i, r := range value {
		cells[i] = runeEscape(r)
		widths[i] = ansi.StringWidth(cells[i])
	}
	widths[len(value)] = 1 // the cursor after the last character

	// Move the window as little as it takes to show the cursor.
	pos, width := in.Position(), in.Width()
	first := min(*offset, pos)
	for first < pos && totalWidth(widths[first:pos+1]) > width {
		first++
	}
	*offset = first

	styles := in.Styles()
	state := styles.Blurred
	if in.Focused() {
		state = styles.Focused
	}
	cursor := lipgloss.NewStyle().Foreground(styles.Cursor.Color).Reverse(true)

	var b strings.Builder
	used := 0
	for i := first; i < len(value); i++ {
		if i > pos && used+widths[i] > width {
			break // the rest is out of view
		}
		used += widths[i]

		if i != pos || !in.Focused() {
			b.WriteString(state.Text.Render(cells[i]))
			continue
		}
		// The cursor covers the first cell of an escape, like a character.
		head, rest := ansi.Truncate(cells[i], 1, ""), ansi.TruncateLeft(cells[i], 1, "")
		b.WriteString(cursor.Render(head) + state.Text.Render(rest))
	}
	if pos == len(value) && in.Focused() {
		b.WriteString(cursor.Render(" "))
		used++
	}
	b.WriteString(state.Text.Render(strings.Repeat(" ", max(width+1-used, 0))))
	return state.Prompt.Render(in.Prompt) + b.String()
}

// totalWidth adds up cell widths.
func totalWidth(widths []int) int {
	total := 0
	for _, w := range widths {
		total += w
	}
	return total
}

// quoteInput quotes s for a message the way a text input draws it: each
// escapedRune, and any other rune that has no printed form, as <U+XXXX>.
// Messages use it in place of %q, so the text the operator reads matches
// the field above it instead of showing Go escapes such as \u200b.
func quoteInput(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r != ' ' && !unicode.IsPrint(r) {
			fmt.Fprintf(&b, "<U+%04X>", r)
			continue
		}
		b.WriteString(runeEscape(r))
	}
	b.WriteByte('"')
	return b.String()
}

// quoteInputPrefix is quoteInput of the first n runes of s, for a value too
// long to quote whole.
func quoteInputPrefix(s string, n int) string {
	runes := []rune(s)
	return quoteInput(string(runes[:min(n, len(runes))]))
}

// edgeSpaceNote describes the ASCII spaces at the ends of s, such as
// "ends with 1 space", which are easy to miss on screen even in quotes.
// It returns "" when s has none.
func edgeSpaceNote(s string) string {
	if s != "" && strings.Trim(s, " ") == "" {
		return fmt.Sprintf("is %s only", countSpaces(len(s)))
	}

	leading := len(s) - len(strings.TrimLeft(s, " "))
	trailing := len(s) - len(strings.TrimRight(s, " "))
	switch {
	case leading > 0 && trailing > 0:
		return fmt.Sprintf("starts with %s and ends with %s", countSpaces(leading), countSpaces(trailing))
	case leading > 0:
		return "starts with " + countSpaces(leading)
	case trailing > 0:
		return "ends with " + countSpaces(trailing)
	}
	return ""
}

func countSpaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}
