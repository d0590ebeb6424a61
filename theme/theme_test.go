package theme

import (
	"image/color"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

func TestPaletteLightDarkDiffer(t *testing.T) {
	light, dark := NewPalette(false), NewPalette(true)

	if sameColour(light.Text, dark.Text) {
		t.Errorf("text colour is the same on light and dark backgrounds")
	}
	if sameColour(light.Danger, dark.Danger) {
		t.Errorf("danger colour is the same on light and dark backgrounds")
	}
}

func TestNoColorEmitsNoColour(t *testing.T) {
	s := New(true, true)

	// Render as a true-colour terminal would, so any colour set would show.
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.TrueColor}
	if _, err := w.WriteString(s.StatusExpired.Render("expired") + s.TableCursor.Render("row")); err != nil {
		t.Fatal(err)
	}

	out := b.String()
	if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
		t.Errorf("NO_COLOR output contains colour sequences: %q", out)
	}
	if !strings.Contains(out, "expired") {
		t.Errorf("NO_COLOR output lost the status label: %q", out)
	}
}

func TestNoColorKeepsSelectionVisible(t *testing.T) {
	s := New(false, true)

	if !s.TableCursor.GetReverse() {
		t.Errorf("selected row has no reverse attribute without colour")
	}
}

func TestColouredStylesUseColour(t *testing.T) {
	s := New(true, false)

	if _, ok := s.StatusRevoked.GetForeground().(lipgloss.NoColor); ok {
		t.Errorf("revoked status has no colour with colours on")
	}
}

func sameColour(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}
