package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// screenLine returns line idx of the screen, or "" past the end.
func screenLine(screen string, idx int) string {
	lines := strings.Split(screen, "\n")
	if idx >= len(lines) {
		return ""
	}
	return lines[idx]
}

func TestExpiryWeekNarrowsList(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)

	// The console's clock runs three days ahead of the server's, as in the
	// overview test: exp-b expires in week 1, exp-c in week 4, exp-d in week 9.
	issueWithTTL(t, cl, srv.DomainID, "exp-a", "24h")
	issueWithTTL(t, cl, srv.DomainID, "exp-b", "120h")
	weekFour := issueWithTTL(t, cl, srv.DomainID, "exp-c", "600h")
	issueWithTTL(t, cl, srv.DomainID, "exp-d", "1500h")
	revoked := issueWithTTL(t, cl, srv.DomainID, "exp-e", "600h")
	if err := cl.Certs.Revoke(context.Background(), srv.DomainID, revoked.SerialNumber, ""); err != nil {
		t.Fatalf("revoke: %v", err)
	}

	ahead := time.Now().Add(72 * time.Hour)
	dir := t.TempDir()
	c := startConsole(t, Options{Client: cl, DownloadDir: dir, Now: func() time.Time { return ahead }})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("5 total", "exp-a")

	// enter on week 4 returns to the list, narrowed to exp-c, with the
	// range in the header.
	label := weekLabel(ahead, 3)
	c.press("e")
	c.waitFor("Expiry overview of default")
	c.press("right", "right", "right", "right")
	c.waitFor("week 4, " + label)
	c.press("enter")
	screen := c.waitFor("Certificates "+label+" · 1 total · esc shows all", "exp-c")
	for _, other := range []string{"exp-a", "exp-b", "exp-d", "exp-e", "Expiry overview"} {
		if strings.Contains(screen, other) {
			t.Errorf("the list narrowed to week 4 shows %s:\n%s", other, screen)
		}
	}

	// Details, download and marks act on the narrowed rows.
	c.press("enter")
	c.waitFor("Serial (decimal)", weekFour.SerialNumber)
	c.press("esc")
	c.waitFor("Certificates " + label)
	c.press("d")
	c.waitFor("Download bundle", "exp-c")
	c.press("enter")
	c.waitFor("Saved cert.pem")
	matches, err := filepath.Glob(filepath.Join(dir, "*", "cert.pem"))
	if err != nil || len(matches) != 1 || !strings.Contains(matches[0], weekFour.SerialNumber) {
		t.Errorf("the download from the narrowed list saved %v (%v), want the bundle of serial %s", matches, err, weekFour.SerialNumber)
	}
	c.press("space")
	c.waitFor("1 marked")
	c.press("U")
	c.waitFor("Cleared 1 mark")

	// ctrl+r reads the domain again and keeps the filter.
	c.press("ctrl+r")
	c.waitFor("Certificates "+label+" · 1 total", "exp-c")

	// esc clears the filter and shows every certificate again.
	c.press("esc")
	screen = c.waitFor("5 total", "exp-a", "exp-d")
	if strings.Contains(screen, "esc shows all") || !strings.Contains(screen, "Certificates of default") {
		t.Errorf("the expiry filter still shows after esc:\n%s", screen)
	}
}

