package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// TestExpiryDaysPromptRange types days outside 1 to 3650 at 60x15 and
// expects the whole range in the message, on screen.
func TestExpiryDaysPromptRange(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, cl, srv.DomainID, "days-a", "120h")

	c := startConsole(t, Options{Client: cl})
	c.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("days-a")
	c.press("e")
	c.waitFor("Expiry overview")

	cases := map[string]string{
		"0":    `"0" is out of range: must be 1 to 3650 days`,
		"3651": `"3651" is out of range: must be 1 to 3650 days`,
		"x7":   `"x7" is not a whole number: must be 1 to 3650 days`,
		"":     "Type a number of days: must be 1 to 3650 days",
	}
	for value, want := range cases {
		c.press("w")
		c.waitFor("expiring within days:")
		c.typeText(value)
		c.press("enter")
		screen := c.waitFor(want)
		if got := lineWith(screen, "must be 1 to"); strings.TrimSpace(got) != want {
			t.Errorf("value %q: message line reads %q, want %q on one line", value, got, want)
		}
		c.press("esc")
		c.waitUntil("the prompt closed", func(screen string) bool { return !strings.Contains(screen, "must be 1 to") })
	}
}
