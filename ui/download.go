package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// downloadKeys are the keys of the download dialog.
type downloadKeys struct {
	Save   key.Binding
	Yes    key.Binding
	Cancel key.Binding
}

// downloadDialog prompts for the folder of a bundle, and for confirmation
// before overwriting files that exist.
type downloadDialog struct {
	c        *Common
	width    int
	domainID string
	row      certRow
	keys     downloadKeys

	folder  textinput.Model
	errText string
	frame   dialogFrame

	// Set when the save found existing files. The dialog then prompts y/N,
	// and y saves this bundle again with overwrite on.
	existing *client.Bundle
	dir      string
}

func newDownloadDialog(c *Common, domainID string, row certRow) *downloadDialog {
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

	return &downloadDialog{
		c:        c,
		domainID: domainID,
		row:      row,
		folder:   folder,
		keys: downloadKeys{
			Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
			Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "overwrite"), key.WithDisabled()),
			Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
	}
}

// newOverwriteDialog prompts whether to replace the files a save found.
func newOverwriteDialog(c *Common, done actionDoneMsg) *downloadDialog {
	a := done.action
	d := newDownloadDialog(c, a.domainID, rowForIDs(a.serial, a.entity))
	d.folder.SetValue(a.dir)
	d.existing, d.dir = done.bundle, a.dir

	d.keys.Save.SetEnabled(false)
	d.keys.Yes.SetEnabled(true)
	d.keys.Cancel = key.NewBinding(key.WithKeys("esc", "n", "N"), key.WithHelp("N/esc", "keep the files"))
	return d
}

// SetSize sets the room the dialog may use.
func (d *downloadDialog) SetSize(width, height int) {
	d.width, d.frame.height = width, height
	d.folder.SetWidth(max(min(width-10, 60), 10))
}

// Update edits the folder, saves, or answers the overwrite question.
func (d *downloadDialog) Update(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && key.Matches(k, d.keys.Cancel):
		return d.c.nav.closeDialog()
	case isKey && key.Matches(k, d.keys.Yes):
		a := d.baseAction(d.dir)
		a.overwrite, a.bundle = true, d.existing
		d.c.nav.closeDialog()
		return d.c.runAction(a)
	case isKey && key.Matches(k, d.keys.Save):
		dir, err := resolveFolder(d.folder.Value())
		if err != nil {
			d.errText = sanitize.Text(err.Error())
			dropStaleStatus(d.c)
			return nil
		}
		d.c.nav.closeDialog()
		return d.c.runAction(d.baseAction(dir))
	case d.existing == nil:
		var cmd tea.Cmd
		d.folder, cmd = d.folder.Update(msg)
		return cmd
	}
	return nil
}

// dropStaleStatus clears the status line when a folder dialog opens or
// shows its own error. Otherwise a message such as "Saved cert.pem" from an
// earlier save reads as the outcome of this one.
func dropStaleStatus(c *Common) {
	c.status.text = ""
}

func (d *downloadDialog) baseAction(dir string) action {
	return action{kind: actionDownload, domainID: d.domainID, serial: d.row.apiSerial, entity: d.row.apiEntity, dir: dir}
}

// View draws the prompt or the overwrite question.
func (d *downloadDialog) View() string {
	st := d.c.Styles
	w := dialogTextWidth(d.width)
	if d.existing != nil {
		lines := []string{
			st.Warning.Render("Files exist"),
			"",
			st.Text.Width(w).Render("The bundle of " + d.row.entity + " already exists in " + d.dir + "."),
			st.Text.Render("Overwrite cert.pem, key.pem and ca.pem?"),
			"",
			st.Key.Render("y") + st.Text.Render(" overwrite   ") + st.Key.Render("N") + st.Text.Render(" keep the files"),
		}
		return st.DangerDialog.Render(strings.Join(lines, "\n"))
	}

	lines := []string{
		st.Title.Render("Download bundle"),
		"",
		st.Text.Width(w).Render("Certificate, private key and CA chain of " + d.row.entity + " (serial " + shortSerial(d.row.serial, 24) + ")"),
		st.FieldLabel.Render("Save into folder:"),
		d.folder.View(),
		st.Muted.Width(w).Render("The private key file gets mode 0600; existing files are never replaced without asking."),
	}
	if d.errText != "" {
		lines = append(lines, st.FieldError.Width(w).Render(d.errText))
	}
	d.frame.muted = st.Muted
	return d.frame.renderFollowing(st.Dialog, lines, nil, 3, len(lines)-1)
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *downloadDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Save, d.keys.Yes, d.keys.Cancel}
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *downloadDialog) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.ShortHelp()}
}
