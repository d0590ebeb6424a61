package ui

import (
	"net"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestConsoleShowsUnauthorized(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, "wrong-token")
	c := startConsole(t, Options{Client: cl})

	c.waitFor("Could not list the domains", "401", "the token is missing or expired", "ctrl+r retry")
}

func TestConsoleShowsNotFoundDomain(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	c := startConsole(t, Options{Client: cl, Domains: []string{"no-such-domain"}})

	c.waitFor("default", "no-such-domain")
	c.press("j", "enter")
	c.waitFor("Could not load the certificates of no-such-domain", "404", "refresh with ctrl+r")

	// esc returns to the domains, which still work.
	c.press("esc")
	c.waitFor("Domains", "default")
}

func TestConsoleShowsDroppedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()

	cl := newTestClient(t, "http://"+ln.Addr().String(), "token")
	c := startConsole(t, Options{Client: cl, Domains: []string{"d1"}})

	// The configured domain still shows, with a warning about the list.
	c.waitFor("d1", "Listing domains failed", "did not answer")
	c.press("enter")
	c.waitFor("Could not load the certificates of d1", "did not answer", "ctrl+r retry")
}

func TestConsoleDropsRepliesOfLeftScreen(t *testing.T) {
	srv := servertest.Start(t)
	srv.Seed(srv.DomainID, 300)
	cl := newTestClient(t, srv.URL, srv.Token)
	c := startConsole(t, Options{Client: cl})

	// Leave the list right after opening it: the page that arrives later
	// must not bring the list back or change the header.
	c.waitFor("default")
	c.press("enter", "esc")
	screen := c.waitFor("Domains", "Pick a domain")
	if containsText(screen, "Certificates of") {
		t.Errorf("list shown after leaving it:\n%s", screen)
	}

	c.press("enter")
	c.waitFor("300 total")
}
