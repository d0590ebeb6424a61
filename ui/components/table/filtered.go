package table

import "slices"

// Filtered returns the indexes into the rows that the filter shows, in
// display order. The caller owns the returned slice.
func (m *Model) Filtered() []int { return slices.Clone(m.view) }

// Shown returns the indexes into the rows that the filter shows, in display
// order, without a copy. The slice aliases the table's state, so the caller
// must neither keep nor change it.
func (m *Model) Shown() []int { return m.view }
