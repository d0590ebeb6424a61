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
// position line. The footer rows, such as the keys that close the dialog,
// always show.
type dialogFrame struct {
	box    lipgloss.Style
	muted  lipgloss.Style
	height int
	offset int    // first body row shown when the body scrolls
	keys   string // scroll keys named on the position line; empty when the dialog has none
}

// render draws body and footer in box, each a list of possibly multi-line
// strings.
func (f *dialogFrame) render(box lipgloss.Style, body, footer []string) string {
	f.box = box
	bodyRows, footerRows := splitRows(body), splitRows(footer)
	room := f.height - f.box.GetVerticalFrameSize()

	if len(bodyRows)+len(footerRows) > room {
		bodyRows = dropBlankRows(bodyRows, len(bodyRows)+len(footerRows)-room)
		footerRows = dropBlankRows(footerRows, len(bodyRows)+len(footerRows)-room)
	}
	if len(bodyRows)+len(footerRows) <= room {
		f.offset = 0
		return f.box.Render(strings.Join(append(bodyRows, footerRows...), "\n"))
	}

	// Scroll: one row goes to the position line.
	shown := max(room-len(footerRows)-1, 1)
	f.offset = min(max(f.offset, 0), len(bodyRows)-shown)
	window := bodyRows[f.offset : f.offset+shown]
	position := fmt.Sprintf("rows %d–%d of %d", f.offset+1, f.offset+shown, len(bodyRows))
	if f.keys != "" {
		position += " · " + f.keys
	}
	position = f.muted.Render(position)

	rows := append(append(append([]string{}, window...), position), footerRows...)
	return f.box.Render(strings.Join(rows, "\n"))
}

// scroll moves the body window by rows, and render keeps it in range.
func (f *dialogFrame) scroll(rows int) {
	f.offset = max(f.offset+rows, 0)
}

// splitRows turns strings that may hold line breaks into single rows.
func splitRows(lines []string) []string {
	var rows []string
	for _, l := range lines {
		rows = append(rows, strings.Split(l, "\n")...)
	}
	return rows
}

// dropBlankRows removes up to n empty rows, from the last one backwards.
func dropBlankRows(rows []string, n int) []string {
	for i := len(rows) - 1; i >= 0 && n > 0; i-- {
		if strings.TrimSpace(ansi.Strip(rows[i])) == "" {
			rows = append(rows[:i:i], rows[i+1:]...)
			n--
		}
	}
	return rows
}
