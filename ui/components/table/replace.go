package table

// ReplaceRows replaces row idxs[i] with rows[i], such as rows whose
// time-dependent cells changed. The order and the filter are rebuilt once,
// and only when a replaced row's sort key, filter key or pending state
// changed. So refreshing the text of a few rows stays cheap however many
// rows the table holds. The selected row stays selected.
func (m *Model) ReplaceRows(idxs []int, rows []Row) {
	selected := m.Selected()
	reorder, refilter := false, false
	for i, idx := range idxs {
		if idx < 0 || idx >= len(m.rows) || i >= len(rows) {
			continue
		}

		old, r := &m.rows[idx], &rows[i]
		if m.sortCol >= 0 && (old.Pending != r.Pending || sortKey(old, m.sortCol) != sortKey(r, m.sortCol)) {
			reorder = true
		}
		if m.filter != "" && old.Key != r.Key {
			refilter = true
		}
		m.rows[idx] = *r
		m.lines[idx] = ""
	}

	if reorder {
		m.rebuildOrder()
	}
	if reorder || refilter {
		m.applyFilter(m.filter, false)
		m.Select(selected)
	}
}
