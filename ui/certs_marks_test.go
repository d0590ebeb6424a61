package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// TestBulkSkipsMarksHiddenByExpiryRange marks a certificate, narrows the
// list to a later week in the expiry overview and expects x to leave the
// hidden mark alone.
func TestBulkSkipsMarksHiddenByExpiryRange(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	early := issueWithTTL(t, cl, srv.DomainID, "mark-early", "2h")
	later := issueWithTTL(t, cl, srv.DomainID, "mark-later", "600h") // 25 days: week 4

	now := time.Now()
	c := startConsole(t, Options{Client: cl, Now: func() time.Time { return now }})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("2 total", "mark-early", "mark-later")

	// The newest, mark-later, comes first: mark the second row.
	c.press("j", "space")
	c.waitFor("1 marked", "✓ ")

	c.press("e")
	c.waitFor("Expiry overview")
	c.press("right", "right", "right", "right")
	c.waitFor("week 4, " + weekLabel(now, 3))
	c.press("enter")
	screen := c.waitFor("1 total", "mark-later", "0 marked · 1 hidden by the filter")
	if strings.Contains(screen, "✓") {
		t.Errorf("the narrowed list shows a check mark, but its only row is not marked:\n%s", screen)
	}

	// With every mark hidden, x acts on nothing.
	c.press("x")
	c.waitFor("Nothing done: the 1 marked certificate is hidden by the filter; esc clears the filter, U the marks")

	// With one mark shown, x offers that one and names the hidden one.
	c.press("space")
	c.waitFor("1 marked · 1 hidden by the filter")
	c.press("x")
	c.waitFor("Revoke 1 marked certificate?", "1 other marked certificate not shown is left alone.")
	c.press("y")
	c.waitFor("Revoke of 1 certificate: finished")
	c.press("esc")

	got, err := cl.Certs.Get(context.Background(), srv.DomainID, later.SerialNumber)
	if err != nil {
		t.Fatalf("get mark-later: %v", err)
	}
	if !got.Revoked {
		t.Errorf("the shown, marked mark-later is not revoked")
	}
	got, err = cl.Certs.Get(context.Background(), srv.DomainID, early.SerialNumber)
	if err != nil {
		t.Fatalf("get mark-early: %v", err)
	}
	if got.Revoked {
		t.Errorf("the hidden mark-early was revoked")
	}
}

// TestBulkSkipsMarksHiddenByTextFilter marks two certificates, filters one
// out and expects the title and the confirmation to count only the shown.
func TestBulkSkipsMarksHiddenByTextFilter(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "filter-a")
	issueDirect(t, cl, srv.DomainID, "filter-b")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("2 total", "filter-a", "filter-b")
	c.press("A")
	c.waitFor("2 marked")

	c.press("/")
	c.typeText("filter-b")
	c.press("enter")
	c.waitFor("1 marked · 1 hidden by the filter")
	c.press("r")
	screen := c.waitFor("Renew 1 marked certificate?")
	if !strings.Contains(screen, "1 other marked certificate not shown is left alone.") {
		t.Errorf("the confirmation does not name the hidden mark:\n%s", screen)
	}
	c.press("n")

	// Without the filter both marks count again.
	c.press("esc")
	screen = c.waitFor("2 total · 2 marked")
	if strings.Contains(screen, "hidden by the filter") {
		t.Errorf("the title names hidden marks without a filter:\n%s", screen)
	}
}

// TestMarkOfDeletedCertificate marks a certificate whose entity is then
// deleted on the service: after a refresh the mark is named as no longer
// listed, and r acts on nothing and names the key that clears it.
func TestMarkOfDeletedCertificate(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, cl, srv.DomainID, "mark-kept", "2h")
	issueWithTTL(t, cl, srv.DomainID, "mark-gone", "2h")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("2 total", "mark-kept", "mark-gone")

	// The newest, mark-gone, comes first.
	c.press("space")
	c.waitFor("1 marked", "✓ ")
	if err := cl.Certs.DeleteEntity(context.Background(), srv.DomainID, "mark-gone"); err != nil {
		t.Fatal(err)
	}

	c.press("ctrl+r")
	c.waitFor("1 total", "0 marked · 1 no longer listed")
	c.press("r")
	c.waitFor("Nothing done: the 1 marked certificate is no longer listed; deleted on the service? U clears the marks")
}
