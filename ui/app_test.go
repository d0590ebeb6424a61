package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/certs-tui/certs-tui/client"
)

func TestAppAdaptsToLightBackground(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	dark := a.View().Content

	feed(a, tea.BackgroundColorMsg{Color: color.White})
	if a.c.Styles.IsDark {
		t.Fatalf("styles are still dark after a white background was reported")
	}
	if light := a.View().Content; light == dark {
		t.Errorf("frame did not change colours for a light background")
	}
	if ansi.Strip(a.View().Content) != ansi.Strip(dark) {
		t.Errorf("frame text changed with the background colour")
	}
}

func TestAppNoColorKeepsLabels(t *testing.T) {
	a := newTestApp(t, Options{NoColor: true})
	openTestDomain(a, testCertificates(), 4)
	feed(a, tea.BackgroundColorMsg{Color: color.Black})

	frame := a.View().Content
	for _, seq := range []string{"[38;", "[48;", "[3" + "1m", "[9"} {
		if strings.Contains(frame, seq) {
			t.Errorf("NO_COLOR frame contains colour sequence %q", seq)
		}
	}
	for _, label := range []string{"valid", "expiring", "expired", "revoked"} {
		if !strings.Contains(ansi.Strip(frame), label) {
			t.Errorf("NO_COLOR frame lost the %q label", label)
		}
	}

	// Dialogs and their text fields draw without colour too.
	feed(a, keyPress("i"))
	if form := a.View().Content; strings.Contains(form, "[38;") || strings.Contains(form, "[48;") {
		t.Errorf("NO_COLOR issue form contains colour sequences")
	}
}

func TestAppFollowsResize(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)

	for _, size := range [][2]int{{60, 15}, {200, 60}, {61, 16}} {
		feed(a, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(screenText(a), "\n")
		if len(lines) != size[1] {
			t.Errorf("%dx%d: frame has %d lines", size[0], size[1], len(lines))
		}
		for i, line := range lines {
			if w := ansi.StringWidth(line); w > size[0] {
				t.Errorf("%dx%d: line %d is %d cells wide: %q", size[0], size[1], i, w, line)
			}
		}
		if !strings.Contains(screenText(a), "cvm-01") {
			t.Errorf("%dx%d: the list does not show", size[0], size[1])
		}
	}

	feed(a, tea.WindowSizeMsg{Width: 60, Height: 14})
	if !strings.Contains(screenText(a), "needs at least 60×15") {
		t.Errorf("60x14 does not show the size notice:\n%s", screenText(a))
	}
}

func TestAppDropsStalePages(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	a.certs.reload()

	stale := certPageMsg{gen: a.certs.gen - 1, page: client.CertificatePage{Total: 1, Certificates: []client.Certificate{{SerialNumber: "7", EntityID: "stale-entity"}}}}
	feed(a, stale)
	if strings.Contains(screenText(a), "stale-entity") {
		t.Errorf("a reply of an older load was drawn")
	}
}

func TestAppSortCyclesAndReverses(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)

	feed(a, keyPress("s"), keyPress("s"))
	if !strings.Contains(screenText(a), "sorted by entity ↑") {
		t.Fatalf("two presses of s do not sort by entity:\n%s", screenText(a))
	}
	if got := a.certs.rows[a.certs.table.Selected()].entity; got != "cvm-01" {
		t.Errorf("selection moved to %q while sorting, want it kept on cvm-01", got)
	}

	feed(a, keyPress("g"))
	if got := a.certs.rows[a.certs.table.Selected()].entity; got != "backend-red" {
		t.Errorf("first row by entity is %q, want backend-red", got)
	}

	feed(a, keyPress("S"), keyPress("g"))
	if got := a.certs.rows[a.certs.table.Selected()].entity; got != "計算-wide" {
		t.Errorf("first row by entity reversed is %q, want 計算-wide", got)
	}
}

func TestAppMouseWheelScrolls(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)

	feed(a, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := a.certs.table.Selected(); got != 3 {
		t.Errorf("wheel down selected row %d, want 3", got)
	}
}

func TestAppQuitOnlyFromTop(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)

	_, cmd := a.Update(keyPress("q"))
	if a.certs != nil {
		t.Fatalf("q on the list did not go back to the domains")
	}
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatalf("q on the list quit the console")
		}
	}

	_, cmd = a.Update(keyPress("q"))
	if cmd == nil {
		t.Fatalf("q on the domains returned no command")
	}
	if _, quit := cmd().(tea.QuitMsg); !quit {
		t.Errorf("q on the domains did not quit")
	}
}

func TestStatusLineClearsItself(t *testing.T) {
	var s statusLine
	s.set(levelInfo, "first")
	s.set(levelError, "second")

	s.clear(clearStatusMsg{seq: 1})
	if s.text != "second" {
		t.Errorf("the timer of an older message cleared %q", s.text)
	}

	s.clear(clearStatusMsg{seq: 2})
	if s.text != "" {
		t.Errorf("status %q stayed after its timer", s.text)
	}
}

