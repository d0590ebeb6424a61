package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// concurrencyProxy passes calls to a server and records the maximum number
// of revoke calls in flight at once. Each revoke is held briefly so calls
// overlap.
type concurrencyProxy struct {
	mu       sync.Mutex
	inFlight int
	maxSeen  int
}

func (p *concurrencyProxy) start(t *testing.T, target string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/revoke") {
			proxy.ServeHTTP(w, r)
			return
		}

		p.mu.Lock()
		p.inFlight++
		p.maxSeen = max(p.maxSeen, p.inFlight)
		p.mu.Unlock()

		time.Sleep(30 * time.Millisecond)
		proxy.ServeHTTP(w, r)

		p.mu.Lock()
		p.inFlight--
		p.mu.Unlock()
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestBulkRevokeWithOneFailure(t *testing.T) {
	srv := servertest.Start(t)
	var counter concurrencyProxy
	cl := newTestClient(t, counter.start(t, srv.URL), srv.Token)

	serials := make([]string, 20)
	for i := range serials {
		serials[i] = issueDirect(t, cl, srv.DomainID, fmt.Sprintf("bulk-%02d", i)).SerialNumber
	}

	// The injected failure: one certificate is already revoked, so the
	// service rejects revoking it again with 409.
	failing := serials[7]
	if err := cl.Certs.Revoke(context.Background(), srv.DomainID, failing, ""); err != nil {
		t.Fatalf("revoke %s: %v", failing, err)
	}
	counter.mu.Lock()
	counter.maxSeen = 0
	counter.mu.Unlock()

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("20 total", "bulk-19")

	c.press("A")
	c.waitFor("Marked the 20 certificates shown", "20 marked")
	c.press("x")
	c.waitFor("Revoke 20 marked certificates?", "Reason (←/→): unspecified")
	c.press("right", "right", "right", "right")
	c.waitFor("Reason (←/→): superseded")
	c.press("y")
	screen := c.waitFor("Revoke of 20 certificates: finished", "20 of 20 done · 19 succeeded · 1 failed")

	failLine := lineWith(screen, shortSerial(failing, 20))
	if !strings.Contains(failLine, "409") {
		t.Errorf("the failure line is %q, want the serial with status 409", failLine)
	}

	c.press("esc")
	c.waitFor("1 marked", "Bulk revoke of 20 certificates finished: 1 failed and stay marked")

	for _, serial := range serials {
		got, err := cl.Certs.Get(context.Background(), srv.DomainID, serial)
		if err != nil {
			t.Fatalf("get %s: %v", serial, err)
		}
		if !got.Revoked {
			t.Errorf("serial %s is not revoked after the bulk revoke", serial)
		}
		if serial != failing && got.RevocationReason != "superseded" {
			t.Errorf("serial %s has reason %q, want superseded", serial, got.RevocationReason)
		}
	}

	counter.mu.Lock()
	maxSeen := counter.maxSeen
	counter.mu.Unlock()
	if maxSeen > bulkConcurrency {
		t.Errorf("%d revoke calls ran at once, want at most %d", maxSeen, bulkConcurrency)
	}
	if maxSeen < 2 {
		t.Errorf("at most %d revoke call ran at once, want calls to overlap", maxSeen)
	}
}

func TestBulkMarksToggleAndClear(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "mark-a")
	issueDirect(t, cl, srv.DomainID, "mark-b")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("2 total", "mark-a", "mark-b")

	// space marks the selected row and moves down; a second space there
	// marks the next one, and space on a marked row unmarks it.
	c.press("space")
	c.waitFor("1 marked", "✓ ")
	c.press("space")
	c.waitFor("2 marked")
	c.press("k", "space")
	c.waitFor("1 marked")

	// With marks, r confirms once for every marked certificate.
	c.press("r")
	c.waitFor("Renew 1 marked certificate?")
	c.press("n")

	c.press("U")
	screen := c.waitFor("Cleared 1 mark")
	if strings.Contains(screen, "marked") || strings.Contains(screen, "✓ ") {
		t.Errorf("marks remain after U:\n%s", screen)
	}

	// Without marks, r is the single renew again.
	c.press("r")
	c.waitFor("Renew certificate")
}

func TestBulkKeysRejectedReadOnly(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "ro-a")

	c := startConsole(t, Options{Client: cl, ReadOnly: true})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("ro-a")
	c.press("A")
	screen := c.waitFor("Read-only mode: mark all shown is disabled")
	if strings.Contains(screen, "marked") {
		t.Errorf("read-only console marked rows:\n%s", screen)
	}
}
