package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// expiryPageLimit and expiryMaxPages bound what the expiry overview reads:
// at most 100,000 certificates, the size the list is benchmarked at.
const (
	expiryPageLimit = 1000
	expiryMaxPages  = 100
)

// Histogram of the expiry overview: one bar per week for the next 12 weeks.
const (
	expiryWeeks = 12
	week        = 7 * 24 * time.Hour
)

// expiryLoadedMsg carries every certificate of a domain, reduced to what the
// overview counts and lists.
type expiryLoadedMsg struct {
	domainID  string
	gen       int
	rows      []certRow
	total     int
	truncated bool // the domain has more certificates than were read
	err       error
}

// loadExpiryCmd reads the domain's certificate list page by page.
func loadExpiryCmd(parent context.Context, cl *client.Client, domainID string, gen int) tea.Cmd {
	return func() tea.Msg {
		msg := expiryLoadedMsg{domainID: domainID, gen: gen}
		for range expiryMaxPages {
			// Each page gets its own deadline, so a large domain is not cut off.
			ctx, cancel := context.WithTimeout(parent, requestTimeout)
			page, err := cl.Certs.List(ctx, domainID, client.ListOptions{Limit: expiryPageLimit, Offset: len(msg.rows)})
			cancel()
			if err != nil {
				msg.err = err
				return msg
			}

			for _, cert := range page.Certificates {
				msg.rows = append(msg.rows, newCertRow(cert))
			}
			msg.total = max(page.Total, len(msg.rows))
			if len(page.Certificates) == 0 || (!page.TotalUnknown && len(msg.rows) >= page.Total) {
				return msg
			}
		}
		msg.truncated = true
		return msg
	}
}

// weekOf returns the histogram bar of an expiry, or -1 when it has passed
// or falls outside the next expiryWeeks weeks. Weeks start at midnight UTC
// of today; see weekBounds.
func weekOf(expiry, now time.Time) int {
	if expiry.Before(now) {
		return -1
	}
	idx := int(expiry.Sub(now.UTC().Truncate(day)) / week)
	if idx >= expiryWeeks {
		return -1
	}
	return idx
}

// expiryHistogram counts the unrevoked certificates that expire in each of
// the next expiryWeeks weeks.
func expiryHistogram(rows []certRow, now time.Time) [expiryWeeks]int {
	var bars [expiryWeeks]int
	for _, r := range rows {
		if r.revoked {
			continue
		}
		if idx := weekOf(r.expiry, now); idx >= 0 {
			bars[idx]++
		}
	}
	return bars
}
