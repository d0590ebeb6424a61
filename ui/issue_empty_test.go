package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// emptyBodyProxy forwards to the certs server, so issue and renew really
// happen, but drops the body of their responses, as a service may return
// 201 or 200 with no body.
func emptyBodyProxy(t *testing.T, srv *servertest.Instance) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		path := resp.Request.URL.Path
		if !strings.Contains(path, "/certs/issue/") && !strings.HasSuffix(path, "/renew") {
			return nil
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader(""))
		resp.ContentLength = 0
		resp.Header.Del("Content-Length")
		resp.Header.Del("Content-Type")
		return nil
	}

	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	return front.URL
}

func TestIssueEmptyBodyMessage(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, emptyBodyProxy(t, srv), srv.Token)
	c := openIssueFormOn(t, cl)
	c.typeText("newent")
	c.press("enter")
	screen := c.waitFor("Issued a certificate for newent", "the service returned no serial", "1 total")
	if strings.Contains(screen, "serial  for") {
		t.Errorf("the message contains an empty serial:\n%s", screen)
	}
	if lineWith(screen, "newent   ") == "" {
		t.Errorf("the list does not show the new row:\n%s", screen)
	}

	c.press("r")
	c.waitFor("Renew certificate")
	c.press("y")
	c.waitFor("Renewed newent; the service returned no new serial", "2 total")
}
