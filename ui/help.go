package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// helpView draws the full help of the active screen, built from its key
// bindings so it always matches what the keys do.
func (a *App) helpView() string {
	st := a.c.Styles
	h := help.New()
	h.Styles = st.Help
	h.SetWidth(max(a.c.Width-6, 20))

	body := st.Title.Render("Keys") + "\n\n" + h.FullHelpView(a.active().FullHelp()) + "\n\n" + st.Muted.Render("? or esc closes this help")
	return st.Dialog.Render(body)
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
