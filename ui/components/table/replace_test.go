package table

import (
	"slices"
	"strings"
	"testing"
)

func TestReplaceRowsKeepsOrderForText(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetRows(makeRows(5))
	m.SetSort(2, false)
	m.MoveTo(3)
	before := m.Filtered()

	// Only the entity text changes, not the status sort key: the order
	// and the selection stay, and the new text is drawn.
	rows := makeRows(5)
	rows[1].Cells[1] = "cvm-renamed"
	rows[4].Cells[1] = "cvm-other"
	m.ReplaceRows([]int{1, 4}, []Row{rows[1], rows[4]})

	if got := m.Filtered(); !slices.Equal(got, before) {
		t.Errorf("order after a text change %v, want %v", got, before)
	}
	if m.Selected() != before[3] {
		t.Errorf("selected row %d, want %d", m.Selected(), before[3])
	}
	m.MoveTo(0)
	if view := m.View(); !strings.Contains(view, "cvm-renamed") || !strings.Contains(view, "cvm-other") {
		t.Errorf("the replaced rows are not drawn:\n%s", view)
	}
}

func TestReplaceRowsResortsOnKeyChange(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetRows(makeRows(5))
	m.SetSort(2, false)
	m.Select(2)

	// Row 3 turns "expired", which sorts before "valid".
	row := makeRows(5)[3]
	row.Cells[2] = "expired"
	m.ReplaceRows([]int{3}, []Row{row})

	if got := m.Filtered(); got[0] != 3 {
		t.Errorf("order after a status change %v, want row 3 first", got)
	}
	if m.Selected() != 2 {
		t.Errorf("selected row %d after the re-sort, want 2", m.Selected())
	}
}

func TestReplaceRowsRefiltersOnKeyChange(t *testing.T) {
	m := New(testColumns, plainStyles())
	m.SetRows(makeRows(5))
	m.SetFilter("cvm-0001")
	if m.Len() != 1 {
		t.Fatalf("filter shows %d rows, want 1", m.Len())
	}

	row := makeRows(5)[2]
	row.Key = "cvm-0001-copy"
	m.ReplaceRows([]int{2, 99}, []Row{row, row})

	if got := m.Filtered(); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("filter after a key change shows %v, want [1 2]", got)
	}
}
