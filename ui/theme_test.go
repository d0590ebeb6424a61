package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/certs-tui/certs-tui/theme"
)

func TestAppUsesChosenTheme(t *testing.T) {
	a := New(Options{Theme: theme.Choice{Name: theme.HighContrastName, Colors: map[string]string{"accent": "#FF8800"}}})
	feed(a, tea.WindowSizeMsg{Width: 80, Height: 24})

	for _, isDark := range []bool{true, false} {
		a.setTheme(isDark)
		p := a.c.Styles.Palette
		want := theme.Choice{Name: theme.HighContrastName}.Palette(isDark).Text
		if !sameRGBA(p.Text, want) {
			t.Errorf("dark=%t: text colour %v, want the high-contrast %v", isDark, p.Text, want)
		}
		if !sameRGBA(p.Accent, lipgloss.Color("#FF8800")) {
			t.Errorf("dark=%t: accent %v, want the override #FF8800", isDark, p.Accent)
		}
	}
}

func sameRGBA(a, b interface{ RGBA() (r, g, b, a uint32) }) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}
