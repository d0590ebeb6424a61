package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// dialogFrame draws a dialog box that fits a body area of height rows.
// Dialogs are built for roomy terminals, so on a small one the frame first
// drops blank rows and then shows a window of the body rows with a
// position line. The header rows, such as a title, and the footer rows,
// such as the keys that close the dialog, always show.
type dialogFrame struct {
	box        lipgloss.Style
	muted      lipgloss.Style
	height     int
	offset     int    // first body row shown when the body scrolls
	windowRows int    // body rows in the window at the last render
	keys       string // scroll keys named on the position line; empty when the dialog has none

	// keepFirst shows a followed span that is taller than the window from
	// its first entry, such as a focused input, instead of its last.
	keepFirst bool
}

// render draws body and footer in box, each a list of possibly multi-line
// strings.
func (f *dialogFrame) render(box lipgloss.Style, body, footer []string) string {
	return f.renderFollowing(box, body, footer, -1, -1)
}

// renderFollowing draws like render, and when the body scrolls it moves the
// window to show the body entries first to last (indexes into body, such as
// the focused input and its error). When that span is taller than the
// window, the last entry shows, from its start if it alone is taller. A
// negative first follows nothing.
func (f *dialogFrame) renderFollowing(box lipgloss.Style, body, footer []string, first, last int) string {
	return f.renderPinned(box, nil, body, footer, first, last)
}

// renderPinned draws like renderFollowing, with header rows above the body
// that stay in view when the body scrolls.
func (f *dialogFrame) renderPinned(box lipgloss.Style, header, body, footer []string, first, last int) string {
	f.box = box
	headerRows := splitRows(header)
	bodyRows, owners := splitOwnedRows(body)
	footerRows := splitRows(footer)
	room := f.height - f.box.GetVerticalFrameSize()

	over := func() int { return len(headerRows) + len(bodyRows) + len(footerRows) - room }
	if over() > 0 {
		bodyRows, owners = dropBlankOwnedRows(bodyRows, owners, over())
		headerRows = dropBlankRows(headerRows, over())
		footerRows = dropBlankRows(footerRows, over())
	}
	if over() <= 0 {
		f.offset, f.windowRows = 0, len(bodyRows)
		rows := append(append(headerRows, bodyRows...), footerRows...)
		return f.box.Render(strings.Join(rows, "\n"))
	}

	// Scroll: one row goes to the position line.
	shown := max(room-len(headerRows)-len(footerRows)-1, 1)
	if first >= 0 {
		f.follow(owners, first, last, shown)
	}
	f.offset = min(max(f.offset, 0), len(bodyRows)-shown)
	window := bodyRows[f.offset : f.offset+shown]
	f.windowRows = shown
	position := fmt.Sprintf("rows %d–%d of %d", f.offset+1, f.offset+shown, len(bodyRows))
	if f.keys != "" {
		position += " · " + f.keys
	}
	position = f.muted.Render(position)

	rows := append(append(append(append([]string{}, headerRows...), window...), position), footerRows...)
	return f.box.Render(strings.Join(rows, "\n"))
}

// follow moves the offset as little as it takes to show the rows of body
// entries first to last in a window of shown rows.
func (f *dialogFrame) follow(owners []int, first, last, shown int) {
	spanStart, spanEnd, lastStart := -1, -1, -1
	for row, entry := range owners {
		if entry >= first && entry <= last {
			if spanStart < 0 {
				spanStart = row
			}
			spanEnd = row + 1
		}
		if entry == last && lastStart < 0 {
			lastStart = row
		}
	}
	if spanStart < 0 {
		return
	}

	lowest := spanEnd - shown // the smallest offset that shows the span's end
	if lowest > spanStart && f.keepFirst {
		f.offset = spanStart
		return
	}
	if lowest > spanStart {
		// The span is taller than the window, so the last entry (usually
		// the error) wins.
		f.offset = lowest
		if lastStart >= 0 {
			f.offset = min(lastStart, lowest)
		}
		return
	}
	f.offset = min(max(f.offset, lowest), spanStart)
}

// page returns how many body rows the last render showed, at least 1, so a
// page key moves the window by exactly one window.
func (f *dialogFrame) page() int {
	return max(f.windowRows, 1)
}

// scroll moves the body window by rows, and render keeps it in range.
func (f *dialogFrame) scroll(rows int) {
	f.offset = max(f.offset+rows, 0)
}

// splitRows turns strings that may hold line breaks into single rows.
func splitRows(lines []string) []string {
	rows, _ := splitOwnedRows(lines)
	return rows
}

// splitOwnedRows is splitRows that also returns, for each row, the index of
// the string it came from.
func splitOwnedRows(lines []string) (rows []string, owners []int) {
	for i, l := range lines {
		for _, row := range strings.Split(l, "\n") {
			rows = append(rows, row)
			owners = append(owners, i)
		}
	}
	return rows, owners
}

// dropBlankRows removes up to n empty rows, from the last one backwards.
func dropBlankRows(rows []string, n int) []string {
	rows, _ = dropBlankOwnedRows(rows, make([]int, len(rows)), n)
	return rows
}

// dropBlankOwnedRows is dropBlankRows that keeps owners in step with rows.
func dropBlankOwnedRows(rows []string, owners []int, n int) ([]string, []int) {
	for i := len(rows) - 1; i >= 0 && n > 0; i-- {
		if strings.TrimSpace(ansi.Strip(rows[i])) == "" {
			rows = append(rows[:i:i], rows[i+1:]...)
			owners = append(owners[:i:i], owners[i+1:]...)
			n--
		}
	}
	return rows, owners
}
