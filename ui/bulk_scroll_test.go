package ui

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// positionLine matches the position line of a scrolled dialog.
var positionLine = regexp.MustCompile(`rows (\d+)–(\d+) of (\d+)`)

// dialogWindow returns the first row, last row and row count that the
// position line of the screen names.
func dialogWindow(t *testing.T, screen string) (first, last, total int) {
	t.Helper()
	m := positionLine.FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no position line on the screen:\n%s", screen)
	}
	first, _ = strconv.Atoi(m[1])
	last, _ = strconv.Atoi(m[2])
	total, _ = strconv.Atoi(m[3])
	return first, last, total
}

func TestBulkFailuresAllReachable(t *testing.T) {
	const count = 12
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	for i := range count {
		cert := issueDirect(t, cl, srv.DomainID, fmt.Sprintf("gone-%02d", i))
		if err := cl.Certs.Revoke(context.Background(), srv.DomainID, cert.SerialNumber, ""); err != nil {
			t.Fatalf("revoke %s: %v", cert.SerialNumber, err)
		}
	}

	// Revoking revoked certificates fails each time with a 409.
	c := startConsole(t, Options{Client: cl})
	c.waitFor("default")
	c.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	c.press("enter")
	c.waitFor(fmt.Sprintf("%d revoked", count))
	c.press("A", "x")
	c.waitFor(fmt.Sprintf("Revoke %d marked", count))
	c.press("y")
	screen := c.waitFor(fmt.Sprintf("%d failed", count), "finished")
	if strings.Contains(screen, "more;") {
		t.Errorf("the dialog cuts the failure list short:\n%s", screen)
	}

	// Page down shows the next window with no row skipped, to the end.
	seen := map[string]bool{}
	first, last, total := dialogWindow(t, screen)
	if first != 1 {
		t.Fatalf("the failure list opens at row %d, want 1", first)
	}
	for {
		for i := range count {
			if name := fmt.Sprintf("gone-%02d", i); strings.Contains(screen, name) {
				seen[name] = true
			}
		}
		if last == total {
			break
		}

		c.tm.Send(tea.KeyPressMsg{Code: tea.KeyPgDown})
		wantFirst := min(last+1, total-(last-first))
		screen = c.waitFor(fmt.Sprintf("rows %d–", wantFirst))
		nextFirst, nextLast, _ := dialogWindow(t, screen)
		if nextLast-nextFirst != last-first {
			t.Fatalf("page down changed the window from %d to %d rows", last-first+1, nextLast-nextFirst+1)
		}
		first, last = nextFirst, nextLast
	}
	if len(seen) != count {
		t.Errorf("paging shows %d of %d failed entities: %v", len(seen), count, seen)
	}
}

func TestBulkWithoutFailuresOmitsMarkNote(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "fine-1")
	issueDirect(t, cl, srv.DomainID, "fine-2")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("default")
	c.press("enter")
	c.waitFor("2 valid")
	c.press("A", "x")
	c.waitFor("Revoke 2 marked")
	c.press("y")
	screen := c.waitFor("0 failed", "esc or enter closes")
	if strings.Contains(screen, "stay marked") {
		t.Errorf("a batch without failures mentions marked failures:\n%s", screen)
	}
}
