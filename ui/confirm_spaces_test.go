package ui

import (
	"testing"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// remainingEntities returns the entity IDs the server still lists.
func remainingEntities(t *testing.T, cl *client.Client, domainID string) map[string]bool {
	t.Helper()
	left := map[string]bool{}
	for _, cert := range listAll(t, cl, domainID).Certificates {
		left[cert.EntityID] = true
	}
	return left
}

func TestDeleteConfirmTrailingSpace(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "vm one ")
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("vm one")

	// The dialog states that the ID ends with a space, which does not show.
	c.press("ctrl+d")
	c.waitFor("Type the entity ID to confirm", "The entity ID ends with 1 space.")

	// The ID without its space is another entity, and the message names
	// the difference.
	c.typeText("vm one")
	c.press("enter")
	c.waitForWords(`"vm one" does not match the entity ID "vm one ": the typed text has no space at either end, the entity ID ends with 1 space`)
	if left := remainingEntities(t, cl, srv.DomainID); !left["vm one "] {
		t.Fatalf("server lists %v after a mismatch, want \"vm one \" kept", left)
	}

	// With the space, the exact ID deletes.
	c.typeText(" ")
	c.press("enter")
	c.waitFor("Deleted the certificates of")
	if left := remainingEntities(t, cl, srv.DomainID); len(left) != 0 {
		t.Errorf("server lists %v after delete, want none", left)
	}
}

func TestDeleteConfirmSpacesOnlyID(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "   ")
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("1 valid")

	c.press("ctrl+d")
	c.waitFor("Type the entity ID to confirm", "The entity ID is 3 spaces only.")

	// Two spaces are not the ID.
	c.typeText("  ")
	c.press("enter")
	c.waitForWords(`the typed text is 2 spaces only, the entity ID is 3 spaces only`)
	if left := remainingEntities(t, cl, srv.DomainID); !left["   "] {
		t.Fatalf("server lists %v after a mismatch, want the all-space ID kept", left)
	}

	c.typeText(" ")
	c.press("enter")
	c.waitFor("Deleted the certificates of")
	if left := remainingEntities(t, cl, srv.DomainID); len(left) != 0 {
		t.Errorf("server lists %v after delete, want none", left)
	}
}

func TestMismatchTextQuotesInvisibleRunes(t *testing.T) {
	got := mismatchText("ab\u200bc ", "abc")
	want := `"ab<U+200B>c " does not match the entity ID "abc": the typed text ends with 1 space, the entity ID has no space at either end; type it exactly, or esc to cancel`
	if got != want {
		t.Errorf("mismatchText = %q\nwant %q", got, want)
	}
}
