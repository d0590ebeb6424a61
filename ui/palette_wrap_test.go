package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// TestPaletteMessageKeepsFlagWhole runs "profile" without a config file of
// profiles at several widths and expects --profile on one line each time.
func TestPaletteMessageKeepsFlagWhole(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	for _, width := range []int{60, 64, 70, 80, 120} {
		c.tm.Send(tea.WindowSizeMsg{Width: width, Height: 20})
		c.press(":")
		c.waitFor("Command")
		c.typeText("profile")
		c.press("enter")
		screen := c.waitFor("Profile switching needs")
		if !strings.Contains(screen, "--profile NAME") {
			t.Errorf("at width %d the message splits --profile NAME:\n%s", width, screen)
		}
		c.press("esc")
		c.waitUntil("the palette closed", func(screen string) bool { return !strings.Contains(screen, "Profile switching needs") })
	}
}

func TestWrapWordsBreaksOnlyAtSpaces(t *testing.T) {
	cases := []struct {
		text  string
		width int
		want  string
	}{
		{"start certs-tui with --profile NAME", 24, "start certs-tui with\n--profile NAME"},
		{"one two", 20, "one two"},
		{"abcdefghij", 4, "abcd\nefgh\nij"},
		{"", 10, ""},
	}
	for _, tc := range cases {
		if got := wrapWords(tc.text, tc.width); got != tc.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}
