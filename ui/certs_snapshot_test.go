package ui

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// syncBuffer is a bytes.Buffer that the console's logger and the test may
// use at the same time.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// pageGate passes calls to a server and, once armed, controls when list
// pages reach it and return. The first request for offset 400 reaches the
// server at once, so its response carries the total of that moment, but the
// response waits for release400. The first request for offset 200 reaches
// the server only after release200. Every later list request waits for thaw.
type pageGate struct {
	proxy *httputil.ReverseProxy

	mu               sync.Mutex
	armed            bool
	used200, used400 bool

	waiting200 chan struct{} // closed when the offset 200 request is waiting
	computed   chan struct{} // closed when the offset 400 response is ready
	release200 chan struct{}
	release400 chan struct{}
	thaw       chan struct{}
	once200    sync.Once
	once400    sync.Once
	onceThaw   sync.Once
}

func newPageGate(t *testing.T, target string) (*pageGate, string) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	g := &pageGate{
		proxy:      httputil.NewSingleHostReverseProxy(u),
		waiting200: make(chan struct{}),
		computed:   make(chan struct{}),
		release200: make(chan struct{}),
		release400: make(chan struct{}),
		thaw:       make(chan struct{}),
	}
	front := httptest.NewServer(g)
	t.Cleanup(front.Close)
	t.Cleanup(g.openAll) // runs first, so no handler blocks the server's Close
	return g, front.URL
}

// let200 lets the held request for offset 200 reach the server.
func (g *pageGate) let200() { g.once200.Do(func() { close(g.release200) }) }

// let400 sends the held response for offset 400.
func (g *pageGate) let400() { g.once400.Do(func() { close(g.release400) }) }

// openAll releases everything held and lets every later request through.
func (g *pageGate) openAll() {
	g.let200()
	g.let400()
	g.onceThaw.Do(func() { close(g.thaw) })
}

func (g *pageGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, "/certs") {
		g.proxy.ServeHTTP(w, r)
		return
	}

	offset := r.URL.Query().Get("offset")
	g.mu.Lock()
	armed := g.armed
	first200 := armed && offset == "200" && !g.used200
	first400 := armed && offset == "400" && !g.used400
	g.used200 = g.used200 || first200
	g.used400 = g.used400 || first400
	g.mu.Unlock()

	switch {
	case first400:
		rec := httptest.NewRecorder()
		g.proxy.ServeHTTP(rec, r)
		close(g.computed)
		<-g.release400
		for name, values := range rec.Header() {
			w.Header()[name] = values
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return
	case first200:
		close(g.waiting200)
		<-g.release200
	case armed:
		<-g.thaw
	}
	g.proxy.ServeHTTP(w, r)
}

func TestStalePageDroppedAfterTotalChange(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	const count = 420
	for i := range count {
		issueDirect(t, direct, srv.DomainID, fmt.Sprintf("p-%03d", i))
	}

	gate, front := newPageGate(t, srv.URL)
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := startConsole(t, Options{Client: newTestClient(t, front, srv.Token), Logger: logger})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("420 total", "p-419")

	// The end of the list shows rows 387 to 419, from the pages at offsets
	// 200 and 400. The page at 400 is read now, before the change.
	gate.mu.Lock()
	gate.armed = true
	gate.mu.Unlock()
	c.press("G")
	waitClosed(t, c, gate.computed, "the response of the page at offset 400")
	waitClosed(t, c, gate.waiting200, "the request of the page at offset 200")

	// Three new certificates shift every offset by three. The page at 200
	// is read after them and arrives first.
	for i := range 3 {
		issueDirect(t, direct, srv.DomainID, fmt.Sprintf("n-%d", i))
	}
	gate.let200()
	c.waitFor("423 total")

	// The page at 400 from before the change arrives last. It must be
	// dropped, not placed, and the list must keep the new total.
	gate.let400()
	screen := waitForEither(t, c, logs, "offset=400", "420 total")
	if strings.Contains(screen, "420 total") {
		t.Fatalf("a page read before three certificates were added cut the list back to the old total:\n%s", screen)
	}
	if !strings.Contains(screen, "423 total") {
		t.Errorf("the list lost the new total after the stale page:\n%s", screen)
	}

	// Once the pages in view load again, the end of the list holds the 33
	// oldest certificates in order, with no gap and no row shifted.
	gate.openAll()
	c.press("G")
	screen = c.waitFor("row 423", "p-000", "p-032")
	entity := regexp.MustCompile(`p-\d{3}`)
	var got []string
	for _, line := range strings.Split(screen, "\n") {
		if m := entity.FindString(line); m != "" {
			got = append(got, m)
		}
	}
	var want []string
	for i := 32; i >= 0; i-- {
		want = append(want, fmt.Sprintf("p-%03d", i))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the end of the list shows\n%v\nwant\n%v\nscreen:\n%s", got, want, screen)
	}
	if strings.Contains(screen, "loading…") {
		t.Errorf("rows in view are still loading:\n%s", screen)
	}
}

// waitClosed waits until ch is closed, and fails the test with the screen
// after screenWait.
func waitClosed(t *testing.T, c *console, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(screenWait):
		t.Fatalf("no %s after %s:\n%s", what, screenWait, c.app.screen())
	}
}

// waitForEither waits until the log has a line that drops a stale page with
// the given text, or the screen shows screenText, and returns the screen.
func waitForEither(t *testing.T, c *console, logs *syncBuffer, logText, screenText string) string {
	t.Helper()
	deadline := time.Now().Add(screenWait)
	for {
		screen := c.app.screen()
		for _, line := range strings.Split(logs.String(), "\n") {
			if strings.Contains(line, "dropped a certificate page of an older load") && strings.Contains(line, logText) {
				return screen
			}
		}
		if strings.Contains(screen, screenText) {
			return screen
		}
		if time.Now().After(deadline) {
			t.Fatalf("neither a dropped page with %q in the log nor %q on the screen after %s:\n%s\nlog:\n%s",
				logText, screenText, screenWait, screen, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
