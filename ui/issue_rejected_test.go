package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// rejectedMessage is longer than any status line, so the form must wrap it.
const rejectedMessage = "the entity cvm-retry is not registered in this domain; register the CVM with the attestation service first and make sure its measurement matches the policy, then retry (END-OF-MESSAGE)"

// rejectingProxy forwards to the certs server, but rejects the first issue
// request with 400 and every renew with 500.
func rejectingProxy(t *testing.T, srv *servertest.Instance) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	var issues atomic.Int64
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rejectIssue := r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/certs/issue/") && issues.Add(1) == 1
		switch {
		case rejectIssue:
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"bad_request","message":"` + rejectedMessage + `"}`))
		case strings.HasSuffix(r.URL.Path, "/renew"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":"internal","message":"renew is down"}`))
		default:
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestIssueRejectedKeepsForm(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, rejectingProxy(t, srv), srv.Token)
	c := openIssueFormOn(t, cl)
	c.typeText("cvm-retry")
	c.press("tab", "tab")
	c.typeText("10.0.0.7")
	c.press("enter")

	// The form stays open with its values and the whole server message.
	screen := c.waitFor("Issue a certificate", "400", "END-OF-MESSAGE", "cvm-retry", "10.0.0.7")
	words := strings.Join(strings.Fields(strings.ReplaceAll(screen, "│", " ")), " ")
	if !strings.Contains(words, "make sure its measurement matches the policy") {
		t.Errorf("the middle of the server message is missing:\n%s", screen)
	}

	// Sending it again issues the certificate and closes the form.
	c.press("enter")
	screen = c.waitFor("Issued serial", "1 valid")
	if strings.Contains(screen, "Issue a certificate") {
		t.Errorf("the form is still open after the issue:\n%s", screen)
	}
	if page := listAll(t, cl, srv.DomainID); page.Total != 1 {
		t.Errorf("server lists %d certificates, want 1", page.Total)
	}
}

func TestStatusErrorClearsOnPageChange(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, direct, srv.DomainID, "cvm-renew")

	cl := newTestClient(t, rejectingProxy(t, srv), srv.Token)
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("cvm-renew")
	c.press("r")
	c.waitFor("Renew certificate")
	c.press("y")
	c.waitFor("Renew failed", "500")

	c.press("esc")
	c.waitFor("Domains")
	c.waitUntil("the renew error gone from the status line", func(screen string) bool {
		return !strings.Contains(screen, "Renew failed")
	})
}
