package ui

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// bidiEntity is what bidiProxy shows in place of the entity cvm-bidi: the
// right-to-left override would draw "cvm" and then "bidi" reversed.
const bidiEntity = "cvm\u202Ebidi"

// bidiProxy forwards to the certs server and renames the entity cvm-bidi to
// bidiEntity in every response, and back in every request, like a service
// whose entity ID contains a bidi control.
func bidiProxy(t *testing.T, srv *servertest.Instance) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		body = bytes.ReplaceAll(body, []byte("cvm-bidi"), []byte(bidiEntity))
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}

	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query := r.URL.Query()
		for _, values := range query {
			for i, v := range values {
				values[i] = strings.ReplaceAll(v, bidiEntity, "cvm-bidi")
			}
		}
		r.URL.RawQuery = query.Encode()
		r.URL.Path = strings.ReplaceAll(r.URL.Path, bidiEntity, "cvm-bidi")
		r.URL.RawPath = ""
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestConsoleShowsBidiEscaped(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, direct, srv.DomainID, "cvm-bidi")

	cl := newTestClient(t, bidiProxy(t, srv), srv.Token)
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	screen := c.waitFor("cvm<U+202E>bidi")
	if strings.ContainsRune(screen, '\u202E') {
		t.Errorf("the screen contains a raw U+202E:\n%s", screen)
	}

	// The visible form confirms the delete, and the call carries the real ID.
	c.press("ctrl+d")
	c.waitFor("Type the entity ID to confirm")
	c.typeText("cvm<U+202E>bidi")
	c.press("enter")
	c.waitFor("Deleted the certificates of cvm<U+202E>bidi")

	if page := listAll(t, direct, srv.DomainID); len(page.Certificates) != 0 {
		t.Errorf("%d certificates left after the delete, want 0", len(page.Certificates))
	}
}
