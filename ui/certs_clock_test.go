package ui

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// testClock is a console clock that the test moves forward.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// countingProxy passes calls to a server and counts them.
func countingProxy(t *testing.T, target string) (string, *atomic.Int32) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	proxy := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL, &calls
}

func TestClockTickUpdatesStatus(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, direct, srv.DomainID, "tick-short", "2h")
	issueWithTTL(t, direct, srv.DomainID, "tick-long", "720h")

	front, calls := countingProxy(t, srv.URL)
	clock := &testClock{now: time.Now()}
	c := startConsole(t, Options{Client: newTestClient(t, front, srv.Token), Now: clock.Now, ExpiringWithin: 30 * time.Minute})
	c.waitFor("Domains", "default")
	c.press("enter")
	screen := c.waitFor("2 total", "tick-short", "tick-long")
	if line := lineWith(screen, "tick-short"); !strings.Contains(line, "valid") || !strings.Contains(line, "in 1h") {
		t.Fatalf("before time passes tick-short reads %q, want valid, in 1h", line)
	}

	// Ninety minutes later the tick shows tick-short as expiring, in the
	// row and in the header counts, without a request.
	before := calls.Load()
	clock.advance(90 * time.Minute)
	c.tm.Send(clockTickMsg{})
	screen = c.waitFor("1 valid · 1 expiring · 0 expired")
	if line := lineWith(screen, "tick-short"); !strings.Contains(line, "expiring") || !strings.Contains(line, "in 29m") {
		t.Errorf("after 90 minutes tick-short reads %q, want expiring, in 29m", line)
	}

	// Three hours later it is expired.
	clock.advance(3 * time.Hour)
	c.tm.Send(clockTickMsg{})
	screen = c.waitFor("1 valid · 0 expiring · 1 expired")
	if line := lineWith(screen, "tick-short"); !strings.Contains(line, "expired") || !strings.Contains(line, "ago") {
		t.Errorf("after 4.5 hours tick-short reads %q, want expired, ago", line)
	}
	if line := lineWith(screen, "tick-long"); !strings.Contains(line, "valid") || !strings.Contains(line, "in 29d") {
		t.Errorf("after 4.5 hours tick-long reads %q, want valid, in 29d", line)
	}
	if after := calls.Load(); after != before {
		t.Errorf("the clock ticks made %d requests, want none", after-before)
	}
}

func TestClockTickResortsByStatus(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, cl, srv.DomainID, "sort-short", "2h")
	issueWithTTL(t, cl, srv.DomainID, "sort-long", "720h")

	clock := &testClock{now: time.Now()}
	c := startConsole(t, Options{Client: cl, Now: clock.Now, ExpiringWithin: 30 * time.Minute})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("2 total", "sort-short", "sort-long")

	// s cycles serial, entity, type, status: the fourth press sorts by
	// status, where "expired" comes before "valid".
	c.press("s", "s", "s", "s")
	screen := c.waitFor("sorted by status ↑")
	if strings.Index(screen, "sort-long") > strings.Index(screen, "sort-short") {
		t.Fatalf("with both valid, the stable status sort does not keep the newest first:\n%s", screen)
	}

	clock.advance(3 * time.Hour)
	c.tm.Send(clockTickMsg{})
	screen = c.waitFor("1 valid · 0 expiring · 1 expired")
	if strings.Index(screen, "sort-short") > strings.Index(screen, "sort-long") {
		t.Errorf("after sort-short expired, the status sort does not put it first:\n%s", screen)
	}
}
