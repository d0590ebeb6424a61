package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// TestExpiryOverviewFollowsClock lets a certificate expire while the
// overview is open and expects the counts, the bars, the preview and the
// list that enter opens to follow the clock tick without a request.
func TestExpiryOverviewFollowsClock(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, direct, srv.DomainID, "tick-short", "2h")
	issueWithTTL(t, direct, srv.DomainID, "tick-long", "720h")

	front, calls := countingProxy(t, srv.URL)
	clock := &testClock{now: time.Now()}
	c := startConsole(t, Options{Client: newTestClient(t, front, srv.Token), Now: clock.Now, ExpiringWithin: 3 * time.Hour})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("2 total", "tick-short", "tick-long")
	c.press("e")
	screen := c.waitFor("1 valid · 1 expiring · 0 expired", "next 12 weeks: 2")
	if line := lineWith(screen, "tick-short"); !strings.Contains(line, "in 1h") {
		t.Fatalf("before time passes tick-short reads %q, want in 1h", line)
	}

	// Three hours later tick-short has expired: it leaves the counts, its
	// bar and the preview.
	before := calls.Load()
	clock.advance(3 * time.Hour)
	c.tm.Send(clockTickMsg{})
	screen = c.waitFor("1 valid · 0 expiring · 1 expired", "next 12 weeks: 1")
	if strings.Contains(screen, "tick-short") {
		t.Errorf("the preview still lists the expired tick-short:\n%s", screen)
	}
	if got := strings.Fields(lineAbove(screen, "w1")); len(got) == 0 || got[0] != "0" {
		t.Errorf("week 1 counts %v after tick-short expired, want 0:\n%s", got, screen)
	}
	if after := calls.Load(); after != before {
		t.Errorf("the clock tick made %d requests, want none", after-before)
	}

	// enter lists what the bars count.
	c.press("enter")
	screen = c.waitFor("1 total", "tick-long")
	if strings.Contains(screen, "tick-short") {
		t.Errorf("the list from the overview shows the expired tick-short:\n%s", screen)
	}
}
