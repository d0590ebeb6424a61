package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// rememberIssued keeps the certificate an issue just created. The success
// message offers d to download it, and the new row may be hidden by the
// text filter or the expiry range, so d must not fall to the selected row.
// requestedEntity is used when the service returned no entity ID.
func (s *certsScreen) rememberIssued(cert client.Certificate, requestedEntity string) {
	if cert.SerialNumber == "" {
		s.issued = nil
		return
	}
	entity := cert.EntityID
	if entity == "" {
		entity = requestedEntity
	}
	row := rowForIDs(cert.SerialNumber, entity)
	s.issued = &row
}

// takeIssued returns the certificate issued just before this key, if any,
// and clears it, so only the first key after the issue can use it.
func (s *certsScreen) takeIssued() *certRow {
	issued := s.issued
	s.issued = nil
	return issued
}

// downloadIssued opens the download of the certificate just issued.
func (s *certsScreen) downloadIssued(issued *certRow) tea.Cmd {
	return s.c.nav.openDialog(newDownloadDialog(s.c, s.domain.ID, *issued))
}
