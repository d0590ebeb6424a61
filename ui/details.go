package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// detailsKeys are the keys only the details screen has.
type detailsKeys struct {
	CopySerial  key.Binding
	CopyPEM     key.Binding
	RenewedFrom key.Binding
	RenewedBy   key.Binding
}

func newDetailsKeys() detailsKeys {
	return detailsKeys{
		CopySerial:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy serial")),
		CopyPEM:     key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "copy PEM")),
		RenewedFrom: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "open renewed-from")),
		RenewedBy:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "open renewed-by")),
	}
}

// detailsScreen shows everything about one certificate: its X.509 fields,
// its status against the service's CA chain and OCSP responder, its renewal
// links and its PEM, in one scrollable view.
type detailsScreen struct {
	c        *Common
	domainID string
	row      certRow // the certificate as the list showed it; serial and entity are sanitized

	cert    *client.Certificate // nil until loaded
	loadErr error

	chain       chainStatus
	chainDetail string

	ocspRequested bool
	ocspStatus    *client.OCSPStatus
	ocspErr       error
	ocspSkip      string // reason OCSP was not requested; empty when it was

	successor     string
	successorDone bool
	successorAll  bool // the whole entity was searched
	successorErr  error

	keys      detailsKeys
	hexAtOpen bool // the serial form when the page opened
	view      viewport.Model

	width, height int
}

func newDetailsScreen(c *Common, domainID string, row certRow) *detailsScreen {
	view := viewport.New()
	view.MouseWheelEnabled = true
	return &detailsScreen{c: c, domainID: domainID, row: row, keys: newDetailsKeys(), view: view, hexAtOpen: c.hexSerials}
}

// Init fetches the certificate, searches for its successor and makes sure
// the CA chain is on its way.
func (s *detailsScreen) Init() tea.Cmd {
	s.refreshContent()
	return tea.Batch(
		getCertCmd(s.c.Ctx, s.c.Client, s.domainID, s.row.apiSerial),
		successorCmd(s.c.Ctx, s.c.Client, s.domainID, s.row.apiEntity, s.row.apiSerial),
		s.c.requestCAChain(false),
		s.check(),
	)
}

// SetSize gives the screen its body area: a title line and the view.
func (s *detailsScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.view.SetWidth(width)
	s.view.SetHeight(max(height-1, 1))
	s.refreshContent()
}

// Update handles the results of its calls, the action results and keys.
func (s *detailsScreen) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case detailsCertMsg:
		cmd = s.handleCert(msg)
	case caChainMsg:
		cmd = s.check()
	case ocspMsg:
		if msg.serial == s.row.apiSerial {
			s.ocspErr = msg.err
			s.ocspStatus = nil
			if msg.err == nil {
				s.ocspStatus = &msg.status
			}
		}
	case successorMsg:
		if msg.serial == s.row.apiSerial {
			s.successorDone = true
			s.successor, s.successorAll, s.successorErr = msg.successor, msg.complete, msg.err
		}
	case actionDoneMsg:
		cmd = s.handleActionDone(msg)
	case tea.MouseWheelMsg:
		s.view, cmd = s.view.Update(msg)
	case tea.KeyPressMsg:
		cmd = s.handleKey(msg)
	}

	s.refreshContent()
	return cmd
}

func (s *detailsScreen) handleCert(msg detailsCertMsg) tea.Cmd {
	if msg.serial != s.row.apiSerial {
		return nil
	}
	if msg.err != nil {
		s.c.Logger.Warn("certificate details failed", "domain", s.domainID, "serial", s.row.serial, "err", msg.err)
		s.loadErr = msg.err
		return nil
	}

	cert := msg.cert
	s.cert, s.loadErr = &cert, nil
	s.row = newCertRow(cert)
	s.row.apiSerial = msg.serial // the key of every reply to this screen
	if cert.CertErr != nil {
		s.c.Logger.Warn("certificate PEM is invalid", "domain", s.domainID, "serial", s.row.serial, "err", cert.CertErr)
	}
	return s.check()
}

// check verifies the certificate against the cached CA chain once both are
// here, and then queries the OCSP responder once.
func (s *detailsScreen) check() tea.Cmd {
	ca := s.c.ca
	switch {
	case s.cert == nil || ca == nil || ca.loading:
		return nil
	case s.cert.Cert == nil:
		s.chain, s.chainDetail = chainInvalid, "the service sent no parsable certificate"
		s.ocspSkip = "no parsable certificate to ask about"
		return nil
	case ca.err != nil:
		s.chain, s.chainDetail = chainUnavailable, describeError("Downloading the CA chain", ca.err)
		s.ocspSkip = "the CA chain, which names the OCSP signer, could not be downloaded"
		return nil
	}

	s.chain, s.chainDetail = verifyChain(s.cert.Cert, ca.chain.Certificates, s.c.Now())
	if s.ocspRequested {
		return nil
	}

	issuer := findIssuer(s.cert.Cert, ca.chain.Certificates)
	if issuer == nil {
		s.ocspSkip = "no certificate of the CA chain signed this one"
		return nil
	}
	s.ocspRequested, s.ocspSkip = true, ""
	return ocspCmd(s.c.Ctx, s.c.Client, s.row.apiSerial, s.cert.Cert, issuer)
}

