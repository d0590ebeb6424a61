// Package theme holds every colour and lipgloss style of the console. Colours
// are named by role, each with a value for light and for dark terminals; no
// other package writes a colour literal.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Palette is the set of role colours resolved for one background.
type Palette struct {
	Text       color.Color // primary text
	Muted      color.Color // secondary text, hints, placeholders
	Border     color.Color // box and separator lines
	Accent     color.Color // titles, keys, the focused field
	OK         color.Color // valid certificates, finished tasks
	Warning    color.Color // expiring certificates, warnings
	Danger     color.Color // expired certificates, errors, dangerous prompts
	Revoked    color.Color // revoked certificates
	SelectedFg color.Color // text of the selected row
	SelectedBg color.Color // background of the selected row
}

// pair is one role colour for light and dark backgrounds.
type pair struct{ light, dark string }

// Default role colours as hex pairs (light background, dark background). The
// light values are darker so they keep contrast on a white terminal.
var (
	textPair       = pair{"#1F2328", "#E6EDF3"}
	mutedPair      = pair{"#6E7781", "#8B949E"}
	borderPair     = pair{"#D0D7DE", "#3D444D"}
	accentPair     = pair{"#0969DA", "#58A6FF"}
	okPair         = pair{"#1A7F37", "#3FB950"}
	warningPair    = pair{"#9A6700", "#D29922"}
	dangerPair     = pair{"#CF222E", "#F85149"}
	revokedPair    = pair{"#8250DF", "#BC8CFF"}
	selectedFgPair = pair{"#FFFFFF", "#0D1117"}
	selectedBgPair = pair{"#0969DA", "#58A6FF"}
)

// NewPalette resolves the role colours for a dark or light background.
func NewPalette(isDark bool) Palette {
	pick := lipgloss.LightDark(isDark)
	resolve := func(p pair) color.Color {
		return pick(lipgloss.Color(p.light), lipgloss.Color(p.dark))
	}

	return Palette{
		Text:       resolve(textPair),
		Muted:      resolve(mutedPair),
		Border:     resolve(borderPair),
		Accent:     resolve(accentPair),
		OK:         resolve(okPair),
		Warning:    resolve(warningPair),
		Danger:     resolve(dangerPair),
		Revoked:    resolve(revokedPair),
		SelectedFg: resolve(selectedFgPair),
		SelectedBg: resolve(selectedBgPair),
	}
}

// noColorPalette uses lipgloss.NoColor for every role, so styles keep their
// bold, reverse and underline attributes but emit no colour at all.
func noColorPalette() Palette {
	none := lipgloss.NoColor{}
	return Palette{
		Text: none, Muted: none, Border: none, Accent: none, OK: none,
		Warning: none, Danger: none, Revoked: none, SelectedFg: none, SelectedBg: none,
	}
}
