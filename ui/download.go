package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// downloadDialog prompts for the folder of a bundle, and for confirmation
// before overwriting files that exist.
type downloadDialog struct {
	c        *Common
	domainID string
	row      certRow
	prompt   folderPrompt

	// Set when the save found existing files. The dialog then prompts y/N,
	// and y saves this bundle again with overwrite on.
	existing *client.Bundle
}

func newDownloadDialog(c *Common, domainID string, row certRow) *downloadDialog {
	return &downloadDialog{c: c, domainID: domainID, row: row, prompt: newFolderPrompt(c)}
}

// newOverwriteDialog prompts whether to replace the files a save found.
func newOverwriteDialog(c *Common, done actionDoneMsg) *downloadDialog {
	a := done.action
	d := newDownloadDialog(c, a.domainID, rowForIDs(a.serial, a.entity))
	d.prompt.input.SetValue(a.dir)
	d.existing = done.bundle
	d.prompt.askOverwrite(a.dir, "keep the files")
	return d
}

// SetSize sets the room the dialog may use.
func (d *downloadDialog) SetSize(width, height int) {
	d.prompt.SetSize(width, height)
}

// Update edits the folder, saves, or answers the overwrite question.
func (d *downloadDialog) Update(msg tea.Msg) tea.Cmd {
	answer, dir, cmd := d.prompt.Update(msg)
	switch answer {
	case folderCancelled:
		return d.c.nav.closeDialog()
	case folderOverwrite:
		a := d.baseAction(dir)
		a.overwrite, a.bundle = true, d.existing
		d.c.nav.closeDialog()
		return d.c.runAction(a)
	case folderChosen:
		d.c.nav.closeDialog()
		return d.c.runAction(d.baseAction(dir))
	}
	return cmd
}

func (d *downloadDialog) baseAction(dir string) action {
	return action{kind: actionDownload, domainID: d.domainID, serial: d.row.apiSerial, entity: d.row.apiEntity, dir: dir}
}

// View draws the prompt or the overwrite question.
func (d *downloadDialog) View() string {
	st := d.c.Styles
	w := d.prompt.textWidth()
	if d.prompt.asking() {
		return d.prompt.viewQuestion("Files exist",
			st.Text.Width(w).Render("The bundle of "+d.row.entity+" already exists in "+d.prompt.shownDir()+"."),
			st.Text.Render("Overwrite cert.pem, key.pem and ca.pem?"))
	}
	return d.prompt.viewPrompt("Download bundle", "Save into folder:",
		"The private key file gets mode 0600; existing files are never replaced without asking.",
		st.Text.Width(w).Render("Certificate, private key and CA chain of "+d.row.entity+" (serial "+shortSerial(d.row.serial, 24)+")"))
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *downloadDialog) ShortHelp() []key.Binding {
	return d.prompt.ShortHelp()
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *downloadDialog) FullHelp() [][]key.Binding {
	return d.prompt.FullHelp()
}
