package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpView draws the full help of the active screen, built from its key
// bindings so it always matches what the keys do. The screen's own groups
// are kept when they fit. Otherwise the bindings are regrouped into as many
// columns as the width allows. ↑/↓ scroll what the height cannot show.
func (a *App) helpView() string {
	st := a.c.Styles
	h := help.New()
	h.Styles = st.Help

	maxWidth := max(a.c.Width-4, 20)
	maxLines := max(a.bodyHeight()-6, 1) // border, title, two blank lines, footer

	groups := a.active().FullHelp()
	grid := h.FullHelpView(groups)
	if lipgloss.Width(grid) > maxWidth {
		grid = narrowHelp(h, groups, maxWidth)
	}

	lines := strings.Split(grid, "\n")
	footer := "? or esc closes this help"
	if len(lines) > maxLines {
		a.helpOffset = min(a.helpOffset, len(lines)-maxLines)
		end := a.helpOffset + maxLines
		footer = fmt.Sprintf("↑/↓ scroll (%d-%d of %d) · ? or esc closes", a.helpOffset+1, end, len(lines))
		lines = lines[a.helpOffset:end]
	}

	body := st.Title.Render("Keys") + "\n\n" + strings.Join(lines, "\n") + "\n\n" + st.Muted.Render(footer)
	return st.Dialog.Render(body)
}

// narrowHelp regroups bindings into the most columns that fit the width.
func narrowHelp(h help.Model, groups [][]key.Binding, maxWidth int) string {
	var all []key.Binding
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() {
				all = append(all, b)
			}
		}
	}

	for columns := len(all); columns > 1; columns-- {
		grid := h.FullHelpView(chunk(all, (len(all)+columns-1)/columns))
		if lipgloss.Width(grid) <= maxWidth {
			return grid
		}
	}
	return h.FullHelpView([][]key.Binding{all})
}

func chunk(bindings []key.Binding, size int) [][]key.Binding {
	var out [][]key.Binding
	for start := 0; start < len(bindings); start += size {
		out = append(out, bindings[start:min(start+size, len(bindings))])
	}
	return out
}

// hintBar draws the one-line hint with the keys of the active screen.
func (a *App) hintBar() string {
	h := help.New()
	h.Styles = a.c.Styles.Help
	h.SetWidth(a.c.Width)
	return h.ShortHelpView(a.active().ShortHelp())
}

// overlay draws a box centred over the body, which stays visible around it.
func overlay(body, box string, width, height int) string {
	x := max((width-lipgloss.Width(box))/2, 0)
	y := max((height-lipgloss.Height(box))/2, 0)

	return lipgloss.NewCompositor(
		lipgloss.NewLayer(body),
		lipgloss.NewLayer(box).X(x).Y(y).Z(1),
	).Render()
}