func TestExpiryWithinDaysNarrowsList(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, cl, srv.DomainID, "exp-a", "24h")
	soon := issueWithTTL(t, cl, srv.DomainID, "exp-b", "120h")
	later := issueWithTTL(t, cl, srv.DomainID, "exp-c", "600h")
	far := issueWithTTL(t, cl, srv.DomainID, "exp-d", "1500h")

	ahead := time.Now().Add(72 * time.Hour)
	c := startConsole(t, Options{Client: cl, Now: func() time.Time { return ahead }})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("4 total", "exp-a")

	c.press("e")
	c.waitFor("Expiry overview of default")
	c.press("w")
	c.waitFor("expiring within days:")
	c.typeText("30")
	c.press("enter")
	screen := c.waitFor("Certificates expiring within 30 days · 2 total · esc shows all", "exp-b", "exp-c")
	if strings.Contains(screen, "exp-a") || strings.Contains(screen, "exp-d") {
		t.Errorf("the list within 30 days shows more than exp-b and exp-c:\n%s", screen)
	}

	// A bulk revoke of the narrowed rows revokes exactly those two. The
	// list reads the domain again, and revoked certificates leave the filter.
	c.press("A")
	c.waitFor("Marked the 2 certificates shown")
	c.press("x")
	c.waitFor("Revoke 2 marked certificates?")
	c.press("y")
	c.waitFor("2 of 2 done · 2 succeeded · 0 failed")
	c.press("esc")
	c.waitFor("0 total", "No unrevoked certificate expires in this range")

	for _, cert := range []struct {
		serial      string
		wantRevoked bool
	}{{soon.SerialNumber, true}, {later.SerialNumber, true}, {far.SerialNumber, false}} {
		got, err := cl.Certs.Get(context.Background(), srv.DomainID, cert.serial)
		if err != nil {
			t.Fatalf("get %s: %v", cert.serial, err)
		}
		if got.Revoked != cert.wantRevoked {
			t.Errorf("serial %s revoked = %t, want %t", cert.serial, got.Revoked, cert.wantRevoked)
		}
	}

	c.press("esc")
	c.waitFor("4 total", "exp-a", "exp-d")
}

func TestExpiryRefreshUpdatesHeader(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "head-a")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("1 total", "head-a")
	if line := screenLine(c.app.screen(), 1); !strings.HasPrefix(line, "1 valid") {
		t.Fatalf("header counts %q, want 1 valid", line)
	}

	c.press("e")
	c.waitFor("Expiry overview of default", "1 certificates")
	issueDirect(t, cl, srv.DomainID, "head-b")
	c.press("ctrl+r")
	c.waitFor("Expiry overview of default", "2 certificates")

	// One refresh updates the header's counts too.
	deadline := time.Now().Add(screenWait)
	for {
		line := screenLine(c.app.screen(), 1)
		if strings.HasPrefix(line, "2 valid") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after ctrl+r in the overview the header counts %q, want 2 valid:\n%s", line, c.app.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// holdingProxy passes calls to a server. While hold is set, list requests
// wait until it is cleared.
type holdingProxy struct {
	proxy *httputil.ReverseProxy
	mu    sync.Mutex
	hold  chan struct{} // nil when list requests pass
}

func newHoldingProxy(t *testing.T, target string) (*holdingProxy, string) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &holdingProxy{proxy: httputil.NewSingleHostReverseProxy(u)}
	front := httptest.NewServer(p)
	t.Cleanup(front.Close)
	t.Cleanup(p.release) // runs first, so no handler blocks the server's Close
	return p, front.URL
}

func (p *holdingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	hold := p.hold
	p.mu.Unlock()
	if hold != nil && r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/certs") {
		<-hold
	}
	p.proxy.ServeHTTP(w, r)
}

// start makes list requests wait.
func (p *holdingProxy) start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hold == nil {
		p.hold = make(chan struct{})
	}
}

// release lets waiting and later list requests through.
func (p *holdingProxy) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hold != nil {
		close(p.hold)
		p.hold = nil
	}
}

func TestExpiryListShowsRefreshing(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, direct, srv.DomainID, "fresh-a", "120h")

	gate, front := newHoldingProxy(t, srv.URL)
	c := startConsole(t, Options{Client: newTestClient(t, front, srv.Token)})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("1 total", "fresh-a")
	c.press("e")
	c.waitFor("Expiry overview of default", "1 certificates")
	c.press("enter")
	c.waitFor("Certificates expiring", "1 total", "fresh-a")

	// While the domain is read again, the title shows it and the rows stay.
	gate.start()
	issueWithTTL(t, direct, srv.DomainID, "fresh-b", "120h")
	c.press("ctrl+r")
	c.waitFor("1 total", "refreshing…", "fresh-a")

	gate.release()
	screen := c.waitFor("2 total", "fresh-b")
	if strings.Contains(screen, "refreshing…") {
		t.Errorf("the title still says refreshing after the reload:\n%s", screen)
	}
}