func TestFilterByEntityOrSerial(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)

	feed(a, keyPress("/"))
	typeText(a, "1187")
	screen := screenText(a)
	if !strings.Contains(screen, "backend-red") || strings.Contains(screen, "cvm-01 ") {
		t.Errorf("filter by serial 1187 shows the wrong rows:\n%s", screen)
	}

	feed(a, keyPress("esc"), keyPress("/"))
	typeText(a, "CVM-0")
	if got := a.certs.table.Len(); got != 2 {
		t.Errorf("filter CVM-0 shows %d rows, want 2", got)
	}
}

func TestHelpScrollsOnSmallTerminal(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, tea.WindowSizeMsg{Width: 60, Height: 15}, keyPress("?"))

	first := screenText(a)
	if !strings.Contains(first, "↑/↓ scroll") {
		t.Fatalf("help on 60x15 does not offer scrolling:\n%s", first)
	}
	if lines := strings.Split(first, "\n"); len(lines) != 15 {
		t.Errorf("help frame has %d lines, want 15", len(lines))
	}

	// Scrolling to the end reaches the last group of keys.
	for range 20 {
		feed(a, keyPress("j"))
	}
	if last := screenText(a); !strings.Contains(last, "quit now") {
		t.Errorf("help scrolled to the end does not show ctrl+c:\n%s", last)
	}
}

func TestIssuedCertificateIsSelected(t *testing.T) {
	a := newTestApp(t, Options{})
	certs := testCertificates()
	openTestDomain(a, certs, len(certs))
	feed(a, keyPress("s"), keyPress("s")) // sort by entity, so the new row is not first

	issued := client.Certificate{SerialNumber: "555", EntityID: "cvm-00", EntityType: "cvm", ExpiryTime: fixedNow.Add(30 * 24 * time.Hour)}
	feed(a, actionDoneMsg{action: action{kind: actionIssue, domainID: testDomain.ID}, cert: issued})
	page := append([]client.Certificate{issued}, certs...)
	feed(a, certPageMsg{gen: a.certs.gen, page: client.CertificatePage{Total: len(page), Certificates: page}})

	if got := a.certs.rows[a.certs.table.Selected()].serial; got != "555" {
		t.Errorf("selected serial %q after issue, want the new 555", got)
	}
	if !strings.Contains(screenText(a), "Issued serial 555 for") {
		t.Errorf("status does not report the issue:\n%s", screenText(a))
	}
}

func TestEndLoadsLastPage(t *testing.T) {
	a := newTestApp(t, Options{})
	var first []client.Certificate
	for i := range certPageSize {
		first = append(first, client.Certificate{SerialNumber: fmt.Sprint(100000 + i), EntityID: fmt.Sprintf("e-%d", i)})
	}
	openTestDomain(a, first, 5000)

	feed(a, keyPress("G"))
	if !a.certs.inflight[4800] {
		t.Errorf("G did not request the last page at offset 4800; requested %v", a.certs.inflight)
	}
	if !strings.Contains(screenText(a), "row 5000") || !strings.Contains(screenText(a), "loading…") {
		t.Errorf("the last rows do not show as loading:\n%s", screenText(a))
	}
}

func TestRevokeReasonPickerWraps(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("x"), keyPress("left"))

	if !strings.Contains(screenText(a), "Reason (←/→): aa_compromise") {
		t.Errorf("left from unspecified does not pick the last reason:\n%s", screenText(a))
	}

	feed(a, keyPress("right"), keyPress("right"))
	if !strings.Contains(screenText(a), "Reason (←/→): key_compromise") {
		t.Errorf("right twice does not reach key_compromise:\n%s", screenText(a))
	}
}

func TestSortLabelNamesLoadedRows(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 400)
	feed(a, keyPress("s"))

	if !strings.Contains(screenText(a), "sorted by serial ↑ (loaded rows)") {
		t.Errorf("sort over a partly loaded list does not say it covers the loaded rows:\n%s", screenText(a))
	}
}

func TestHugeTotalIsCapped(t *testing.T) {
	a := newTestApp(t, Options{})
	a.openDomain(testDomain)
	a.certs.maxRows = 1000
	feed(a, certPageMsg{gen: a.certs.gen, page: client.CertificatePage{Total: 5_000_000, Certificates: testCertificates()}})

	if got := len(a.certs.rows); got != 1000 {
		t.Errorf("list keeps %d rows for a total of 5,000,000, want the cap of 1000", got)
	}
	screen := screenText(a)
	if !strings.Contains(screen, "5000000 total") || !strings.Contains(screen, "first 1000 listed") {
		t.Errorf("title does not state the cap:\n%s", screen)
	}
}
