package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/components/table"
)

// certPageSize is the limit of one list request. The server accepts 1 to 1000.
const certPageSize = 200

// maxListRows bounds the rows the list keeps, so a wrong or hostile total
// from a server cannot exhaust memory. As an estimate from the 100,000-row
// benchmark (53 MB loaded), a full million loaded rows take about 0.5 GB.
// Certificates past the cap are reachable through the entity filter.
const maxListRows = 1_000_000

// certPageMsg is one page of the list. gen is the load generation that
// requested it. A reply for an older generation, after a refresh, a domain
// switch or an entity query, is dropped.
type certPageMsg struct {
	gen    int
	offset int
	page   client.CertificatePage
	err    error
}

// entityProbeMsg is the first page of one entity, requested by the filter.
type entityProbeMsg struct {
	gen    int
	entity string
	page   client.CertificatePage
	err    error
}

// loadCertPageCmd requests the page at offset, for one entity or all.
func loadCertPageCmd(parent context.Context, cl *client.Client, domainID, entity string, gen, offset int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		page, err := cl.Certs.List(ctx, domainID, client.ListOptions{Limit: certPageSize, Offset: offset, EntityID: entity})
		return certPageMsg{gen: gen, offset: offset, page: page, err: err}
	}
}

// probeEntityCmd requests the first page of one entity's certificates.
func probeEntityCmd(parent context.Context, cl *client.Client, domainID, entity string, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		page, err := cl.Certs.List(ctx, domainID, client.ListOptions{Limit: certPageSize, EntityID: entity})
		return entityProbeMsg{gen: gen, entity: entity, page: page, err: err}
	}
}

// reload starts a new load generation from the first page. Loaded rows stay
// on screen until their page arrives again, so the list does not flash, and
// the cursor keeps its position.
func (s *certsScreen) reload() tea.Cmd {
	if s.expiry != nil {
		return s.reloadExpiry()
	}

	s.gen++
	s.inflight = map[int]bool{}
	s.loadErr = nil
	s.loading = len(s.rows) == 0
	if s.rows == nil {
		s.rebuildTable()
	}
	if s.total < s.serverTotal {
		// The list was cut after an empty page. Forget the reported total,
		// so the first page rebuilds the rows and the missing ones get
		// another chance.
		s.serverTotal = -1
	}

	return tea.Batch(s.loadPage(0), s.ensureLoaded())
}

// loadPage requests the page at offset unless it is already on its way.
func (s *certsScreen) loadPage(offset int) tea.Cmd {
	if s.inflight[offset] {
		return nil
	}
	s.inflight[offset] = true
	return loadCertPageCmd(s.c.Ctx, s.c.Client, s.domain.ID, s.entity, s.gen, offset)
}

// ensureLoaded brings the time left of the rows in view up to date. It also
// requests the pages in view that are missing or were loaded by an older
// generation, so scrolling or jumping to the end loads exactly the pages
// the operator looks at. A page that arrived in this generation is
// never requested again, even when it came back short: continueShortPage
// requests the rest of its range.
func (s *certsScreen) ensureLoaded() tea.Cmd {
	s.refreshVisible()
	if s.expiry != nil {
		return nil // every row of an expiry filter is loaded
	}

	var cmds []tea.Cmd
	for _, idx := range s.table.Visible() {
		if idx >= len(s.rows) {
			continue
		}
		offset := idx / certPageSize * certPageSize
		if s.pageGen[offset] != s.gen {
			cmds = append(cmds, s.loadPage(offset))
		}
	}
	return tea.Batch(cmds...)
}

// applyPage stores a page. When the total changed since the last page, the
// list starts over from this page; see startSnapshot.
func (s *certsScreen) applyPage(offset int, page client.CertificatePage) {
	s.loading = false
	s.loadErr = nil

	if page.Total != s.serverTotal || s.rows == nil {
		s.startSnapshot(page.Total)
	}
	s.pageGen[offset] = s.gen
	s.rowsVersion++

	now, within := s.c.Now(), s.c.expiringWithin()
	updated := make([]table.Row, 0, len(page.Certificates))
	for i, cert := range page.Certificates {
		if offset+i >= len(s.rows) {
			break
		}
		row := newCertRow(cert)
		s.rows[offset+i] = row
		updated = append(updated, s.displayRow(row, now, within))

		if s.selectSerial != "" && row.serial == s.selectSerial {
			defer s.table.Select(offset + i)
			s.selectSerial = ""
		}
	}
	s.table.UpdateRows(offset, updated)
	s.counts = countStatuses(s.rows, now, within)
}

// startSnapshot resets the rows to placeholders for a new total, because
// certificates were added or removed and the offsets have shifted. Pages
// still on their way were read before the change, so a new load generation
// starts: they are dropped when they arrive, and ensureLoaded requests the
// pages in view again. Equal totals are trusted, so an addition and a
// removal between two pages go unnoticed until the next refresh.
func (s *certsScreen) startSnapshot(total int) {
	s.gen++
	s.inflight = map[int]bool{}
	s.serverTotal = total
	s.total = max(total, 0)
	s.rows = make([]certRow, min(s.total, s.maxRows))
	s.pageGen = map[int]int{}
	s.rebuildTable()
}

// continueShortPage handles a page that returned fewer rows than the total
// promised for its range. A server may cap the limit below certPageSize, so
// the rest of the range is requested from where the page ended. Each such
// request starts further on, so this cannot loop. An empty page means that
// the total overstates the rows, so the list ends there; the rows that
// arrived are final until the next refresh.
func (s *certsScreen) continueShortPage(offset, count int) tea.Cmd {
	end := offset + count
	rangeEnd := min((offset/certPageSize+1)*certPageSize, len(s.rows))
	if end >= rangeEnd {
		return nil
	}
	if count > 0 {
		return s.loadPage(end)
	}

	s.c.Logger.Warn("certificate list ends before its total",
		"domain", s.domain.ID, "offset", offset, "total", s.serverTotal)
	s.rows = s.rows[:end]
	s.total = end
	s.rebuildTable()
	return nil
}

// rebuildTable formats every row again, after a reset or a change of
// columns; filter, sort and cursor position are kept.
func (s *certsScreen) rebuildTable() {
	s.rowsVersion++
	now, within := s.c.Now(), s.c.expiringWithin()
	rows := make([]table.Row, len(s.rows))
	for i, r := range s.rows {
		rows[i] = s.displayRow(r, now, within)
	}
	s.table.SetRows(rows)
	s.counts = countStatuses(s.rows, now, within)
}
