// Package table is a light list-table for large row counts. It draws only the
// rows in view, caches each row's formatted line, and filters through a
// lower-case key per row, narrowing the previous result when the query grows.
package table

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Align places a cell's text inside its column.
type Align int

// Cell alignments.
const (
	AlignLeft Align = iota
	AlignRight
)

// Column describes one column.
type Column struct {
	Title string
	Width int // width in terminal cells; 0 shares the width left by fixed columns
	Align Align
	Toned bool // draw the cell with the row's tone style, such as a status colour

	// Optional columns are hidden, rightmost first, when the terminal is too
	// narrow to give the flexible columns their minimum width.
	Optional bool
}

// Row is one line of the table. Cells hold plain text that is already safe to
// draw; the table measures it with ansi width functions, so wide characters
// keep the columns aligned.
type Row struct {
	Cells   []string
	Key     string   // lower-case text matched by the filter; empty never matches
	Sort    []string // per-column sort keys; Cells are used when nil
	Tone    int      // index into Styles.Tones, 0 for none
	Pending bool     // placeholder for a row whose data has not arrived
}

// Styles of the table.
type Styles struct {
	Header  lipgloss.Style
	Cell    lipgloss.Style
	Cursor  lipgloss.Style
	Pending lipgloss.Style
	Tones   []lipgloss.Style // indexed by Row.Tone; index 0 is unused
}

// KeyMap holds the movement keys.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding
}

// DefaultKeyMap returns arrows and vi keys, pgup/pgdn, home/end and g/G.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),
	}
}

// wheelStep is how many rows one mouse wheel notch scrolls.
const wheelStep = 3

// columnGap is the space between two columns.
const columnGap = 1

// Model is the table's state. The zero value is not usable; call New.
type Model struct {
	KeyMap KeyMap

	// QueryVariant returns a second form of a lower-case filter query that
	// a row's Key may contain instead, or ok false when there is none. An
	// example is a serial typed with colons for a Key without them. A
	// growing query only narrows the previous matches, so the variant of a
	// query must contain the variant of every query inside it.
	QueryVariant func(query string) (variant string, ok bool)

	styles Styles
	cols   []Column
	widths []int

	rows  []Row
	order []int // row indices in sorted order
	view  []int // order narrowed by the filter

	filter  string
	sortCol int // -1 keeps the rows' own order
	sortRev bool

	cursor int // position in view
	top    int // first visible position in view
	width  int
	height int

	header string
	lines  []string // formatted line per row index; "" when not cached
}

// New returns an empty table with the given columns.
func New(cols []Column, styles Styles) *Model {
	m := &Model{KeyMap: DefaultKeyMap(), styles: styles, cols: cols, sortCol: -1}
	m.SetSize(80, 10)
	return m
}

// SetColumns replaces the columns, keeping rows, filter and cursor.
func (m *Model) SetColumns(cols []Column) {
	m.cols = cols
	m.SetSize(m.width, m.height)
}

// SetStyles replaces the styles, for example after the terminal reported its
// background colour, and drops the cached lines.
func (m *Model) SetStyles(s Styles) {
	m.styles = s
	m.resetCache()
}

// SetSize sets the width and height in cells; the height includes the header.
func (m *Model) SetSize(width, height int) {
	m.width = max(width, 1)
	m.height = max(height, 2)
	m.widths = resolveWidths(m.cols, m.width)
	m.resetCache()
	m.scrollToCursor()
}

// SetRows replaces every row and keeps the cursor on the same position.
func (m *Model) SetRows(rows []Row) {
	m.rows = rows
	m.resetCache()
	m.rebuildOrder()
	m.applyFilter(m.filter, false)
}

// UpdateRows replaces rows[start:start+len(rows)], typically a page that has
// just arrived for placeholder rows, and keeps the selected row selected.
func (m *Model) UpdateRows(start int, rows []Row) {
	selected := m.Selected()
	for i, r := range rows {
		if start+i >= len(m.rows) {
			break
		}
		m.rows[start+i] = r
		m.lines[start+i] = ""
	}

	if m.sortCol >= 0 {
		m.rebuildOrder()
	}
	if m.sortCol >= 0 || m.filter != "" {
		m.applyFilter(m.filter, false)
		m.Select(selected)
	}
}

