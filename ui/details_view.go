package ui

import (
	"encoding/pem"
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// Layout of the details: a label column, then values wrapped to the rest.
const (
	detailsLabelWidth = 20
	lifetimeBarWidth  = 24
)

// View draws the title line and the scrollable details.
func (s *detailsScreen) View() string {
	st := s.c.Styles
	title := st.Title.Render("Certificate "+shortSerial(s.row.serial, 24)) +
		st.Muted.Render(" · entity ") + st.Text.Render(s.row.entity)
	if s.cert != nil {
		status := statusOf(s.cert.Revoked, s.cert.ExpiryTime, s.c.Now(), s.c.expiringWithin())
		title += st.Muted.Render(" · ") + s.statusStyle(status).Render(status.String())
	}
	if s.view.TotalLineCount() > s.view.VisibleLineCount() {
		title += st.Muted.Render(fmt.Sprintf(" · %d%%", int(s.view.ScrollPercent()*100)))
	}
	return ansi.Truncate(title, s.width, "…") + "\n" + s.view.View()
}

// refreshContent rebuilds the text of the view after a change, keeping the
// scroll position.
func (s *detailsScreen) refreshContent() {
	if s.width == 0 {
		return
	}
	offset := s.view.YOffset()
	s.view.SetContent(s.content())
	s.view.SetYOffset(offset)
}

// content is every line of the details, before scrolling.
func (s *detailsScreen) content() string {
	st := s.c.Styles
	switch {
	case s.loadErr != nil:
		return errorBox(s.c, "Could not load certificate "+s.row.serial,
			describeError("Getting the certificate", s.loadErr), "ctrl+r retry · esc back", s.width)
	case s.cert == nil:
		return st.Muted.Render("Loading the certificate " + s.row.serial + "…")
	}

	cert := s.cert
	var lines []string
	field := func(label, value string) {
		lines = append(lines, s.fieldLine(label, value))
	}

	serialDecimal, serialHex := s.row.serial, hexSerial(s.row.serial)
	if s.c.hexSerials {
		field("Serial (hex)", serialHex)
		field("Serial (decimal)", serialDecimal)
	} else {
		field("Serial (decimal)", serialDecimal)
		field("Serial (hex)", serialHex)
	}
	field("Entity", s.row.entity+" ("+orDash(s.row.entityType)+")")
	if cert.CertErr != nil {
		lines = append(lines, s.fieldLine("PEM", st.Error.Render(sanitize.Text(cert.CertErr.Error()))))
	}

	if x := cert.Cert; x != nil {
		now := s.c.Now()
		field("Not before", expiryText(x.NotBefore)+" UTC")
		field("Not after", expiryText(x.NotAfter)+" UTC ("+timeLeft(x.NotAfter, now)+")")
		lines = append(lines, s.fieldLine("Lifetime used", s.lifetimeBar(x.NotBefore, x.NotAfter, now)))
		for _, f := range x509Fields(x) {
			field(f.label, f.value)
		}
	} else {
		field("Expires", expiryText(cert.ExpiryTime)+" UTC")
	}
	if !cert.IssuedAt.IsZero() {
		field("Issued at", expiryText(cert.IssuedAt)+" UTC")
	}

	lines = append(lines, "", st.Title.Render("Status"))
	lines = append(lines, s.fieldLine("Chain", s.chainText()))
	lines = append(lines, s.fieldLine("Revocation", s.revocationText()))
	lines = append(lines, s.fieldLine("OCSP", s.ocspText()))
	lines = append(lines, s.fieldLine("Renewed from", s.renewedFromText()))
	lines = append(lines, s.fieldLine("Renewed by", s.renewedByText()))

	lines = append(lines, "", st.Title.Render("PEM"))
	lines = append(lines, s.pemLines()...)
	return strings.Join(lines, "\n")
}

func (s *detailsScreen) fieldLine(label, value string) string {
	return detailsField(s.c, s.width, label, value)
}

// detailsField draws a label and a value wrapped beside it, within width. A
// value that is already styled keeps its style, and plain text gets the text
// style.
func detailsField(c *Common, width int, label, value string) string {
	st := c.Styles
	valueWidth := max(width-detailsLabelWidth, 20)
	if !strings.Contains(value, "\x1b[") {
		value = st.Text.Render(value)
	}
	wrapped := ansi.Wrap(value, valueWidth, " ,:")
	return lipgloss.JoinHorizontal(lipgloss.Top,
		st.FieldLabel.Width(detailsLabelWidth).Render(label), wrapped)
}

// lifetimeBar draws how much of the validity period has passed.
func (s *detailsScreen) lifetimeBar(from, to, now time.Time) string {
	st := s.c.Styles
	used := 1.0
	if total := to.Sub(from); total > 0 {
		used = min(max(float64(now.Sub(from))/float64(total), 0), 1)
	}

	return drawBar(s.c, used, lifetimeBarWidth) + st.Text.Render(fmt.Sprintf(" %d%%", int(used*100)))
}

// drawBar draws a bar of width cells filled to fraction, from 0 to 1.
func drawBar(c *Common, fraction float64, width int) string {
	filled := min(max(int(fraction*float64(width)+0.5), 0), width)
	return c.Styles.Title.Render(strings.Repeat("█", filled)) + c.Styles.Muted.Render(strings.Repeat("░", width-filled))
}

func (s *detailsScreen) chainText() string {
	st := s.c.Styles
	label := s.chain.String()
	if s.chainDetail != "" {
		label += ": " + s.chainDetail
	}
	switch s.chain {
	case chainVerified:
		return st.StatusValid.Render(label + " against the service's CA chain")
	case chainNotYetValid:
		return st.StatusExpiring.Render(label)
	case chainExpired, chainUnknownIssuer, chainInvalid:
		return st.StatusExpired.Render(label)
	}
	return st.Muted.Render(label)
}

func (s *detailsScreen) revocationText() string {
	st := s.c.Styles
	if !s.cert.Revoked {
		return "not revoked"
	}

	text := "revoked"
	if !s.cert.RevokedAt.IsZero() {
		text += " at " + expiryText(s.cert.RevokedAt) + " UTC"
	}
	return st.StatusRevoked.Render(text + ", reason " + orDash(sanitize.Text(s.cert.RevocationReason)))
}

func (s *detailsScreen) ocspText() string {
	st := s.c.Styles
	switch {
	case s.ocspSkip != "":
		return st.Muted.Render("not asked: " + s.ocspSkip)
	case !s.ocspRequested:
		return st.Muted.Render("waiting for the CA chain…")
	case s.ocspErr != nil && ocspUnavailable(s.ocspErr):
		return st.Muted.Render("unavailable: the service offers no OCSP responder (" + describeError("OCSP", s.ocspErr) + ")")
	case s.ocspErr != nil:
		return st.Error.Render(describeError("OCSP", s.ocspErr))
	case s.ocspStatus == nil:
		return st.Muted.Render("asking…")
	}

	o := s.ocspStatus
	updated := ", this update " + expiryText(o.ThisUpdate) + " UTC"
	switch o.Status {
	case client.OCSPGood:
		return st.StatusValid.Render("good" + updated)
	case client.OCSPRevoked:
		return st.StatusRevoked.Render("revoked at " + expiryText(o.RevokedAt) + " UTC, reason " + o.Reason + updated)
	}
	return st.StatusExpiring.Render("unknown: the responder does not know this certificate" + updated)
}

func (s *detailsScreen) renewedFromText() string {
	from := s.renewedFrom()
	if from == "" {
		return "none"
	}
	return sanitize.Text(from) + s.c.Styles.Muted.Render(" (p opens it)")
}

func (s *detailsScreen) renewedByText() string {
	st := s.c.Styles
	switch {
	case !s.successorDone:
		return st.Muted.Render("searching the entity's certificates…")
	case s.successorErr != nil:
		return st.Error.Render(describeError("Searching for the renewal", s.successorErr))
	case s.successor != "":
		return sanitize.Text(s.successor) + st.Muted.Render(" (n opens it)")
	case !s.successorAll:
		return st.Muted.Render(fmt.Sprintf("none among the entity's newest %d certificates", successorPageLimit*successorMaxPages))
	}
	return "none"
}

// pemLines returns the certificate in PEM. It is encoded again from the
// parsed DER, so no byte the server added beside the PEM block is drawn.
func (s *detailsScreen) pemLines() []string {
	st := s.c.Styles
	text := s.pemText()
	if text == "" {
		return []string{st.Muted.Render("The service sent no PEM for this certificate.")}
	}
	// PEM lines are 64 characters, so narrower terminals wrap them.
	wrapped := ansi.Hardwrap(strings.TrimRight(text, "\n"), max(s.width, 20), false)
	return strings.Split(st.Text.Render(wrapped), "\n")
}

// pemText is the PEM drawn and copied, or "" when there is no parsed certificate.
func (s *detailsScreen) pemText() string {
	if s.cert == nil || s.cert.Cert == nil {
		return ""
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.cert.Cert.Raw}))
}

func (s *detailsScreen) statusStyle(status certStatus) lipgloss.Style {
	st := s.c.Styles
	switch status {
	case statusExpiring:
		return st.StatusExpiring
	case statusExpired:
		return st.StatusExpired
	case statusRevoked:
		return st.StatusRevoked
	}
	return st.StatusValid
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
