package ui

import (
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// TestFilterMatchesHexSerial types parts of a serial's hex form into the
// filter, with and without colons and in either case, in both serial forms.
func TestFilterMatchesHexSerial(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "stale-1")
	cert := issueDirect(t, cl, srv.DomainID, "fresh-3")

	hex := hexSerial(cert.SerialNumber) // such as 11:7F:…:55:9F
	first, last := hex[:8], hex[len(hex)-8:]
	queries := []string{
		last,                   // 3 bytes as shown: "D4:55:9F"
		strings.ToLower(first), // "11:7f:0a"
		strings.ReplaceAll(strings.ToLower(first), ":", ""), // "117f0a"
		strings.ReplaceAll(last, ":", ""),                   // "D4559F"
	}

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("2 total", "stale-1", "fresh-3")

	for _, hexShown := range []bool{true, false} {
		if hexShown {
			c.press("h")
			c.waitFor(shortSerial(hex, shortSerialWidth))
		}
		for _, q := range queries {
			c.press("/")
			c.typeText(q)
			c.press("enter")
			screen := c.waitFor("filter /" + strings.ToLower(q) + ": ")
			if !strings.Contains(screen, ": 1 of 2 loaded shown") {
				t.Errorf("hex form %v, filter %q does not count 1 of 2 shown:\n%s", hexShown, q, screen)
			}
			if !strings.Contains(screen, "fresh-3") {
				t.Errorf("hex form %v, filter %q hides fresh-3:\n%s", hexShown, q, screen)
			}
			if strings.Contains(screen, "stale-1") {
				t.Errorf("hex form %v, filter %q shows stale-1:\n%s", hexShown, q, screen)
			}
			c.press("esc")
			c.waitFor("stale-1", "fresh-3")
		}
		if hexShown {
			c.press("h")
		}
	}
}
