package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// issueLabels are the form's field labels, by field.
var issueLabels = [fieldCount]string{
	fieldEntityID:   "Entity ID",
	fieldEntityType: "Entity type",
	fieldIPs:        "IP addresses",
	fieldDNSNames:   "DNS names",
	fieldTTL:        "TTL",
	fieldCommonName: "Common name",
}

func TestIssueFormFocusInViewAt60x15(t *testing.T) {
	a := newTestApp(t, Options{})
	feed(a, tea.WindowSizeMsg{Width: 60, Height: 15})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("i"))
	d, ok := a.dialog.(*issueDialog)
	if !ok {
		t.Fatalf("i opened %T, want the issue form", a.dialog)
	}

	// A long error below the fields makes the form taller than the screen.
	d.errText = "Issue failed: " + strings.Repeat("the service rejected the request for a reason that takes many rows; ", 4) + "END"

	for range 2 * fieldCount {
		screen := screenText(a)
		for _, want := range []string{"Issue a certificate", "› " + issueLabels[d.focus], "esc cancel", "pgup/pgdn scroll"} {
			if !strings.Contains(screen, want) {
				t.Errorf("focus on %s: the form at 60x15 does not show %q:\n%s", issueLabels[d.focus], want, screen)
			}
		}
		if h := lipgloss.Height(a.dialog.View()); h > a.bodyHeight() {
			t.Errorf("focus on %s: the form is %d rows tall, the body has %d", issueLabels[d.focus], h, a.bodyHeight())
		}
		feed(a, keyPress("tab"))
	}

	// pgdn scrolls to the end of the error; the title stays.
	for range 4 {
		feed(a, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	screen := screenText(a)
	if !strings.Contains(screen, "END") || !strings.Contains(screen, "Issue a certificate") {
		t.Errorf("pgdn does not show the end of the error under the title:\n%s", screen)
	}

	// Moving the focus brings the focused field back into view.
	feed(a, keyPress("tab"))
	if screen := screenText(a); !strings.Contains(screen, "› "+issueLabels[d.focus]) {
		t.Errorf("after tab, the focused %s is out of view:\n%s", issueLabels[d.focus], screen)
	}
}

func TestIssueInvisibleNoticeFitsAt60x15(t *testing.T) {
	a := newTestApp(t, Options{})
	feed(a, tea.WindowSizeMsg{Width: 60, Height: 15})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("i"))
	typeText(a, "ab\u202ecd")

	// The notice shows whole, with every field, and nothing scrolls.
	screen := screenText(a)
	for _, want := range []string{"Delete the invisible U+202E; the service rejects it", "› Entity ID", "Common name"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the form at 60x15 does not show %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "rows 1–") {
		t.Errorf("the form scrolls although the notice fits:\n%s", screen)
	}
}