// Rows returns all rows, in their own order.
func (m *Model) Rows() []Row { return m.rows }

// Len returns how many rows the filter lets through.
func (m *Model) Len() int { return len(m.view) }

// Selected returns the row index under the cursor, or -1 when nothing shows.
func (m *Model) Selected() int {
	if m.cursor < 0 || m.cursor >= len(m.view) {
		return -1
	}
	return m.view[m.cursor]
}

// ColumnWidth returns the drawn width of a column in cells.
func (m *Model) ColumnWidth(col int) int { return m.widths[col] }

// Cursor returns the cursor's position among the rows that show.
func (m *Model) Cursor() int { return m.cursor }

// Select moves the cursor to the row with the given index, if it shows.
func (m *Model) Select(row int) bool {
	for pos, idx := range m.view {
		if idx == row {
			m.MoveTo(pos)
			return true
		}
	}
	return false
}

// MoveTo moves the cursor to a position among the rows that show.
func (m *Model) MoveTo(pos int) {
	m.cursor = clamp(pos, 0, len(m.view)-1)
	m.scrollToCursor()
}

// Visible returns the row indices drawn in the current window. The slice
// aliases the table's state; do not keep it.
func (m *Model) Visible() []int {
	end := min(m.top+m.bodyHeight(), len(m.view))
	return m.view[m.top:end]
}

// Update handles movement keys and the mouse wheel, and reports whether the
// cursor moved.
func (m *Model) Update(msg tea.Msg) bool {
	before := m.cursor
	page := max(m.bodyHeight()-1, 1)

	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.KeyMap.Up):
			m.MoveTo(m.cursor - 1)
		case key.Matches(msg, m.KeyMap.Down):
			m.MoveTo(m.cursor + 1)
		case key.Matches(msg, m.KeyMap.PageUp):
			m.MoveTo(m.cursor - page)
		case key.Matches(msg, m.KeyMap.PageDown):
			m.MoveTo(m.cursor + page)
		case key.Matches(msg, m.KeyMap.Home):
			m.MoveTo(0)
		case key.Matches(msg, m.KeyMap.End):
			m.MoveTo(len(m.view) - 1)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			m.MoveTo(m.cursor - wheelStep)
		case tea.MouseWheelDown:
			m.MoveTo(m.cursor + wheelStep)
		}
	}
	return m.cursor != before
}

// View draws the header and the rows in the window, exactly height lines.
func (m *Model) View() string {
	var b strings.Builder
	body := m.bodyHeight()
	b.Grow((body + 1) * (m.width + 16))

	b.WriteString(m.header)
	for i := 0; i < body; i++ {
		b.WriteByte('\n')
		pos := m.top + i
		if pos >= len(m.view) {
			continue
		}

		idx := m.view[pos]
		if pos == m.cursor {
			b.WriteString(m.styles.Cursor.Render(m.plainLine(idx)))
			continue
		}
		b.WriteString(m.line(idx))
	}
	return b.String()
}

func (m *Model) bodyHeight() int { return m.height - 1 }

func (m *Model) scrollToCursor() {
	body := m.bodyHeight()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+body {
		m.top = m.cursor - body + 1
	}
	m.top = clamp(m.top, 0, max(len(m.view)-body, 0))
}

func (m *Model) resetCache() {
	m.header = m.styles.Header.Render(m.joinCells(titles(m.cols)))
	if cap(m.lines) >= len(m.rows) {
		m.lines = m.lines[:len(m.rows)]
		clear(m.lines)
		return
	}
	m.lines = make([]string, len(m.rows))
}

func clamp(v, low, high int) int {
	if high < low {
		return low
	}
	return min(max(v, low), high)
}

func titles(cols []Column) []string {
	t := make([]string, len(cols))
	for i, c := range cols {
		t[i] = c.Title
	}
	return t
}
