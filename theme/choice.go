package theme

import (
	"fmt"
	"image/color"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
)

// Names of the built-in themes.
const (
	DefaultName      = "default"
	HighContrastName = "high-contrast"
)

// Names returns the built-in theme names, for help texts and messages.
func Names() []string { return []string{DefaultName, HighContrastName} }

// Roles returns the role names a config file may override, in Palette order.
func Roles() []string {
	return []string{"text", "muted", "border", "accent", "ok", "warning", "danger", "revoked", "selected_fg", "selected_bg"}
}

// Choice selects a built-in theme and overrides some of its role colours.
// The zero Choice is the default theme.
type Choice struct {
	Name   string            // a name from Names; empty for the default
	Colors map[string]string // role name from Roles to a colour; see ParseColor
}

// hexColour matches #RGB and #RRGGBB.
var hexColour = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// ParseColor reads a colour as "#RRGGBB", "#RGB" or an ANSI colour number
// from 0 to 255.
func ParseColor(value string) (color.Color, error) {
	value = strings.TrimSpace(value)
	if hexColour.MatchString(value) {
		return lipgloss.Color(value), nil
	}
	if n, err := strconv.Atoi(value); err == nil && n >= 0 && n <= 255 {
		return lipgloss.Color(value), nil
	}
	return nil, fmt.Errorf("invalid colour %q: write it as #RRGGBB, #RGB or an ANSI number from 0 to 255", value)
}

// Check reports an unknown theme name, role or colour, naming the value and
// the accepted ones.
func (c Choice) Check() error {
	if c.Name != "" && !slices.Contains(Names(), c.Name) {
		return fmt.Errorf("unknown theme %q; the themes are %s", c.Name, strings.Join(Names(), ", "))
	}
	for _, role := range sortedKeys(c.Colors) {
		if !slices.Contains(Roles(), role) {
			return fmt.Errorf("unknown colour role %q; the roles are %s", role, strings.Join(Roles(), ", "))
		}
		if _, err := ParseColor(c.Colors[role]); err != nil {
			return fmt.Errorf("colour role %s: %w", role, err)
		}
	}
	return nil
}

// Palette resolves the chosen theme for a background and applies the
// overrides. An override sets the role on light and dark backgrounds alike.
// Invalid names and colours are skipped; call Check first to report them.
func (c Choice) Palette(isDark bool) Palette {
	p := NewPalette(isDark)
	if c.Name == HighContrastName {
		p = highContrastPalette(isDark)
	}

	slots := p.roleSlots()
	for role, value := range c.Colors {
		slot, ok := slots[role]
		if !ok {
			continue
		}
		if col, err := ParseColor(value); err == nil {
			*slot = col
		}
	}
	return p
}

// roleSlots maps each role name to its field.
func (p *Palette) roleSlots() map[string]*color.Color {
	return map[string]*color.Color{
		"text": &p.Text, "muted": &p.Muted, "border": &p.Border, "accent": &p.Accent,
		"ok": &p.OK, "warning": &p.Warning, "danger": &p.Danger, "revoked": &p.Revoked,
		"selected_fg": &p.SelectedFg, "selected_bg": &p.SelectedBg,
	}
}

// highContrastPalette uses the basic ANSI colours, which terminals let users
// tune for legibility, with black or white text and a black-on-white or
// white-on-black selection. Warnings on a light background use 256-colour
// 130, a dark orange, because basic yellow is hard to read on white.
func highContrastPalette(isDark bool) Palette {
	pick := lipgloss.LightDark(isDark)
	ansi := func(light, dark string) color.Color { return pick(lipgloss.Color(light), lipgloss.Color(dark)) }
	return Palette{
		Text:       ansi("0", "15"),
		Muted:      ansi("8", "7"),
		Border:     ansi("0", "15"),
		Accent:     ansi("4", "14"),
		OK:         ansi("2", "10"),
		Warning:    ansi("130", "11"),
		Danger:     ansi("1", "9"),
		Revoked:    ansi("5", "13"),
		SelectedFg: ansi("15", "0"),
		SelectedBg: ansi("0", "15"),
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
