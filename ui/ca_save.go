package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// caSavedMsg is the result of writing ca.pem.
type caSavedMsg struct {
	task  int
	chain client.CAChain // kept to save again after a confirmed overwrite
	dir   string
	path  string
	err   error
}

// saveCAChainCmd writes the chain as ca.pem in dir through the client's safe
// writes: a synced temporary file takes the name, and an existing file is
// replaced only when overwrite is set.
func saveCAChainCmd(task int, chain client.CAChain, dir string, overwrite bool) tea.Cmd {
	return func() tea.Msg {
		path, err := client.SaveCAChain(dir, chain, overwrite)
		return caSavedMsg{task: task, chain: chain, dir: dir, path: path, err: err}
	}
}

// caSaveDialog prompts for the folder of ca.pem, and for confirmation
// before overwriting an existing ca.pem.
type caSaveDialog struct {
	c     *Common
	width int
	chain client.CAChain
	keys  downloadKeys

	folder    textinput.Model
	errText   string
	frame     dialogFrame
	existsDir string // folder of the existing ca.pem while the overwrite question shows
}

func newCASaveDialog(c *Common, chain client.CAChain) *caSaveDialog {
	folder := textinput.New()
	folder.SetStyles(c.Styles.Input)
	folder.Prompt = "> "
	folder.CharLimit = 4096
	folder.SetValue(c.Opts.DownloadDir)
	if folder.Value() == "" {
		folder.SetValue(".")
	}
	folder.CursorEnd()
	folder.Focus()
	dropStaleStatus(c)

	return &caSaveDialog{
		c:      c,
		chain:  chain,
		folder: folder,
		keys: downloadKeys{
			Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
			Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "overwrite"), key.WithDisabled()),
			Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
	}
}

// askOverwrite turns the dialog into the overwrite question for dir.
func (d *caSaveDialog) askOverwrite(dir string) {
	d.existsDir = dir
	d.folder.Blur()
	d.keys.Save.SetEnabled(false)
	d.keys.Yes.SetEnabled(true)
	d.keys.Cancel = key.NewBinding(key.WithKeys("esc", "n", "N"), key.WithHelp("N/esc", "keep the file"))
}

// SetSize sets the room the dialog may use.
func (d *caSaveDialog) SetSize(width, height int) {
	d.width, d.frame.height = width, height
	d.folder.SetWidth(max(min(width-10, 60), 10))
}

// Update edits the folder, saves, or handles the overwrite question.
func (d *caSaveDialog) Update(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && key.Matches(k, d.keys.Cancel):
		return d.c.nav.closeDialog()
	case isKey && key.Matches(k, d.keys.Yes):
		d.c.nav.closeDialog()
		return d.save(d.existsDir, true)
	case isKey && key.Matches(k, d.keys.Save):
		dir, err := resolveFolder(d.folder.Value())
		if err != nil {
			d.errText = sanitize.Text(err.Error())
			dropStaleStatus(d.c)
			return nil
		}
		d.c.nav.closeDialog()
		return d.save(dir, false)
	case d.existsDir == "":
		var cmd tea.Cmd
		d.folder, cmd = d.folder.Update(msg)
		return cmd
	}
	return nil
}

func (d *caSaveDialog) save(dir string, overwrite bool) tea.Cmd {
	id, tick := d.c.tasks.start("Saving ca.pem in " + dir + "…")
	return tea.Batch(tick, saveCAChainCmd(id, d.chain, dir, overwrite))
}

// View draws the prompt or the overwrite question.
func (d *caSaveDialog) View() string {
	st := d.c.Styles
	w := dialogTextWidth(d.width)
	if d.existsDir != "" {
		lines := []string{
			st.Warning.Render("File exists"),
			"",
			st.Text.Width(w).Render("ca.pem already exists in " + d.existsDir + ". Overwrite it?"),
			"",
			st.Key.Render("y") + st.Text.Render(" overwrite   ") + st.Key.Render("N") + st.Text.Render(" keep the file"),
		}
		return st.DangerDialog.Render(strings.Join(lines, "\n"))
	}

	lines := []string{
		st.Title.Render("Save the CA chain"),
		"",
		st.FieldLabel.Render("Save ca.pem into folder:"),
		d.folder.View(),
		st.Muted.Width(w).Render("An existing ca.pem is never replaced without asking."),
	}
	if d.errText != "" {
		lines = append(lines, st.FieldError.Width(w).Render(d.errText))
	}
	d.frame.muted = st.Muted
	return d.frame.renderFollowing(st.Dialog, lines, nil, 2, len(lines)-1)
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *caSaveDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Save, d.keys.Yes, d.keys.Cancel}
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *caSaveDialog) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.ShortHelp()}
}
