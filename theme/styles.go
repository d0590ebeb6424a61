package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Styles is every style the console draws with, built by New.
type Styles struct {
	IsDark  bool
	NoColor bool
	Palette Palette

	App   lipgloss.Style // the whole frame
	Title lipgloss.Style // screen and dialog titles
	Text  lipgloss.Style
	Muted lipgloss.Style
	Key   lipgloss.Style // a key name in hints and prompts

	Header       lipgloss.Style
	HeaderLabel  lipgloss.Style
	HeaderValue  lipgloss.Style
	HeaderWarn   lipgloss.Style // read-only and insecure marks
	Separator    lipgloss.Style // the line under the header
	TableHeader  lipgloss.Style // column titles
	TableCell    lipgloss.Style
	TableCursor  lipgloss.Style // the selected row
	TablePending lipgloss.Style // rows whose page is still loading

	// Status of a certificate. Each style is paired with a text label by the
	// caller, so the status reads without colour too.
	StatusValid    lipgloss.Style
	StatusExpiring lipgloss.Style
	StatusExpired  lipgloss.Style
	StatusRevoked  lipgloss.Style

	// Levels of the status line.
	Info    lipgloss.Style
	Success lipgloss.Style
	Warning lipgloss.Style
	Error   lipgloss.Style
	Spinner lipgloss.Style

	Dialog       lipgloss.Style // box around forms and confirmations
	DangerDialog lipgloss.Style // box around confirmations of destructive actions
	ErrorBox     lipgloss.Style
	FieldLabel   lipgloss.Style
	FieldFocused lipgloss.Style // label of the focused field
	FieldError   lipgloss.Style // inline validation message
	Choice       lipgloss.Style // an option in a picker
	ChoiceActive lipgloss.Style // the chosen option in a picker

	Help  help.Styles
	Input textinput.Styles // text fields: filter, forms, folder prompt
}

// New builds every style for a dark or light background. With noColor set,
// the styles carry no colour at all (the NO_COLOR convention) and keep only
// attributes such as bold and reverse, so selection and status still show.
func New(isDark, noColor bool) *Styles {
	return NewChosen(isDark, noColor, Choice{})
}

// NewChosen builds every style like New, from the palette of a chosen theme
// with its colour overrides. noColor wins over the choice.
func NewChosen(isDark, noColor bool, choice Choice) *Styles {
	p := choice.Palette(isDark)
	if noColor {
		p = noColorPalette()
	}

	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := &Styles{IsDark: isDark, NoColor: noColor, Palette: p}

	s.App = lipgloss.NewStyle()
	s.Title = fg(p.Accent).Bold(true)
	s.Text = fg(p.Text)
	s.Muted = fg(p.Muted)
	s.Key = fg(p.Accent).Bold(true)

	s.Header = lipgloss.NewStyle()
	s.HeaderLabel = fg(p.Muted)
	s.HeaderValue = fg(p.Text).Bold(true)
	s.HeaderWarn = fg(p.Warning).Bold(true)
	s.Separator = fg(p.Border)
	s.TableHeader = fg(p.Muted).Bold(true)
	s.TableCell = fg(p.Text)
	s.TableCursor = lipgloss.NewStyle().Foreground(p.SelectedFg).Background(p.SelectedBg).Bold(true)
	if noColor {
		s.TableCursor = s.TableCursor.Reverse(true)
	}
	s.TablePending = fg(p.Muted).Italic(true)

	s.StatusValid = fg(p.OK)
	s.StatusExpiring = fg(p.Warning).Bold(true)
	s.StatusExpired = fg(p.Danger).Bold(true)
	s.StatusRevoked = fg(p.Revoked)

	s.Info = fg(p.Text)
	s.Success = fg(p.OK)
	s.Warning = fg(p.Warning).Bold(true)
	s.Error = fg(p.Danger).Bold(true)
	s.Spinner = fg(p.Accent)

	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	s.Dialog = box.BorderForeground(p.Accent)
	s.DangerDialog = box.BorderForeground(p.Danger)
	s.ErrorBox = box.BorderForeground(p.Danger)
	s.FieldLabel = fg(p.Muted)
	s.FieldFocused = fg(p.Accent).Bold(true)
	s.FieldError = fg(p.Danger)
	s.Choice = fg(p.Muted)
	s.ChoiceActive = fg(p.Accent).Bold(true).Underline(true)

	s.Help = help.Styles{
		Ellipsis:       fg(p.Border),
		ShortKey:       fg(p.Accent),
		ShortDesc:      fg(p.Muted),
		ShortSeparator: fg(p.Border),
		FullKey:        fg(p.Accent).Bold(true),
		FullDesc:       fg(p.Text),
		FullSeparator:  fg(p.Border),
	}
	focused := textinput.StyleState{Text: fg(p.Text), Placeholder: fg(p.Muted), Suggestion: fg(p.Muted), Prompt: fg(p.Accent)}
	blurred := textinput.StyleState{Text: fg(p.Muted), Placeholder: fg(p.Muted), Suggestion: fg(p.Muted), Prompt: fg(p.Muted)}
	s.Input = textinput.Styles{
		Focused: focused,
		Blurred: blurred,
		Cursor:  textinput.CursorStyle{Color: p.Accent, Shape: tea.CursorBlock, Blink: true},
	}
	return s
}
