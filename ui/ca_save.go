package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
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
	c      *Common
	chain  client.CAChain
	prompt folderPrompt
}

func newCASaveDialog(c *Common, chain client.CAChain) *caSaveDialog {
	return &caSaveDialog{c: c, chain: chain, prompt: newFolderPrompt(c)}
}

// askOverwrite turns the dialog into the overwrite question for dir.
func (d *caSaveDialog) askOverwrite(dir string) {
	d.prompt.askOverwrite(dir, "keep the file")
}

// SetSize sets the room the dialog may use.
func (d *caSaveDialog) SetSize(width, height int) {
	d.prompt.SetSize(width, height)
}

// Update edits the folder, saves, or handles the overwrite question.
func (d *caSaveDialog) Update(msg tea.Msg) tea.Cmd {
	answer, dir, cmd := d.prompt.Update(msg)
	switch answer {
	case folderCancelled:
		return d.c.nav.closeDialog()
	case folderOverwrite:
		d.c.nav.closeDialog()
		return d.save(dir, true)
	case folderChosen:
		d.c.nav.closeDialog()
		return d.save(dir, false)
	}
	return cmd
}

func (d *caSaveDialog) save(dir string, overwrite bool) tea.Cmd {
	id, tick := d.c.tasks.start("Saving ca.pem in " + dir + "…")
	return tea.Batch(tick, saveCAChainCmd(id, d.chain, dir, overwrite))
}

// View draws the prompt or the overwrite question.
func (d *caSaveDialog) View() string {
	st := d.c.Styles
	w := d.prompt.textWidth()
	if d.prompt.asking() {
		return d.prompt.viewQuestion("File exists",
			st.Text.Width(w).Render("ca.pem already exists in "+d.prompt.shownDir()+". Overwrite it?"))
	}
	return d.prompt.viewPrompt("Save the CA chain", "Save ca.pem into folder:",
		"An existing ca.pem is never replaced without asking.")
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *caSaveDialog) ShortHelp() []key.Binding {
	return d.prompt.ShortHelp()
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *caSaveDialog) FullHelp() [][]key.Binding {
	return d.prompt.FullHelp()
}
