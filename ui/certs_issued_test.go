package ui

import (
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// TestDownloadAfterIssueWhileFiltered issues a certificate that the text
// filter hides and expects d to download the new one, not the selected row.
func TestDownloadAfterIssueWhileFiltered(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "keep-1")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("1 total", "keep-1")
	c.press("/")
	c.typeText("keep")
	c.press("enter")
	c.waitFor("filter /keep: 1 of 1 loaded shown")

	c.press("i")
	c.waitFor("Issue a certificate")
	c.typeText("new-9")
	c.press("tab", "tab")
	c.typeText("10.0.0.9")
	c.press("enter")
	c.waitFor("Issued serial", "2 total")

	page := listAll(t, cl, srv.DomainID)
	var serial string
	for _, cert := range page.Certificates {
		if cert.EntityID == "new-9" {
			serial = cert.SerialNumber
		}
	}
	if serial == "" {
		t.Fatalf("the server does not list new-9: %+v", page.Certificates)
	}

	c.press("d")
	screen := c.waitFor("Certificate, private key and CA chain of")
	if !strings.Contains(screen, "chain of new-9 (serial") {
		t.Errorf("d after the issue does not offer new-9:\n%s", screen)
	}
	if tail := serial[len(serial)-10:] + ")"; !strings.Contains(screen, tail) {
		t.Errorf("d after the issue does not offer serial %s, ending %s:\n%s", serial, tail, screen)
	}
	if strings.Contains(screen, "chain of keep-1") {
		t.Errorf("d after the issue offers the selected keep-1:\n%s", screen)
	}

	// Any other key first makes d act on the selected row again.
	c.press("esc")
	c.waitFor("filter /keep: 1 of")
	c.press("j", "d")
	screen = c.waitFor("Certificate, private key and CA chain of")
	if !strings.Contains(screen, "chain of keep-1") {
		t.Errorf("d after another key does not offer the selected keep-1:\n%s", screen)
	}
}

// TestDownloadAfterIssueInNarrowedList issues a certificate outside the
// expiry range the list is narrowed to and expects d to download it.
func TestDownloadAfterIssueInNarrowedList(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, cl, srv.DomainID, "soon-1", "2h")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("1 total", "soon-1")
	c.press("e")
	c.waitFor("Expiry overview")
	c.press("right")
	c.waitFor("week 1, ")
	c.press("enter")
	c.waitFor("Certificates expiring", "1 total", "soon-1")

	// The default validity of 30 days puts the new certificate past week 1.
	c.press("i")
	c.waitFor("Issue a certificate")
	c.typeText("late-2")
	c.press("tab", "tab")
	c.typeText("10.0.0.8")
	c.press("enter")
	screen := c.waitFor("Issued serial")
	if strings.Contains(screen, "late-2 ") {
		t.Fatalf("the week-1 list shows the 30-day late-2:\n%s", screen)
	}

	c.press("d")
	screen = c.waitFor("Certificate, private key and CA chain of")
	if !strings.Contains(screen, "chain of late-2 (serial") {
		t.Errorf("d after the issue does not offer late-2:\n%s", screen)
	}
}
