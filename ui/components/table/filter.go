package table

import (
	"cmp"
	"slices"
	"strings"
)

// SetFilter shows only rows whose Key contains the query, case-insensitively,
// or the query's variant when QueryVariant gives one. An empty query shows
// every row. When the new query contains the previous
// one, only the rows that matched before are checked again, so each typed
// character costs one pass over the current matches.
func (m *Model) SetFilter(query string) {
	selected := m.Selected()
	m.applyFilter(strings.ToLower(query), true)
	if selected < 0 || !m.Select(selected) {
		m.MoveTo(0)
	}
}

// Filter returns the current query in lower case.
func (m *Model) Filter() string { return m.filter }

func (m *Model) applyFilter(query string, incremental bool) {
	narrowing := incremental && m.filter != "" && strings.Contains(query, m.filter)
	m.filter = query

	if query == "" {
		m.view = append(m.view[:0], m.order...)
		m.MoveTo(m.cursor)
		return
	}

	variant, hasVariant := "", false
	if m.QueryVariant != nil {
		variant, hasVariant = m.QueryVariant(query)
		hasVariant = hasVariant && variant != query
	}
	matches := func(key string) bool {
		return strings.Contains(key, query) || (hasVariant && strings.Contains(key, variant))
	}

	if narrowing {
		// Rewrite the matches in place: the write index never passes the read index.
		kept := m.view[:0]
		for _, idx := range m.view {
			if matches(m.rows[idx].Key) {
				kept = append(kept, idx)
			}
		}
		m.view = kept
		m.MoveTo(m.cursor)
		return
	}

	m.view = m.view[:0]
	for _, idx := range m.order {
		if matches(m.rows[idx].Key) {
			m.view = append(m.view, idx)
		}
	}
	m.MoveTo(m.cursor)
}

// SetSort orders the rows by a column's sort key, reversed when desc is set;
// col -1 restores the rows' own order. Pending rows stay at the end.
func (m *Model) SetSort(col int, desc bool) {
	selected := m.Selected()
	m.sortCol, m.sortRev = col, desc
	m.rebuildOrder()
	m.applyFilter(m.filter, false)
	m.Select(selected)
}

// Sort returns the sort column (-1 for none) and whether it is reversed.
func (m *Model) Sort() (col int, desc bool) { return m.sortCol, m.sortRev }

func (m *Model) rebuildOrder() {
	m.order = m.order[:0]
	for i := range m.rows {
		m.order = append(m.order, i)
	}
	if m.sortCol < 0 {
		return
	}

	col, desc := m.sortCol, m.sortRev
	slices.SortStableFunc(m.order, func(a, b int) int {
		ra, rb := &m.rows[a], &m.rows[b]
		if ra.Pending != rb.Pending {
			if ra.Pending {
				return 1
			}
			return -1
		}

		c := cmp.Compare(sortKey(ra, col), sortKey(rb, col))
		if desc {
			return -c
		}
		return c
	})
}

func sortKey(r *Row, col int) string {
	if col < len(r.Sort) {
		return r.Sort[col]
	}
	return cellAt(r.Cells, col)
}
