package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// screenWords is the screen with box borders gone and runs of space joined,
// so a message wrapped over rows reads as one line.
func screenWords(screen string) string {
	for _, border := range []string{"│", "╭", "╮", "╰", "╯", "─"} {
		screen = strings.ReplaceAll(screen, border, " ")
	}
	return strings.Join(strings.Fields(screen), " ")
}

func TestDeleteDialogSmallTerminal(t *testing.T) {
	// An entity ID of the maximum length, ending in a marker.
	entity := ("cvm-" + strings.Repeat("a1b2", 40))[:maxEntityIDLength-8] + "-endmark"
	if len(entity) != maxEntityIDLength {
		t.Fatalf("test entity is %d characters, want %d", len(entity), maxEntityIDLength)
	}

	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	// The common name contains at most 64 characters, so it is given separately.
	req := client.IssueRequest{EntityType: "cvm", EntityID: entity, CommonName: "cvm-long", IPAddresses: []string{"10.1.2.3"}}
	if _, err := cl.Certs.Issue(context.Background(), srv.DomainID, req); err != nil {
		t.Fatalf("issue %s: %v", entity, err)
	}
	c := startConsole(t, Options{Client: cl})
	c.waitFor("default")
	c.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	c.press("enter")
	c.waitFor("cvm-a1b2a1b2a1… cvm") // the 60-column list

	c.press("ctrl+d")
	c.waitFor("Type the entity ID to confirm", "> ")

	// A wrong ID ending in a marker: the input shows its end, and the
	// error shows in full below it.
	c.typeText(entity[:maxEntityIDLength-8] + "-wrongid")
	c.press("enter")
	screen := c.waitFor("Type the entity ID to confirm", "-wrongid", "does not match")
	if words := screenWords(screen); !strings.Contains(words, "type it exactly, or esc to cancel") {
		t.Errorf("the end of the mismatch error is cut off:\n%s", screen)
	}

	// The exact ID still deletes.
	for range maxEntityIDLength {
		c.press("backspace")
	}
	c.typeText(entity)
	c.press("enter")
	c.waitFor("Deleted the certificates of")
	if page := listAll(t, cl, srv.DomainID); page.Total != 0 {
		t.Errorf("server lists %d certificates after delete, want 0", page.Total)
	}
}

func TestIssueRejectionSmallTerminal(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	c := startConsole(t, Options{Client: cl})
	c.waitFor("default")
	c.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	c.press("enter")
	c.waitFor("This domain has no certificates yet")
	if screen := c.app.screen(); strings.Count(screen, "\n") > 15 {
		t.Fatalf("the screen is not 15 rows tall:\n%s", screen)
	}

	c.press("i")
	c.waitFor("Issue a certificate")
	c.typeText("cvm-long-ttl")
	c.press("tab", "tab", "tab", "tab")
	c.typeText("100000d")
	c.press("enter")

	// The local CA rejects a certificate that outlives it. The title, the
	// focused TTL field and the start of the reason show together, and
	// pgdn scrolls the rest of the reason into view.
	screen := c.waitFor("400", "100000d")
	for _, want := range []string{"Issue a certificate", "› TTL", "Issue failed"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the form at 60x15 does not show %q:\n%s", want, screen)
		}
	}
	c.tm.Send(tea.KeyPressMsg{Code: tea.KeyPgDown})
	c.waitUntil("the end of the server's reason", func(screen string) bool {
		return strings.Contains(screenWords(screen), "choose a shorter ttl") && strings.Contains(screen, "Issue a certificate")
	})
}
