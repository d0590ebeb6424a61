package ui

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestPaletteSwitchesProfile(t *testing.T) {
	first := servertest.Start(t)
	second := servertest.Start(t)
	firstClient := newTestClient(t, first.URL, first.Token)
	secondClient := newTestClient(t, second.URL, second.Token)
	issueDirect(t, firstClient, first.DomainID, "on-first")
	issueDirect(t, secondClient, second.DomainID, "on-second")

	var mu sync.Mutex
	var requested []string
	switchProfile := func(name string) (Options, error) {
		mu.Lock()
		requested = append(requested, name)
		mu.Unlock()
		if name != "second" {
			return Options{}, errors.New("profile " + name + " is not in the config file")
		}
		return Options{Client: secondClient, Service: second.URL, Profile: "second", ReadOnly: true}, nil
	}

	c := startConsole(t, Options{Client: firstClient, Profile: "first", Profiles: []string{"first", "second"}, SwitchProfile: switchProfile})
	c.waitFor("Domains", "profile first")
	c.press("enter")
	c.waitFor("on-first")

	// ":" opens the palette and tab completes the profile name.
	c.press(":")
	c.waitFor("Command", "profile second")
	c.typeText("profile s")
	c.press("tab")
	c.waitFor(":profile second")

	// This switch succeeds; the next one fails and keeps the profile.
	c.press("enter")
	screen := c.waitFor("Switched to profile second", "profile second", "[READ-ONLY]", "Domains")
	if strings.Contains(screen, "on-first") {
		t.Errorf("the first profile's certificates remain after the switch:\n%s", screen)
	}
	c.press("enter")
	c.waitFor("on-second")

	c.press(":")
	c.typeText("profile nowhere")
	c.press("enter")
	c.waitFor("Switching to profile nowhere failed, so the console stays on second: profile nowhere is not in", "profile second")

	mu.Lock()
	got := strings.Join(requested, ",")
	mu.Unlock()
	if got != "second,nowhere" {
		t.Errorf("SwitchProfile was called for %q, want second,nowhere", got)
	}
}

func TestPaletteRunsCommands(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "pal-a")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")

	// Without a config file the palette offers no profile command.
	c.press(":")
	screen := c.waitFor("Command", "domains", "quit")
	if strings.Contains(screen, "profile ") {
		t.Errorf("the palette offers profiles without SwitchProfile:\n%s", screen)
	}

	c.typeText("certs")
	c.press("enter")
	c.waitFor("No domain is open")

	c.press(":")
	c.typeText("bogus")
	c.press("enter")
	c.waitFor(`Unknown command "bogus"`)
	c.press("esc")

	c.press(":")
	c.typeText("ca")
	c.press("enter")
	c.waitFor("CA chain of the service", "1. issuing CA")

	c.press(":")
	c.typeText("domains")
	c.press("enter")
	c.waitFor("Domains", "enter opens")

	c.press("enter")
	c.waitFor("pal-a")
	c.press(":")
	c.typeText("quit")
	c.press("enter")
	c.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
