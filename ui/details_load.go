package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// successorPageLimit and successorMaxPages bound the search for the
// certificate that renewed another: at most 5,000 certificates of the entity.
const (
	successorPageLimit = 1000
	successorMaxPages  = 5
)

// detailsCertMsg is the full certificate of a details screen.
type detailsCertMsg struct {
	serial string
	cert   client.Certificate
	err    error
}

// successorMsg names the certificate that renewed serial, or "" when none did.
type successorMsg struct {
	serial    string
	successor string
	complete  bool // false when the entity had more certificates than were searched
	err       error
}

// getCertCmd fetches one certificate with its PEM.
func getCertCmd(parent context.Context, cl *client.Client, domainID, serial string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		cert, err := cl.Certs.Get(ctx, domainID, serial)
		return detailsCertMsg{serial: serial, cert: cert, err: err}
	}
}

// successorCmd searches the entity's certificates for the one whose
// renewed_from is serial. The API has no reverse link, and renewal keeps the
// entity, so the entity's list is the place to look.
func successorCmd(parent context.Context, cl *client.Client, domainID, entity, serial string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		offset := 0
		for range successorMaxPages {
			page, err := cl.Certs.List(ctx, domainID, client.ListOptions{Limit: successorPageLimit, Offset: offset, EntityID: entity})
			if err != nil {
				return successorMsg{serial: serial, err: err}
			}
			for _, cert := range page.Certificates {
				if cert.RenewedFrom == serial {
					return successorMsg{serial: serial, successor: cert.SerialNumber, complete: true}
				}
			}

			offset += len(page.Certificates)
			if len(page.Certificates) == 0 || (!page.TotalUnknown && offset >= page.Total) {
				return successorMsg{serial: serial, complete: true}
			}
		}
		return successorMsg{serial: serial}
	}
}
