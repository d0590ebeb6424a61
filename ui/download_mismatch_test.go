package ui

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// swappingProxy forwards to the certs server but requests the download
// token of the other serial, so the bundle is that of another certificate
// of the same entity, as a service that downloads by entity may return.
func swappingProxy(t *testing.T, srv *servertest.Instance, serialA, serialB string) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/download/token") {
			switch {
			case strings.Contains(r.URL.Path, "/"+serialA+"/"):
				r.URL.Path = strings.Replace(r.URL.Path, serialA, serialB, 1)
			case strings.Contains(r.URL.Path, "/"+serialB+"/"):
				r.URL.Path = strings.Replace(r.URL.Path, serialB, serialA, 1)
			}
			r.URL.RawPath = ""
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestDownloadRejectsOtherCertificate(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	first := issueDirect(t, direct, srv.DomainID, "cvm-twice")
	second := issueDirect(t, direct, srv.DomainID, "cvm-twice")

	cl := newTestClient(t, swappingProxy(t, srv, first.SerialNumber, second.SerialNumber), srv.Token)
	dir := t.TempDir()
	c := startConsole(t, Options{Client: cl, DownloadDir: dir})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("cvm-twice")
	c.press("d")
	c.waitFor("Download bundle", dir)
	c.press("enter")
	c.waitFor("bundle is for another certificate", "requested serial")

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("the download folder contains %d entries after a mismatched bundle, want none", len(entries))
	}
}
