package table

import "slices"

// Filtered returns the indexes into the rows that the filter shows, in
// display order. The caller owns the returned slice.
func (m *Model) Filtered() []int { return slices.Clone(m.view) }
