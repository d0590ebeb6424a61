package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// finishedBulkRun returns a finished revoke of n rows taken in turn from
// rows, where every call failed with a long reason.
func finishedBulkRun(rows []certRow, n int) *bulkRun {
	batch := make([]certRow, n)
	for i := range batch {
		batch[i] = rows[i%len(rows)]
	}
	run := newBulkRun(actionRevoke, testDomain.ID, "", batch)
	for i, row := range run.rows {
		err := fmt.Errorf("failure %02d: the service could not revoke this certificate because its store is read-only for maintenance", i)
		run.record(bulkResultMsg{run: run, row: row, err: err})
	}
	run.finished = true
	return run
}

func TestDialogsFitSmallTerminals(t *testing.T) {
	for _, size := range [][2]int{{60, 15}, {100, 30}, {120, 40}} {
		a := newTestApp(t, Options{})
		feed(a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		openTestDomain(a, testCertificates(), 4)

		dialogs := map[string]func(){}
		for _, k := range []string{"i", "r", "x", "ctrl+d", "d", ":"} {
			dialogs["key "+k] = func() { feed(a, keyPress(k)) }
		}
		dialogs["bulk confirm"] = func() { a.openDialog(newBulkConfirmDialog(a.c, actionRevoke, testDomain.ID, a.certs.rows)) }
		dialogs["bulk result"] = func() { a.openDialog(newBulkProgressDialog(a.c, finishedBulkRun(a.certs.rows, 8))) }
		dialogs["login"] = func() { a.openDialog(newLoginDialog(a.c)) }
		dialogs["overwrite"] = func() {
			a.openDialog(newOverwriteDialog(a.c, actionDoneMsg{action: action{kind: actionDownload, serial: "42", entity: "cvm-02", dir: "/tmp/bundles"}}))
		}

		for name, open := range dialogs {
			a.dialog = nil
			open()
			if a.dialog == nil {
				t.Errorf("%dx%d %s: no dialog opened", size[0], size[1], name)
				continue
			}
			view := a.dialog.View()
			if w := lipgloss.Width(view); w > size[0]-2 {
				t.Errorf("%dx%d %s: dialog is %d wide, want at most %d so a column stays free on each side", size[0], size[1], name, w, size[0]-2)
			}
			if h := lipgloss.Height(view); h > a.bodyHeight() {
				t.Errorf("%dx%d %s: dialog is %d rows tall, the body has %d", size[0], size[1], name, h, a.bodyHeight())
			}
		}
	}
}

func TestBulkResultScrolls(t *testing.T) {
	a := newTestApp(t, Options{})
	feed(a, tea.WindowSizeMsg{Width: 60, Height: 15})
	openTestDomain(a, testCertificates(), 4)
	a.openDialog(newBulkProgressDialog(a.c, finishedBulkRun(a.certs.rows, 8)))

	first := screenText(a)
	for _, want := range []string{"╭", "╰", "esc or enter", "closes.", "rows 1–"} {
		if !strings.Contains(first, want) {
			t.Errorf("the bulk result at 60x15 does not show %q:\n%s", want, first)
		}
	}

	feed(a, keyPress("j"))
	if next := screenText(a); next == first || !strings.Contains(next, "rows 2–") {
		t.Errorf("j does not scroll the bulk result:\n%s", next)
	}
	feed(a, tea.KeyPressMsg{Code: tea.KeyPgDown})
	if !strings.Contains(screenText(a), "failure 0") {
		t.Errorf("pgdown does not reach the failures:\n%s", screenText(a))
	}

	// The last rows are reachable and the dialog still closes.
	for range 60 {
		feed(a, keyPress("down"))
	}
	var from, to, total int
	line := lineWith(screenText(a), "j/k scroll")
	if _, err := fmt.Sscanf(strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "│")), "rows %d–%d of %d", &from, &to, &total); err != nil || to != total {
		t.Errorf("down does not reach the last row; position line %q:\n%s", line, screenText(a))
	}
	feed(a, keyPress("esc"))
	if a.dialog != nil {
		t.Error("esc does not close the finished bulk result")
	}
}

func TestDialogFrameFollowsSpan(t *testing.T) {
	// Blank rows go first, so the frames scroll 7 rows: title, the three
	// fields and the three rows of the error.
	body := []string{"title", "", "field-a", "field-b", "field-c", "", "error-1\nerror-2\nerror-3"}
	cases := []struct {
		name        string
		first, last int
		height      int
		want        []string // rows that must show
		hidden      []string // rows that must not show
	}{
		{"span fits", 3, 6, 6, []string{"field-b", "error-3"}, []string{"title", "field-a"}},
		{"span too tall shows the last entry", 2, 6, 6, []string{"error-1", "error-3"}, []string{"field-a"}},
		{"last entry too tall shows its start", 4, 6, 3, []string{"error-1"}, []string{"field-c", "error-3"}},
		{"single field", 3, 3, 3, []string{"field-b"}, []string{"title"}},
	}
	for _, tc := range cases {
		f := dialogFrame{height: tc.height}
		view := f.renderFollowing(lipgloss.NewStyle(), body, nil, tc.first, tc.last)
		if h := lipgloss.Height(view); h > tc.height {
			t.Errorf("%s: %d rows drawn, want at most %d:\n%s", tc.name, h, tc.height, view)
		}
		for _, want := range tc.want {
			if !strings.Contains(view, want) {
				t.Errorf("%s: %q is out of view:\n%s", tc.name, want, view)
			}
		}
		for _, hidden := range tc.hidden {
			if strings.Contains(view, hidden) {
				t.Errorf("%s: %q shows, want it scrolled away:\n%s", tc.name, hidden, view)
			}
		}
	}
}
