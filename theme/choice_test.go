package theme

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestChoiceCheckNamesBadValue(t *testing.T) {
	cases := []struct {
		choice Choice
		want   string
	}{
		{Choice{Name: "neon"}, `unknown theme "neon"`},
		{Choice{Colors: map[string]string{"accnt": "#fff"}}, `unknown colour role "accnt"`},
		{Choice{Colors: map[string]string{"accent": "blue"}}, `colour role accent: invalid colour "blue"`},
		{Choice{Colors: map[string]string{"accent": "256"}}, `invalid colour "256"`},
	}
	for _, tc := range cases {
		err := tc.choice.Check()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check(%+v) = %v, want an error containing %q", tc.choice, err, tc.want)
		}
	}

	good := Choice{Name: HighContrastName, Colors: map[string]string{"accent": "#FF8800", "danger": "196", "ok": "#0f0"}}
	if err := good.Check(); err != nil {
		t.Errorf("Check(%+v) = %v, want nil", good, err)
	}
}

func TestChoiceOverridesRole(t *testing.T) {
	choice := Choice{Colors: map[string]string{"accent": "#FF8800"}}
	for _, isDark := range []bool{false, true} {
		p := choice.Palette(isDark)
		if !sameColour(p.Accent, lipgloss.Color("#FF8800")) {
			t.Errorf("dark=%t: accent is %v, want #FF8800", isDark, p.Accent)
		}
		if !sameColour(p.Danger, NewPalette(isDark).Danger) {
			t.Errorf("dark=%t: danger changed without an override", isDark)
		}
	}

	styles := NewChosen(true, false, choice)
	if !sameColour(styles.Title.GetForeground(), lipgloss.Color("#FF8800")) {
		t.Errorf("title colour is %v, want the overridden accent", styles.Title.GetForeground())
	}
}

func TestHighContrastDiffersFromDefault(t *testing.T) {
	for _, isDark := range []bool{false, true} {
		hc := Choice{Name: HighContrastName}.Palette(isDark)
		def := NewPalette(isDark)
		if sameColour(hc.Text, def.Text) || sameColour(hc.SelectedBg, def.SelectedBg) {
			t.Errorf("dark=%t: high-contrast text or selection equals the default", isDark)
		}
	}
	if !sameColour(Choice{Name: HighContrastName}.Palette(true).Text, lipgloss.Color("15")) {
		t.Error("high-contrast text on dark is not bright white (ANSI 15)")
	}
}

func TestNoColorWinsOverChoice(t *testing.T) {
	s := NewChosen(true, true, Choice{Name: HighContrastName, Colors: map[string]string{"accent": "#FF8800"}})
	if _, ok := s.Title.GetForeground().(lipgloss.NoColor); !ok {
		t.Errorf("NO_COLOR title colour is %v, want none", s.Title.GetForeground())
	}
}