// reload fetches the certificate, its OCSP status and its successor again.
// A CA chain that failed to download is fetched again too.
func (s *detailsScreen) reload() tea.Cmd {
	s.ocspRequested, s.ocspStatus, s.ocspErr = false, nil, nil
	s.successorDone = false
	forceCA := s.c.ca != nil && s.c.ca.err != nil
	return tea.Batch(
		getCertCmd(s.c.Ctx, s.c.Client, s.domainID, s.row.apiSerial),
		successorCmd(s.c.Ctx, s.c.Client, s.domainID, s.row.apiEntity, s.row.apiSerial),
		s.c.requestCAChain(forceCA),
	)
}

func (s *detailsScreen) handleActionDone(msg actionDoneMsg) tea.Cmd {
	if msg.err != nil || msg.action.domainID != s.domainID {
		return nil
	}

	switch msg.action.kind {
	case actionRevoke, actionRenew:
		if msg.action.serial == s.row.apiSerial {
			return s.reload()
		}
	case actionDelete:
		if msg.action.entity == s.row.apiEntity {
			return s.reload()
		}
	}
	return nil
}

func (s *detailsScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k, dk := &s.c.Keys, &s.keys

	if name := k.rejectedWrite(msg.String()); name != "" {
		return s.c.status.set(levelWarning, "Read-only mode: "+name+" is disabled because the console was started with --read-only")
	}

	switch {
	case key.Matches(msg, k.Back):
		return s.c.nav.closeDetails()
	case key.Matches(msg, k.Refresh):
		return s.reload()
	case key.Matches(msg, k.Renew):
		return s.c.nav.openDialog(newConfirmDialog(s.c, confirmRenew, s.domainID, s.row))
	case key.Matches(msg, k.Revoke):
		return s.c.nav.openDialog(newConfirmDialog(s.c, confirmRevoke, s.domainID, s.row))
	case key.Matches(msg, k.Download):
		return s.c.nav.openDialog(newDownloadDialog(s.c, s.domainID, s.row))
	case key.Matches(msg, dk.CopySerial):
		return s.copySerial()
	case key.Matches(msg, dk.CopyPEM):
		return s.copyPEM()
	case key.Matches(msg, k.SerialForm):
		s.c.hexSerials = !s.c.hexSerials
	case key.Matches(msg, dk.RenewedFrom):
		return s.jump(s.renewedFrom(), "This certificate did not renew another one")
	case key.Matches(msg, dk.RenewedBy):
		return s.jump(s.successor, "No certificate renewed this one")
	default:
		scrollByKey(&s.view, &s.c.Keys.Move, msg)
	}
	return nil
}

// renewedFrom returns the serial this certificate replaced, as the service
// sent it.
func (s *detailsScreen) renewedFrom() string {
	if s.cert == nil {
		return ""
	}
	return s.cert.RenewedFrom
}

// jump opens the details of another certificate of the same entity.
func (s *detailsScreen) jump(serial, none string) tea.Cmd {
	if serial == "" {
		return s.c.status.set(levelInfo, none)
	}

	// The list fields are filled in from the certificate once it arrives.
	row := rowForIDs(serial, s.row.apiEntity)
	row.entityType = s.row.entityType
	return s.c.nav.openDetails(s.domainID, row)
}

// ShortHelp lists the keys for the hint bar.
func (s *detailsScreen) ShortHelp() []key.Binding {
	k, dk := s.c.Keys, s.keys
	return []key.Binding{dk.CopySerial, dk.CopyPEM, dk.RenewedFrom, dk.RenewedBy, k.Renew, k.Revoke, k.Download, k.Back, k.Help}
}

// FullHelp lists every key of the screen for the help overlay.
func (s *detailsScreen) FullHelp() [][]key.Binding {
	k, dk, m := s.c.Keys, s.keys, s.c.Keys.Move
	return [][]key.Binding{
		{m.Up, m.Down, m.PageUp, m.PageDown, m.Home, m.End},
		{dk.CopySerial, dk.CopyPEM, k.SerialForm, dk.RenewedFrom, dk.RenewedBy},
		{k.Renew, k.Revoke, k.Download, k.Refresh, k.Palette},
		{k.Back, k.Help, k.ForceQuit},
	}
}
