package ui

import (
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// escapedRune reports whether the issue form draws r as an escape such as
// <U+202E>: the characters the service rejects in an ID (see rejectedRune),
// and the spaces that look like U+0020 but are not, such as U+00A0. Drawn
// raw, they would hide, reorder or shift the text around them, or pass for
// another character. The console escapes them the same way everywhere
// else (see package sanitize).
func escapedRune(r rune) bool {
	return rejectedRune(r) || (r != ' ' && unicode.Is(unicode.Zs, r))
}

// runeEscape returns how the form draws r.
func runeEscape(r rune) string {
	if escapedRune(r) {
		return fmt.Sprintf("<U+%04X>", r)
	}
	return string(r)
}

// input returns the text input of field, or nil for the entity type.
func (d *issueDialog) input(field int) *textinput.Model {
	switch field {
	case fieldEntityID:
		return &d.entityID
	case fieldIPs:
		return &d.ips
	case fieldDNSNames:
		return &d.dnsNames
	case fieldTTL:
		return &d.ttl
	case fieldCommonName:
		return &d.cn
	}
	return nil
}

// inputView draws the text input of field. A value with an escapedRune is
// drawn here rather than by the input itself, with each such rune as its
// escape, so the operator sees exactly what the form sends. The escapes
// are only drawn: the value keeps the character, and one backspace deletes
// it.
func (d *issueDialog) inputView(field int) string {
	in := d.input(field)
	value := []rune(in.Value())
	if !strings.ContainsFunc(in.Value(), escapedRune) {
		d.offsets[field] = 0
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
	offset := min(d.offsets[field], pos)
	for offset < pos && totalWidth(widths[offset:pos+1]) > width {
		offset++
	}
	d.offsets[field] = offset

	styles := d.c.Styles.Input
	text := styles.Blurred.Text
	if in.Focused() {
		text = styles.Focused.Text
	}
	cursor := lipgloss.NewStyle().Foreground(styles.Cursor.Color).Reverse(true)

	var b strings.Builder
	used := 0
	for i := offset; i < len(value); i++ {
		if i > pos && used+widths[i] > width {
			break // the rest is out of view
		}
		used += widths[i]

		if i != pos || !in.Focused() {
			b.WriteString(text.Render(cells[i]))
			continue
		}
		// The cursor covers the first cell of an escape, like a character.
		first, rest := ansi.Truncate(cells[i], 1, ""), ansi.TruncateLeft(cells[i], 1, "")
		b.WriteString(cursor.Render(first) + text.Render(rest))
	}
	if pos == len(value) && in.Focused() {
		b.WriteString(cursor.Render(" "))
		used++
	}
	b.WriteString(text.Render(strings.Repeat(" ", max(width+1-used, 0))))
	return in.Prompt + b.String()
}

// totalWidth adds up cell widths.
func totalWidth(widths []int) int {
	total := 0
	for _, w := range widths {
		total += w
	}
	return total
}

// rejectedInput returns a message naming the first character of the focused
// input that the service rejects, and "" when there is none. The form shows
// it while the operator types, before enter.
func (d *issueDialog) rejectedInput() string {
	in := d.input(d.focus)
	if in == nil {
		return ""
	}
	for _, r := range in.Value() {
		if rejectedRune(r) {
			// Short, so that it fits one row of the form at 60 columns.
			return fmt.Sprintf("Delete the invisible %U; the service rejects it", r)
		}
	}
	return ""
}
