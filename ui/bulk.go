package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/ui/components/table"
)

// displayRow formats a certificate for the list: the serial in the chosen
// form, with a check mark in front when it is marked for a bulk action.
func (s *certsScreen) displayRow(r certRow, now time.Time, within time.Duration) table.Row {
	row := r.tableRow(now, within, s.fullSerial)
	marked := s.marks[r.serial] != nil
	if !r.loaded || (!marked && !s.c.hexSerials) {
		return row
	}

	serial := r.serial
	if s.c.hexSerials {
		serial = hexSerial(serial)
	}
	width := fullSerialWidth
	if !s.fullSerial {
		width = shortSerialWidth
	}
	if marked {
		width -= 2
		serial = "✓ " + shortSerial(serial, width)
	} else {
		serial = shortSerial(serial, width)
	}

	cells := append([]string(nil), row.Cells...)
	cells[colSerial] = serial
	row.Cells = cells
	return row
}

// handleMarkKey marks or unmarks the selected row, marks every loaded row
// the filter shows, or clears the marks.
func (s *certsScreen) handleMarkKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	if s.marks == nil {
		s.marks = map[string]*certRow{}
	}

	switch {
	case key.Matches(msg, k.Mark):
		idx := s.table.Selected()
		if idx < 0 || idx >= len(s.rows) || !s.rows[idx].loaded {
			return s.c.status.set(levelWarning, "Select a loaded certificate to mark")
		}
		row := s.rows[idx]
		if s.marks[row.serial] != nil {
			delete(s.marks, row.serial)
		} else {
			s.marks[row.serial] = &row
		}
		s.table.UpdateRows(idx, []table.Row{s.displayRow(row, s.c.Now(), s.c.expiringWithin())})
		s.table.MoveTo(s.table.Cursor() + 1)
		return s.ensureLoaded()

	case key.Matches(msg, k.MarkAll):
		shown, skipped := 0, 0
		for _, idx := range s.table.Filtered() {
			if idx >= len(s.rows) || !s.rows[idx].loaded {
				skipped++
				continue
			}
			row := s.rows[idx]
			s.marks[row.serial] = &row
			shown++
		}
		s.rebuildTable()
		text := fmt.Sprintf("Marked the %s shown; %d marked in total", countNoun(shown, "certificate"), len(s.marks))
		if skipped > 0 {
			text += fmt.Sprintf(" (%d rows still loading were not marked)", skipped)
		}
		return s.c.status.set(levelInfo, text)

	case key.Matches(msg, k.ClearMarks):
		n := len(s.marks)
		s.marks = nil
		s.rebuildTable()
		return s.c.status.set(levelInfo, "Cleared "+countNoun(n, "mark"))
	}
	return nil
}

// finishBulk drops the marks of the certificates a batch changed, keeping
// the failed ones marked for a retry, and reloads the list.
func (s *certsScreen) finishBulk(run *bulkRun) tea.Cmd {
	if run.domainID != s.domain.ID {
		return nil
	}

	failed := make(map[string]bool, len(run.failures))
	for _, f := range run.failures {
		failed[f.row.serial] = true
	}
	for _, r := range run.rows {
		if !failed[r.serial] {
			delete(s.marks, r.serial)
		}
	}
	s.rebuildTable()
	return s.reload()
}

// countNoun writes a count with its noun, in the plural unless n is 1.
func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
