package table

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

var testColumns = []Column{
	{Title: "SERIAL", Width: 8},
	{Title: "ENTITY"},
	{Title: "STATUS", Width: 8, Toned: true},
}

func plainStyles() Styles {
	return Styles{Tones: []lipgloss.Style{{}, lipgloss.NewStyle().Bold(true)}}
}

func makeRows(n int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		entity := fmt.Sprintf("cvm-%04d", i)
		serial := fmt.Sprintf("%08d", i*7)
		rows[i] = Row{Cells: []string{serial, entity, "valid"}, Key: entity + " " + serial, Tone: 1}
	}
	return rows
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func TestViewGolden(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetSize(40, 6)
	rows := makeRows(8)
	rows[2].Cells[1] = "証明書-wide"
	rows[2].Key = "証明書-wide"
	rows[3] = Row{Cells: []string{"", "loading…", ""}, Pending: true}
	m.SetRows(rows)
	m.Update(press("down"))

	golden.RequireEqual(t, []byte(ansi.Strip(m.View())))
}

func TestViewKeepsWidthWithWideCharacters(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetSize(40, 4)
	rows := makeRows(3)
	rows[1].Cells[1] = strings.Repeat("証", 40)
	m.SetRows(rows)

	for i, line := range strings.Split(m.View(), "\n") {
		if w := ansi.StringWidth(line); w != 40 {
			t.Errorf("line %d is %d cells wide, want 40: %q", i, w, ansi.Strip(line))
		}
	}
}

func TestMovementKeys(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetSize(40, 11)
	m.SetRows(makeRows(100))

	m.Update(press("j"))
	if got := m.Selected(); got != 1 {
		t.Errorf("after j selected row %d, want 1", got)
	}

	m.Update(press("pgdown"))
	if got := m.Selected(); got != 10 {
		t.Errorf("after pgdown selected row %d, want 10", got)
	}

	m.Update(press("G"))
	if got := m.Selected(); got != 99 {
		t.Errorf("after G selected row %d, want 99", got)
	}
	if vis := m.Visible(); vis[len(vis)-1] != 99 {
		t.Errorf("last visible row %d, want 99", vis[len(vis)-1])
	}

	m.Update(press("g"))
	if got := m.Selected(); got != 0 {
		t.Errorf("after g selected row %d, want 0", got)
	}
}

func TestMouseWheel(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetRows(makeRows(20))

	moved := m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if !moved || m.Selected() != wheelStep {
		t.Errorf("wheel down: moved=%v selected=%d, want %d", moved, m.Selected(), wheelStep)
	}

	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if m.Selected() != 0 {
		t.Errorf("wheel up: selected %d, want 0", m.Selected())
	}
}

func TestFilterNarrowsAndWidens(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetRows(makeRows(1000))

	m.SetFilter("cvm-00")
	if m.Len() != 100 {
		t.Errorf("filter cvm-00 shows %d rows, want 100", m.Len())
	}

	m.SetFilter("CVM-001")
	if m.Len() != 10 {
		t.Errorf("filter cvm-001 shows %d rows, want 10", m.Len())
	}

	m.SetFilter("cvm-0")
	if m.Len() != 1000 {
		t.Errorf("widened filter cvm-0 shows %d rows, want 1000", m.Len())
	}

	m.SetFilter("")
	if m.Len() != 1000 {
		t.Errorf("empty filter shows %d rows, want 1000", m.Len())
	}
}

func TestFilterKeepsSelection(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetRows(makeRows(50))
	m.Select(12)

	m.SetFilter("cvm-001")
	if got := m.Selected(); got != 12 {
		t.Errorf("selected row %d after filter, want 12", got)
	}

	m.SetFilter("cvm-002")
	if got := m.Selected(); got != 20 {
		t.Errorf("selected row %d when the old one is hidden, want the first match 20", got)
	}
}

