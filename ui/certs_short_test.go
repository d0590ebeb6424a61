package ui

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// overstatingProxy forwards to the certs server and adds one to the total of
// every certificate list, like a service whose count includes a row it does
// not return. It counts the list requests.
func overstatingProxy(t *testing.T, srv *servertest.Instance, lists *atomic.Int64) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		req := resp.Request
		if req.Method != http.MethodGet || !strings.HasSuffix(req.URL.Path, "/certs") {
			return nil
		}
		lists.Add(1)

		var page map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
			return err
		}
		_ = resp.Body.Close()
		total, _ := page["total"].(float64)
		page["total"] = total + 1

		body, err := json.Marshal(page)
		if err != nil {
			return err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}

	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	return front.URL
}

func TestCertsShortPageNoReload(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	for _, entity := range []string{"cvm-short-1", "cvm-short-2", "cvm-short-3"} {
		issueDirect(t, direct, srv.DomainID, entity)
	}

	var lists atomic.Int64
	cl := newTestClient(t, overstatingProxy(t, srv, &lists), srv.Token)
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	screen := c.waitFor("cvm-short-1", "cvm-short-2", "cvm-short-3", "3 total")
	if strings.Contains(screen, "loading…") {
		t.Errorf("the list shows a placeholder for the missing fourth row:\n%s", screen)
	}

	// Scrolling to the end must not request the short page again.
	c.press("G")
	time.Sleep(time.Second)
	if n := lists.Load(); n > 2 {
		t.Errorf("%d list requests for one short page, want at most 2", n)
	}

	// A refresh requests the missing row once more and ends the same way.
	c.press("ctrl+r")
	time.Sleep(time.Second)
	screen = c.waitFor("cvm-short-1", "3 total")
	if strings.Contains(screen, "loading…") {
		t.Errorf("the list shows a placeholder after a refresh:\n%s", screen)
	}
	if n := lists.Load(); n > 4 {
		t.Errorf("%d list requests for two loads, want at most 4", n)
	}
}

// cappingProxy forwards to the certs server with every list limit lowered
// to two, like a service with a smaller maximum page than the console's.
func cappingProxy(t *testing.T, srv *servertest.Instance) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/certs") {
			query := r.URL.Query()
			query.Set("limit", "2")
			r.URL.RawQuery = query.Encode()
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestCertsCappedPagesLoadAll(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	entities := []string{"cvm-cap-1", "cvm-cap-2", "cvm-cap-3", "cvm-cap-4", "cvm-cap-5"}
	for _, entity := range entities {
		issueDirect(t, direct, srv.DomainID, entity)
	}

	cl := newTestClient(t, cappingProxy(t, srv), srv.Token)
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	screen := c.waitFor(append(entities, "5 total")...)
	if strings.Contains(screen, "loading…") {
		t.Errorf("the list shows placeholders although every row was returned:\n%s", screen)
	}
}
