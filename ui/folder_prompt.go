package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// folderKeys are the keys of a folder prompt.
type folderKeys struct {
	Save       key.Binding
	Yes        key.Binding
	Cancel     key.Binding
	ScrollUp   key.Binding // scroll the overwrite question; its help covers both
	ScrollDown key.Binding
}

// folderAnswer is the outcome of a key press in a folder prompt.
type folderAnswer int

const (
	folderEditing   folderAnswer = iota // still typing, or the folder was rejected
	folderCancelled                     // esc, or N to the overwrite question
	folderChosen                        // enter on a valid folder
	folderOverwrite                     // y to the overwrite question
)

// folderPrompt is the folder input, its error, the scrolling frame and the
// y/N overwrite question that the download and CA chain dialogs share. The
// dialog around it chooses what to save and writes the texts.
type folderPrompt struct {
	c     *Common
	width int
	keys  folderKeys

	input       textinput.Model
	inputOffset int // first rune of input in view; see escapedInputView
	errText     string
	frame       dialogFrame

	existsDir string // folder of the existing files while the overwrite question shows
	keepHelp  string // help text of the N key, such as "keep the file"
}

func newFolderPrompt(c *Common) folderPrompt {
	input := textinput.New()
	input.SetStyles(c.Styles.Input)
	input.Prompt = "> "
	input.CharLimit = 4096
	input.SetValue(startFolder(c))
	input.CursorEnd()
	input.Focus()
	dropStaleStatus(c)

	return folderPrompt{
		c:     c,
		input: input,
		keys: folderKeys{
			Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
			Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "overwrite"), key.WithDisabled()),
			Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
			// Only the overwrite question scrolls by key, because the
			// prompt's window follows its input.
			ScrollUp:   key.NewBinding(key.WithKeys("up", "pgup"), key.WithHelp("↑/↓", "scroll"), key.WithDisabled()),
			ScrollDown: key.NewBinding(key.WithKeys("down", "pgdown"), key.WithDisabled()),
		},
	}
}

// startFolder returns the folder a new prompt starts from: the folder of the
// last successful save in this session, else --download-dir, else ".".
func startFolder(c *Common) string {
	switch {
	case c.lastFolder != "":
		return c.lastFolder
	case c.Opts.DownloadDir != "":
		return c.Opts.DownloadDir
	}
	return "."
}

// rememberFolder records the folder of a successful save, so the next
// prompt starts there.
func (c *Common) rememberFolder(dir string) {
	c.lastFolder = dir
}

// dropStaleStatus clears the status line when a folder dialog opens or
// shows its own error. Otherwise a message such as "Saved cert.pem" from an
// earlier save reads as the outcome of this one.
func dropStaleStatus(c *Common) {
	c.status.text = ""
}

// askOverwrite turns the prompt into the overwrite question for dir.
// keepHelp is the help text of the N key.
func (p *folderPrompt) askOverwrite(dir, keepHelp string) {
	p.existsDir, p.keepHelp = dir, keepHelp
	p.input.Blur()
	p.keys.Save.SetEnabled(false)
	p.keys.Yes.SetEnabled(true)
	p.keys.ScrollUp.SetEnabled(true)
	p.keys.ScrollDown.SetEnabled(true)
	p.frame.offset = 0
	p.keys.Cancel = key.NewBinding(key.WithKeys("esc", "n", "N"), key.WithHelp("N/esc", keepHelp))
}

// asking reports whether the overwrite question shows.
func (p *folderPrompt) asking() bool {
	return p.existsDir != ""
}

// SetSize sets the room the dialog may use.
func (p *folderPrompt) SetSize(width, height int) {
	p.width, p.frame.height = width, height
	p.input.SetWidth(max(min(width-10, 60), 10))

	// The input computes its visible window only when the cursor moves, and
	// the prompt may open with a long folder filled in before any width
	// was set. Moving the cursor to the end and back fits the window to the
	// new width with the cursor in view.
	pos := p.input.Position()
	p.input.CursorEnd()
	p.input.SetCursor(pos)
}

// Update edits the folder or answers the overwrite question. The folder
// comes back with folderChosen, and the folder of the existing files with
// folderOverwrite.
func (p *folderPrompt) Update(msg tea.Msg) (folderAnswer, string, tea.Cmd) {
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && key.Matches(k, p.keys.Cancel):
		return folderCancelled, "", nil
	case isKey && key.Matches(k, p.keys.Yes):
		return folderOverwrite, p.existsDir, nil
	case isKey && key.Matches(k, p.keys.ScrollUp):
		p.frame.scroll(-1)
		return folderEditing, "", nil
	case isKey && key.Matches(k, p.keys.ScrollDown):
		p.frame.scroll(1)
		return folderEditing, "", nil
	case isKey && key.Matches(k, p.keys.Save):
		dir, err := resolveFolder(p.input.Value())
		if err != nil {
			p.errText = sanitize.Text(err.Error())
			dropStaleStatus(p.c)
			return folderEditing, "", nil
		}
		return folderChosen, dir, nil
	case !p.asking():
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return folderEditing, "", cmd
	}
	return folderEditing, "", nil
}

// textWidth is the width of wrapped text in the dialog.
func (p *folderPrompt) textWidth() int {
	return dialogTextWidth(p.width)
}

// viewPrompt draws the folder prompt: the title, the intro lines, the
// label, the input, the note and the error. The frame keeps the label and
// what follows it in view.
func (p *folderPrompt) viewPrompt(title, label, note string, intro ...string) string {
	st := p.c.Styles
	w := p.textWidth()
	lines := []string{st.Title.Render(title), ""}
	lines = append(lines, intro...)
	labelAt := len(lines)
	lines = append(lines,
		st.FieldLabel.Render(label),
		escapedInputView(p.input, &p.inputOffset),
		st.Muted.Width(w).Render(note),
	)
	if p.errText != "" {
		lines = append(lines, st.FieldError.Width(w).Render(p.errText))
	}
	p.frame.muted = st.Muted
	p.frame.keys = "" // the window follows the input, with no scroll keys
	return p.frame.renderFollowing(st.Dialog, lines, nil, labelAt, len(lines)-1)
}

// viewQuestion draws the overwrite question: the warning title, the
// question lines and the y/N keys. On a small terminal the title and the
// keys stay in view, and the question, which names a folder of any
// length, scrolls between them.
func (p *folderPrompt) viewQuestion(title string, question ...string) string {
	st := p.c.Styles
	header := []string{st.Warning.Render(title), ""}
	footer := []string{"", st.Key.Render("y") + st.Text.Render(" overwrite   ") + st.Key.Render("N") + st.Text.Render(" "+p.keepHelp)}
	p.frame.muted = st.Muted
	p.frame.keys = "↑/↓ scroll"
	return p.frame.renderPinned(st.DangerDialog, header, question, footer, -1, -1)
}

// shownDir returns the folder of the existing files as the question draws
// it, with invisible characters escaped.
func (p *folderPrompt) shownDir() string {
	return sanitize.Text(p.existsDir)
}

// ShortHelp lists the prompt's keys for the hint bar.
func (p *folderPrompt) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Save, p.keys.Yes, p.keys.Cancel}
}

// FullHelp lists the prompt's keys for the help overlay.
func (p *folderPrompt) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.ShortHelp(), {p.keys.ScrollUp}}
}