func TestFilterSkipsPendingRows(t *testing.T) {
	m := New(testColumns, plainStyles())
	rows := makeRows(5)
	rows[4] = Row{Pending: true}
	m.SetRows(rows)

	m.SetFilter("c")
	if m.Len() != 4 {
		t.Errorf("filter shows %d rows, want the 4 loaded ones", m.Len())
	}
}

func TestSortAndReverse(t *testing.T) {
	m := New(testColumns, plainStyles())
	rows := makeRows(3)
	rows[0].Cells[1], rows[1].Cells[1], rows[2].Cells[1] = "b", "c", "a"
	rows = append(rows, Row{Pending: true})
	m.SetRows(rows)

	m.SetSort(1, false)
	if got := m.view; fmt.Sprint(got) != "[2 0 1 3]" {
		t.Errorf("ascending order %v, want [2 0 1 3]", got)
	}

	m.SetSort(1, true)
	if got := m.view; fmt.Sprint(got) != "[1 0 2 3]" {
		t.Errorf("descending order %v, want [1 0 2 3] with the pending row last", got)
	}

	m.SetSort(-1, false)
	if got := m.view; fmt.Sprint(got) != "[0 1 2 3]" {
		t.Errorf("unsorted order %v, want [0 1 2 3]", got)
	}
}

func TestUpdateRowsRefreshesCache(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetSize(40, 4)
	m.SetRows([]Row{{Pending: true, Cells: []string{"", "loading…"}}, {Pending: true, Cells: []string{"", "loading…"}}})
	_ = m.View()

	m.UpdateRows(1, []Row{{Cells: []string{"1", "arrived", "valid"}, Key: "arrived"}})
	if !strings.Contains(m.View(), "arrived") {
		t.Errorf("view does not show the updated row:\n%s", m.View())
	}
}

func TestResolveWidthsNarrow(t *testing.T) {
	widths := resolveWidths(testColumns, 12)

	if widths[1] < 1 {
		t.Errorf("flexible column got %d cells, want at least 1", widths[1])
	}
	if total := widths[0] + widths[1] + widths[2] + 2; total > 12 {
		t.Errorf("columns take %d cells, more than the 12 available", total)
	}
}

func TestResolveWidthsHidesOptional(t *testing.T) {
	cols := []Column{{Title: "A", Width: 10}, {Title: "FLEX"}, {Title: "B", Width: 10, Optional: true}, {Title: "C", Width: 5}}

	wide := resolveWidths(cols, 60)
	if wide[2] != 10 {
		t.Errorf("optional column hidden at 60 cells: %v", wide)
	}

	narrow := resolveWidths(cols, 35)
	if narrow[2] != 0 {
		t.Errorf("optional column kept at 35 cells: %v", narrow)
	}
	if narrow[1] < minFlexWidth {
		t.Errorf("flexible column got %d cells, want at least %d: %v", narrow[1], minFlexWidth, narrow)
	}
	if used := narrow[0] + narrow[1] + narrow[3] + 2*columnGap; used > 35 {
		t.Errorf("visible columns take %d cells, more than 35", used)
	}
}

func TestFilterQueryVariant(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetRows([]Row{
		{Cells: []string{"a"}, Key: "web 4500 1194"},
		{Cells: []string{"b"}, Key: "db 4501 1195"},
		{Cells: []string{"c"}, Key: "mail 12 0c"},
	})
	m.QueryVariant = func(q string) (string, bool) { return strings.ReplaceAll(q, ":", ""), true }

	m.SetFilter("11:9")
	if m.Len() != 2 {
		t.Errorf("filter 11:9 shows %d rows, want the 2 whose key holds 119", m.Len())
	}

	m.SetFilter("11:94")
	if m.Len() != 1 || m.Selected() != 0 {
		t.Errorf("narrowed filter 11:94 shows %d rows with row %d selected, want only row 0", m.Len(), m.Selected())
	}

	m.SetFilter("0C")
	if m.Len() != 1 || m.Selected() != 2 {
		t.Errorf("filter 0C shows %d rows with row %d selected, want only row 2", m.Len(), m.Selected())
	}
}
