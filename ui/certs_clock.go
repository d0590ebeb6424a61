package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/ui/components/table"
)

// clockInterval is how often the list brings status and time left up to
// date, so a console left open shows a certificate as expired once it is.
const clockInterval = time.Minute

// clockTickMsg is the signal to bring status and time left up to date.
type clockTickMsg struct{}

// clockTickCmd schedules the next clockTickMsg.
func clockTickCmd() tea.Cmd {
	return tea.Tick(clockInterval, func(time.Time) tea.Msg { return clockTickMsg{} })
}

// handleClockTick brings the list and the expiry overview up to date and
// schedules the next tick. It makes no request: the rows already loaded are
// counted and formatted again.
func (a *App) handleClockTick() tea.Cmd {
	if a.certs != nil {
		a.certs.refreshClock()
	}
	if a.expiry != nil {
		a.expiry.refreshClock()
	}
	return clockTickCmd()
}

// refreshClock brings status and time left up to date. Status is checked
// for every loaded row, because it decides the header counts, the colours
// and the status sort. Time left is checked only for the rows in view;
// ensureLoaded checks the rows that come into view later.
func (s *certsScreen) refreshClock() {
	now, within := s.c.Now(), s.c.expiringWithin()
	shown := s.table.Rows()

	var idxs []int
	for i, r := range s.rows {
		if !r.loaded || i >= len(shown) {
			continue
		}
		if int(statusOf(r.revoked, r.expiry, now, within)) != shown[i].Tone {
			idxs = append(idxs, i)
		}
	}
	idxs = s.appendStaleVisible(idxs, now)

	s.reformatRows(idxs, now, within)
	s.counts = countStatuses(s.rows, now, within)
}

// refreshVisible formats again the rows in view whose time left has changed
// since they were formatted, such as rows of a page loaded long ago that
// scroll into view.
func (s *certsScreen) refreshVisible() {
	now := s.c.Now()
	if idxs := s.appendStaleVisible(nil, now); len(idxs) > 0 {
		s.reformatRows(idxs, now, s.c.expiringWithin())
	}
}

// appendStaleVisible appends the rows in view whose time left reads
// differently at now.
func (s *certsScreen) appendStaleVisible(idxs []int, now time.Time) []int {
	shown := s.table.Rows()
	var buf [32]byte
	for _, idx := range s.table.Visible() {
		if idx >= len(s.rows) || idx >= len(shown) || !s.rows[idx].loaded {
			continue
		}
		left := appendTimeLeft(buf[:0], s.rows[idx].expiry, now)
		if cells := shown[idx].Cells; colLeft < len(cells) && cells[colLeft] != string(left) {
			idxs = append(idxs, idx)
		}
	}
	return idxs
}

// reformatRows formats the rows at idxs for now and hands them to the table
// in one call.
func (s *certsScreen) reformatRows(idxs []int, now time.Time, within time.Duration) {
	if len(idxs) == 0 {
		return
	}
	rows := make([]table.Row, len(idxs))
	for i, idx := range idxs {
		rows[i] = s.displayRow(s.rows[idx], now, within)
	}
	s.table.ReplaceRows(idxs, rows)
}
