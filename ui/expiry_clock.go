package ui

// refreshClock counts, draws and previews the certificates already read
// again at the console's current time, without a request. A certificate
// that expired while the overview was open so leaves its bar, and enter
// lists what the bars count. The selected week keeps its number, and the
// cursor stays on its certificate while that is still shown.
func (s *expiryScreen) refreshClock() {
	if s.rows == nil {
		return
	}

	selected := -1
	if idx := s.table.Selected(); idx >= 0 && idx < len(s.shown) {
		selected = s.shown[idx]
	}

	s.now = s.c.Now()
	s.applyFilter()

	for i, rowIdx := range s.shown {
		if rowIdx == selected {
			s.table.Select(i)
			break
		}
	}
}
