package ui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// listExpiryMsg is every certificate of the domain, read again for the list
// while an expiry filter narrows it. gen is the list's load generation.
type listExpiryMsg struct {
	gen  int
	data expiryLoadedMsg
}

// loadListExpiryCmd reads every certificate of the domain, as the expiry
// overview does, for the list's expiry filter.
func loadListExpiryCmd(parent context.Context, cl *client.Client, domainID string, gen int) tea.Cmd {
	load := loadExpiryCmd(parent, cl, domainID, gen)
	return func() tea.Msg {
		return listExpiryMsg{gen: gen, data: load().(expiryLoadedMsg)}
	}
}

// expiryView is the list's state while an expiry filter narrows it.
type expiryView struct {
	filter    expiryFilter
	read      int  // certificates read from the domain
	total     int  // certificates in the domain as the service reported
	truncated bool // the domain has more certificates than were read

	// refreshing is set while the domain is read again, which takes a few
	// seconds for a large domain, so the title shows "refreshing…".
	refreshing bool
}

// applyExpiryFilter shows only the certificates of data that the filter
// matches. data holds every certificate of the domain that the expiry
// overview read, because the list API cannot filter by expiry. The paged
// list returns with esc.
func (s *certsScreen) applyExpiryFilter(f expiryFilter, data expiryLoadedMsg) tea.Cmd {
	s.clearFilter()
	s.entity = ""
	s.expiry = &expiryView{filter: f}

	// Pages on their way belong to the paged list; a new generation drops them.
	s.gen++
	s.inflight = map[int]bool{}
	s.setExpiryRows(data)
	s.table.MoveTo(0)
	return s.c.status.set(levelInfo, fmt.Sprintf("Showing %s %s; esc shows every certificate",
		countNoun(len(s.rows), "certificate"), f.label))
}

// setExpiryRows keeps the certificates of data that the expiry filter
// matches now.
func (s *certsScreen) setExpiryRows(data expiryLoadedMsg) {
	now := s.c.Now()
	rows := make([]certRow, 0, len(data.rows)/8)
	for _, r := range data.rows {
		if s.expiry.filter.matches(r, now) {
			rows = append(rows, r)
		}
	}

	s.expiry.read, s.expiry.total, s.expiry.truncated = len(data.rows), data.total, data.truncated
	s.rows = rows
	s.total = len(rows)
	s.serverTotal = -1
	s.pageGen = map[int]int{}
	s.loading, s.loadErr = false, nil
	s.rebuildTable()
}

// reloadExpiry reads every certificate of the domain again and applies the
// expiry filter to them.
func (s *certsScreen) reloadExpiry() tea.Cmd {
	s.expiry.refreshing = true
	s.gen++
	s.inflight = map[int]bool{}
	return loadListExpiryCmd(s.c.Ctx, s.c.Client, s.domain.ID, s.gen)
}

// handleListExpiry applies a reload of the expiry filter's certificates.
// When it fails, the rows already shown stay and the status line shows the
// error.
func (s *certsScreen) handleListExpiry(msg listExpiryMsg) tea.Cmd {
	if msg.gen != s.gen || s.expiry == nil {
		return nil
	}
	s.expiry.refreshing = false
	if msg.data.err != nil {
		s.c.Logger.Warn("expiry filter reload failed", "domain", s.domain.ID, "err", msg.data.err)
		return s.c.status.set(levelError, describeError("Listing certificates", msg.data.err))
	}

	s.setExpiryRows(msg.data)
	s.selectCreated()
	return nil
}

// clearExpiryFilter returns to the paged list of every certificate.
func (s *certsScreen) clearExpiryFilter() tea.Cmd {
	s.expiry = nil
	s.rows = nil
	s.total = 0
	return s.reload()
}

// selectCreated selects the certificate a renewal or issue created, if the
// expiry filter shows it.
func (s *certsScreen) selectCreated() {
	if s.selectSerial == "" {
		return
	}
	for i, r := range s.rows {
		if r.serial == s.selectSerial {
			s.table.Select(i)
			break
		}
	}
	s.selectSerial = ""
}

// expiryTitle returns the start of the title line while an expiry filter
// narrows the list: the range, the count, how to leave, a warning when the
// overview could not read the whole domain, and whether a reload runs.
func (s *certsScreen) expiryTitle() []string {
	st := s.c.Styles
	parts := []string{
		st.Title.Render("Certificates " + s.expiry.filter.label),
		st.Text.Render(fmt.Sprintf("%d total", s.total)),
		st.Muted.Render("esc shows all"),
	}
	if s.expiry.truncated {
		parts = append(parts, st.Warning.Render(fmt.Sprintf("from the first %d of %d certificates", s.expiry.read, s.expiry.total)))
	}
	if s.expiry.refreshing {
		parts = append(parts, st.Muted.Render("refreshing…"))
	}
	return parts
}
