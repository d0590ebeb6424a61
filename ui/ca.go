package ui

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// caKeys are the keys only the CA screen has.
type caKeys struct {
	Save key.Binding
}

// caScreen shows the service's CA chain, fetched through the CA token flow
// and cached for the session, and saves it as ca.pem.
type caScreen struct {
	c    *Common
	keys caKeys
	view viewport.Model

	width, height int
}

func newCAScreen(c *Common) *caScreen {
	view := viewport.New()
	view.MouseWheelEnabled = true
	return &caScreen{
		c:    c,
		keys: caKeys{Save: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "save ca.pem"))},
		view: view,
	}
}

// Init fetches the CA chain unless the session has it.
func (s *caScreen) Init() tea.Cmd {
	s.refreshContent()
	return s.c.requestCAChain(false)
}

// SetSize gives the screen its body area: a title line and the view.
func (s *caScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.view.SetWidth(width)
	s.view.SetHeight(max(height-1, 1))
	s.refreshContent()
}

// Update handles the chain, save results and keys.
func (s *caScreen) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case caSavedMsg:
		cmd = s.handleSaved(msg)
	case tea.MouseWheelMsg:
		s.view, cmd = s.view.Update(msg)
	case tea.KeyPressMsg:
		cmd = s.handleKey(msg)
	}

	s.refreshContent()
	return cmd
}

func (s *caScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		return s.c.nav.closeCA()
	case key.Matches(msg, k.Refresh):
		return s.c.requestCAChain(true)
	case key.Matches(msg, s.keys.Save):
		chain := s.chain()
		if chain == nil {
			return s.c.status.set(levelWarning, "The CA chain is not loaded yet; wait for it or press ctrl+r")
		}
		return s.c.nav.openDialog(newCASaveDialog(s.c, *chain))
	default:
		scrollByKey(&s.view, &s.c.Keys.Move, msg)
	}
	return nil
}

// handleSaved reports a save, or turns existing files into the overwrite
// question.
func (s *caScreen) handleSaved(msg caSavedMsg) tea.Cmd {
	s.c.tasks.finish(msg.task)
	switch {
	case msg.err == nil:
		s.c.Logger.Info("CA chain saved", "path", msg.path)
		s.c.rememberFolder(msg.dir)
		return s.c.status.set(levelSuccess, "Saved the CA chain to "+sanitize.Text(msg.path))
	case errors.Is(msg.err, client.ErrExists):
		dialog := newCASaveDialog(s.c, msg.chain)
		dialog.askOverwrite(msg.dir)
		return tea.Batch(s.c.nav.openDialog(dialog), s.c.status.set(levelWarning, "ca.pem already exists in "+sanitize.Text(msg.dir)))
	}
	s.c.Logger.Warn("CA chain save failed", "dir", msg.dir, "err", msg.err)
	return s.c.status.set(levelError, describeError("Saving ca.pem in "+sanitize.Text(msg.dir), msg.err))
}

// chain returns the cached chain, or nil while it is missing.
func (s *caScreen) chain() *client.CAChain {
	if s.c.ca == nil {
		return nil
	}
	return s.c.ca.chain
}

// View draws the title line and the scrollable chain.
func (s *caScreen) View() string {
	st := s.c.Styles
	title := st.Title.Render("CA chain of the service")
	if chain := s.chain(); chain != nil {
		title += st.Muted.Render(fmt.Sprintf(" · %d certificates, issuing CA first", len(chain.Certificates)))
	}
	return ansi.Truncate(title, s.width, "…") + "\n" + s.view.View()
}

func (s *caScreen) refreshContent() {
	if s.width == 0 {
		return
	}
	offset := s.view.YOffset()
	s.view.SetContent(s.content())
	s.view.SetYOffset(offset)
}

// content lists every CA certificate with its fields.
func (s *caScreen) content() string {
	st := s.c.Styles
	ca := s.c.ca
	switch {
	case ca == nil || ca.loading:
		return st.Muted.Render("Downloading the CA chain…")
	case ca.err != nil:
		return errorBox(s.c, "Could not download the CA chain",
			describeError("Downloading the CA chain", ca.err), "ctrl+r retry · esc back", s.width)
	case ca.chain == nil:
		return st.Muted.Render("No CA chain yet; press ctrl+r to download it.")
	}

	now := s.c.Now()
	var lines []string
	for i, cert := range ca.chain.Certificates {
		role := caRole(i, cert)
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, st.Title.Render(fmt.Sprintf("%d. %s", i+1, role)))

		serial := cert.SerialNumber.String()
		lines = append(lines,
			detailsField(s.c, s.width, "Serial (decimal)", serial),
			detailsField(s.c, s.width, "Serial (hex)", colonHex(cert.SerialNumber.Bytes())),
			detailsField(s.c, s.width, "Not before", expiryText(cert.NotBefore)+" UTC"),
			detailsField(s.c, s.width, "Not after", expiryText(cert.NotAfter)+" UTC ("+timeLeft(cert.NotAfter, now)+")"),
		)
		for _, f := range x509Fields(cert) {
			lines = append(lines, detailsField(s.c, s.width, f.label, f.value))
		}
	}

	lines = append(lines, "", st.Muted.Render("d saves the chain as ca.pem; ctrl+r downloads it again."))
	return strings.Join(lines, "\n")
}

// ShortHelp lists the keys for the hint bar.
func (s *caScreen) ShortHelp() []key.Binding {
	k := s.c.Keys
	return []key.Binding{k.Move.Up, k.Move.Down, s.keys.Save, k.Refresh, k.Back, k.Help}
}

// FullHelp lists every key of the screen for the help overlay.
func (s *caScreen) FullHelp() [][]key.Binding {
	k, m := s.c.Keys, s.c.Keys.Move
	return [][]key.Binding{
		{m.Up, m.Down, m.PageUp, m.PageDown, m.Home, m.End},
		{s.keys.Save, k.Refresh, k.Palette},
		{k.Back, k.Help, k.ForceQuit},
	}
}

// caRole names what a certificate of the CA chain is, from the certificate
// itself rather than its place: a self-signed one is a root, even when it
// is the only one and so also issues the certificates. index is its place
// in the chain, issuing CA first.
func caRole(index int, cert *x509.Certificate) string {
	selfSigned := bytes.Equal(cert.RawSubject, cert.RawIssuer) && cert.CheckSignatureFrom(cert) == nil
	switch {
	case selfSigned && index == 0:
		return "root CA, which issues the certificates"
	case selfSigned:
		return "root CA"
	case index == 0:
		return "issuing CA"
	}
	return "intermediate CA"
}
