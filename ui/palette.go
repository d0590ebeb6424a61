package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// paletteCommands are the palette's commands with their descriptions.
var paletteCommands = []struct{ name, desc string }{
	{"domains", "show the domains"},
	{"certs", "show the certificates of the open domain"},
	{"ca", "show the service's CA chain"},
	{"profile", "switch to another config profile: profile NAME"},
	{"login", "log in to the users service again"},
	{"quit", "quit certs-tui"},
}

// paletteMatchesShown is how many completions the palette lists below the prompt.
const paletteMatchesShown = 6

// paletteKeys are the keys of the command palette.
type paletteKeys struct {
	Run      key.Binding
	Complete key.Binding
	Cancel   key.Binding
}

// paletteDialog is the command prompt opened with ":". tab completes the
// command or profile name shown in grey.
type paletteDialog struct {
	c       *Common
	width   int
	input   textinput.Model
	keys    paletteKeys
	errText string
}

func newPaletteDialog(c *Common) *paletteDialog {
	input := textinput.New()
	input.SetStyles(c.Styles.Input)
	input.Prompt = ":"
	input.Placeholder = "domains, certs, ca, quit"
	if c.Opts.SwitchProfile != nil {
		input.Placeholder = "domains, certs, ca, profile NAME, quit"
	}
	input.CharLimit = 256
	input.ShowSuggestions = true
	input.SetSuggestions(paletteSuggestions(c.Opts))
	input.Focus()

	return &paletteDialog{
		c:     c,
		input: input,
		keys: paletteKeys{
			Run:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
			Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
			Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
	}
}

// paletteSuggestions lists every complete command line the palette offers,
// one "profile NAME" per config profile when switching is possible.
func paletteSuggestions(opts Options) []string {
	var out []string
	for _, cmd := range paletteCommands {
		if cmd.name == "login" && opts.UsersURL == "" {
			continue
		}
		if cmd.name == "profile" {
			if opts.SwitchProfile == nil {
				continue
			}
			for _, name := range opts.Profiles {
				out = append(out, "profile "+name)
			}
			continue
		}
		out = append(out, cmd.name)
	}
	return out
}

// SetSize sets the room the dialog may use.
func (d *paletteDialog) SetSize(width, _ int) {
	d.width = width
	d.input.SetWidth(max(min(width-10, 60), 10))
}

// Update edits the command line, runs it on enter, or cancels.
func (d *paletteDialog) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Cancel):
			return d.c.nav.closeDialog()
		case key.Matches(k, d.keys.Run):
			return d.run(strings.TrimSpace(d.input.Value()))
		}
	}

	// Editing clears an old error; other messages, such as cursor blinks,
	// keep it.
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		d.errText = ""
	}
	return cmd
}

// run parses and starts a command. An unknown command keeps the palette
// open with a message.
func (d *paletteDialog) run(line string) tea.Cmd {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return d.c.nav.closeDialog()
	}

	name, args := fields[0], fields[1:]
	switch {
	case name == "profile" && d.c.Opts.SwitchProfile == nil:
		d.errText = "Profile switching needs a config file with profiles; start certs-tui with --profile NAME instead"
		return nil
	case name == "profile" && len(args) != 1:
		d.errText = "Name one profile: profile NAME (" + d.profileList() + ")"
		return nil
	case name == "profile":
		d.c.nav.closeDialog()
		return d.c.nav.runPalette(name, args[0])
	case name == "login" && d.c.Opts.UsersURL == "":
		d.errText = "This profile uses a fixed token; name a users_url in the profile to log in"
		return nil
	case len(args) > 0:
		d.errText = fmt.Sprintf("%q takes no argument; remove %q", name, strings.Join(args, " "))
		return nil
	}

	available := d.available()
	for _, cmd := range available {
		if cmd == name {
			d.c.nav.closeDialog()
			return d.c.nav.runPalette(name, "")
		}
	}
	d.errText = fmt.Sprintf("Unknown command %q; the commands are %s", sanitize.Text(name), strings.Join(available, ", "))
	return nil
}

// available lists the commands this console offers, "profile" and "login"
// only when a profile switch or a users service is configured.
func (d *paletteDialog) available() []string {
	var names []string
	for _, cmd := range paletteCommands {
		switch {
		case cmd.name == "profile" && d.c.Opts.SwitchProfile == nil:
		case cmd.name == "login" && d.c.Opts.UsersURL == "":
		case cmd.name == "profile":
			names = append(names, "profile NAME")
		default:
			names = append(names, cmd.name)
		}
	}
	return names
}

func (d *paletteDialog) profileList() string {
	if len(d.c.Opts.Profiles) == 0 {
		return "the config file has no profiles"
	}
	return "profiles: " + sanitize.Text(strings.Join(d.c.Opts.Profiles, ", "))
}

// View draws the prompt, the matching commands and any error.
func (d *paletteDialog) View() string {
	st := d.c.Styles
	lines := []string{st.Title.Render("Command"), d.input.View()}

	matches := d.input.MatchedSuggestions()
	if strings.TrimSpace(d.input.Value()) == "" {
		matches = d.input.AvailableSuggestions()
	}
	for i, m := range matches {
		if i == paletteMatchesShown {
			lines = append(lines, st.Muted.Render(fmt.Sprintf("…%d more", len(matches)-i)))
			break
		}
		lines = append(lines, st.Muted.Render("  "+sanitize.Text(m)))
	}
	if d.errText != "" {
		lines = append(lines, st.FieldError.Render(wrapWords(d.errText, dialogTextWidth(d.width))))
	}
	return st.Dialog.Render(strings.Join(lines, "\n"))
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *paletteDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Run, d.keys.Complete, d.keys.Cancel}
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *paletteDialog) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.ShortHelp()}
}
