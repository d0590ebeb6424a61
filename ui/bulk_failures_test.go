package ui

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// hostileReason is the message of the failure the proxy injects. It is long
// enough to wrap and contains a line break and a bidi override that must not
// reach the terminal raw. Its last word shows whether the end was cut off.
const hostileReason = "the signing backend is busy\nwith another batch \u202e and asks callers to retry the revocation later END-OF-REASON"

// failRevokeProxy passes calls to a server, except the revoke of one serial,
// which gets a 503 response with hostileReason as the message.
func failRevokeProxy(t *testing.T, target, serial string) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch && strings.HasSuffix(r.URL.Path, "/"+serial+"/revoke") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":"unavailable","message":"` + strings.ReplaceAll(hostileReason, "\n", `\n`) + `"}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

// failureBlock returns the text of the failure list of a finished bulk
// dialog, each screen line stripped of the box border and joined by spaces,
// so a wrapped reason reads as one text.
func failureBlock(t *testing.T, screen string) string {
	t.Helper()
	start := strings.Index(screen, "Failed:")
	end := strings.Index(screen, "The failed certificates stay marked")
	if start < 0 || end < start {
		t.Fatalf("no failure list on the screen:\n%s", screen)
	}

	var words []string
	for _, line := range strings.Split(screen[start:end], "\n") {
		line = strings.Trim(line, " │")
		words = append(words, strings.Fields(line)...)
	}
	return strings.Join(words, " ")
}

func TestBulkFailureLinesGiveReasonOnce(t *testing.T) {
	srv := servertest.Start(t)
	direct := newTestClient(t, srv.URL, srv.Token)
	revoked := issueDirect(t, direct, srv.DomainID, "fail-revoked")
	busy := issueDirect(t, direct, srv.DomainID, "fail-busy")
	issueDirect(t, direct, srv.DomainID, "fail-fine")
	if err := direct.Certs.Revoke(context.Background(), srv.DomainID, revoked.SerialNumber, ""); err != nil {
		t.Fatalf("revoke %s: %v", revoked.SerialNumber, err)
	}

	cl := newTestClient(t, failRevokeProxy(t, srv.URL, busy.SerialNumber), srv.Token)
	c := startConsole(t, Options{Client: cl})
	c.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 40})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("3 total", "fail-fine")
	c.press("A", "x")
	c.waitFor("Revoke 3 marked certificates?")
	c.press("y")
	screen := c.waitFor("3 of 3 done · 1 succeeded · 2 failed", "esc or enter closes")
	block := failureBlock(t, screen)

	// The 409 of the real server: its message once, and no hint that
	// repeats it in other words.
	if n := strings.Count(block, "already revoked"); n != 1 {
		t.Errorf("the server's message shows %d times, want once:\n%s", n, block)
	}
	if strings.Contains(block, "cannot be renewed or revoked again") {
		t.Errorf("the failure list repeats the 409 hint beside the server's message:\n%s", block)
	}
	if !strings.Contains(block, "fail-revoked: 409 conflict: certificate "+revoked.SerialNumber+" is already revoked") {
		t.Errorf("the 409 line lacks entity, status and message in that order:\n%s", block)
	}

	// The injected 503: sanitized, wrapped whole, once.
	if n := strings.Count(block, "END-OF-REASON"); n != 1 {
		t.Errorf("the injected reason shows %d times, want once and not cut off:\n%s", n, block)
	}
	if !strings.Contains(block, "fail-busy: 503 unavailable: the signing backend is busy with another batch <U+202E> and asks") {
		t.Errorf("the 503 line is not the sanitized server message:\n%s", block)
	}
	if strings.Contains(block, "did not answer") {
		t.Errorf("the failure list adds a hint to the server's message:\n%s", block)
	}

	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "\u202e") {
			t.Errorf("a raw bidi override reached the screen: %q", line)
		}
	}
}

func TestFailureReasonShapes(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"message", &client.APIError{StatusCode: 409, Kind: "conflict", Message: "certificate 7 is already revoked"}, "409 conflict: certificate 7 is already revoked"},
		{"hint without message", &client.APIError{StatusCode: 404}, "404 not found: it no longer exists on the server; refresh with ctrl+r"},
		{"status only", &client.APIError{StatusCode: 500, Kind: "internal"}, "500 internal"},
		{"hostile kind", &client.APIError{StatusCode: 500, Kind: "x\x1b]0;title\x07y"}, "500 xy"},
		{"dropped write", &client.NetworkError{Method: "PATCH", Path: "/d/certs/7/revoke", Sent: true, Write: true, Err: io.ErrUnexpectedEOF},
			"unexpected EOF: the request may have been applied; refresh with ctrl+r before retrying"},
		{"other", errors.New("bad\nthing"), "bad thing"},
	}
	for _, tc := range cases {
		if got := failureReason(tc.err); got != tc.want {
			t.Errorf("%s: failureReason = %q, want %q", tc.name, got, tc.want)
		}
	}
}
