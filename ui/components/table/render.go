package table

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// line returns the styled line of a row from the cache, formatting it once.
func (m *Model) line(idx int) string {
	if l := m.lines[idx]; l != "" {
		return l
	}

	r := m.rows[idx]
	var l string
	switch {
	case r.Pending:
		l = m.styles.Pending.Render(m.joinCells(r.Cells))
	default:
		l = m.styledLine(r)
	}
	m.lines[idx] = l
	return l
}

// styledLine draws a loaded row, with the tone on the toned columns.
func (m *Model) styledLine(r Row) string {
	var b strings.Builder
	first := true
	for i, w := range m.widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteString(strings.Repeat(" ", columnGap))
		}
		first = false
		cell := fit(cellAt(r.Cells, i), w, m.cols[i].Align)

		style := m.styles.Cell
		if m.cols[i].Toned && r.Tone > 0 && r.Tone < len(m.styles.Tones) {
			style = m.styles.Tones[r.Tone]
		}
		b.WriteString(style.Render(cell))
	}
	return b.String()
}

// plainLine draws a row without styles, for the cursor style to wrap whole.
func (m *Model) plainLine(idx int) string {
	return m.joinCells(m.rows[idx].Cells)
}

// joinCells fits each cell to its column and joins them with the gap.
func (m *Model) joinCells(cells []string) string {
	var b strings.Builder
	b.Grow(m.width)
	first := true
	for i, w := range m.widths {
		if w == 0 {
			continue
		}
		if !first {
			b.WriteString(strings.Repeat(" ", columnGap))
		}
		first = false
		b.WriteString(fit(cellAt(cells, i), w, m.cols[i].Align))
	}
	return b.String()
}

func cellAt(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

// fit pads or truncates s to exactly w cells, counting wide characters as two.
func fit(s string, w int, align Align) string {
	if w <= 0 {
		return ""
	}

	n := ansi.StringWidth(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = ansi.StringWidth(s)
	}

	pad := strings.Repeat(" ", w-n)
	if align == AlignRight {
		return pad + s
	}
	return s + pad
}

// minFlexWidth is the narrowest a flexible column gets before optional
// columns are hidden to make room.
const minFlexWidth = 12

// resolveWidths gives fixed columns their width and shares what is left
// between the flexible columns. When the terminal is too narrow, optional
// columns are hidden from the right, then fixed columns shrink from the
// right. A hidden column has width 0 and takes no gap.
func resolveWidths(cols []Column, total int) []int {
	widths := make([]int, len(cols))
	avail := total - columnGap*max(len(cols)-1, 0)

	flex := 0
	for i, c := range cols {
		if c.Width == 0 {
			flex++
			continue
		}
		widths[i] = c.Width
		avail -= c.Width
	}

	need := flex * minFlexWidth
	for i := len(cols) - 1; i >= 0 && avail < need; i-- {
		if cols[i].Optional && cols[i].Width > 0 {
			avail += widths[i] + columnGap
			widths[i] = 0
		}
	}
	for i := len(cols) - 1; i >= 0 && avail < need; i-- {
		if cols[i].Width == 0 || widths[i] == 0 {
			continue
		}
		take := min(widths[i]-1, need-avail)
		widths[i] -= take
		avail += take
	}

	if flex == 0 {
		return widths
	}
	share, rest := max(avail, 0)/flex, max(avail, 0)%flex
	for i, c := range cols {
		if c.Width != 0 {
			continue
		}
		widths[i] = share
		if rest > 0 {
			widths[i]++
			rest--
		}
	}
	return widths
}
