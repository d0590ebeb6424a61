package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// dropConnection reads the request and closes the connection without a response.
func dropConnection(t *testing.T, w http.ResponseWriter, r *http.Request) {
	t.Helper()
	_, _ = io.ReadAll(r.Body)

	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

func TestIssueDroppedConnectionSentOnce(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		dropConnection(t, w, r)
	}))

	_, err := c.Certs.Issue(testContext(t), "d1", IssueRequest{EntityType: "cvm", EntityID: "vm-1"})

	if got := attempts.Load(); got != 1 {
		t.Errorf("the issue request arrived %d times, want exactly 1", got)
	}
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("errors.Is(err, ErrOutcomeUnknown) = false for %v", err)
	}
	if !errors.Is(err, ErrNetwork) {
		t.Errorf("errors.Is(err, ErrNetwork) = false for %v", err)
	}
	if err != nil && !strings.Contains(err.Error(), "refresh") {
		t.Errorf("error %q does not tell the operator to refresh", err)
	}
}

func TestWritesNeverRetried(t *testing.T) {
	calls := map[string]func(c *Client) error{
		"renew": func(c *Client) error { _, err := c.Certs.Renew(context.Background(), "d1", "7"); return err },
		"revoke": func(c *Client) error {
			return c.Certs.Revoke(context.Background(), "d1", "7", "superseded")
		},
		"delete": func(c *Client) error { return c.Certs.DeleteEntity(context.Background(), "d1", "vm-1") },
		"create": func(c *Client) error { _, err := c.Domains.Create(context.Background(), "lab", "lab"); return err },
	}

	for name, run := range calls {
		t.Run(name, func(t *testing.T) {
			var attempts atomic.Int32
			c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				attempts.Add(1)
				w.WriteHeader(http.StatusServiceUnavailable)
			}))

			err := run(c)

			if got := attempts.Load(); got != 1 {
				t.Errorf("sent %d times, want 1", got)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
				t.Errorf("error = %v, want a 503 *APIError", err)
			}
			if errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("a write responded 503 reports an unknown outcome: %v", err)
			}
		})
	}
}

func TestWriteRefusedConnectionKnownOutcome(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()

	c, err := New(Config{BaseURL: "http://" + addr, Token: testToken, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.Certs.Issue(testContext(t), "d1", IssueRequest{EntityType: "cvm", EntityID: "vm-1"})

	if !errors.Is(err, ErrNetwork) {
		t.Errorf("errors.Is(err, ErrNetwork) = false for %v", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a refused connection reports an unknown outcome: %v", err)
	}
}

func TestGetRetriedAfter503(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"pass","version":"0.9"}`))
	}))

	health, err := c.Health(testContext(t))

	if err != nil {
		t.Fatalf("Health: %v", err)
	}
	if health.Status != "pass" || health.Version != "0.9" {
		t.Errorf("Health = %+v, want pass 0.9", health)
	}
	if got := attempts.Load(); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
}

func TestGetRetriedAfterDroppedConnection(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) < 3 {
			dropConnection(t, w, r)
			return
		}
		_, _ = w.Write([]byte(`{"token":"t-1"}`))
	}))

	token, err := c.CA.Token(testContext(t))

	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if token != "t-1" {
		t.Errorf("token = %q, want t-1", token)
	}
	if got := attempts.Load(); got != 3 {
		t.Errorf("attempts = %d, want 3", got)
	}
}

func TestGetRetriesBounded(t *testing.T) {
	for _, status := range []int{502, 503, 504} {
		var attempts atomic.Int32
		c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			attempts.Add(1)
			w.WriteHeader(status)
		}))

		_, err := c.Health(testContext(t))

		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Errorf("status %d: error = %v, want that status", status, err)
		}
		if got := attempts.Load(); got != 3 {
			t.Errorf("status %d: attempts = %d, want 3", status, got)
		}
	}
}

func TestGetNotRetriedOn500(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))

	_, err := c.Health(testContext(t))

	if err == nil {
		t.Fatal("no error for a 500")
	}
	if got := attempts.Load(); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
}

func TestRedirectToOtherHostDropsAuthorization(t *testing.T) {
	var gotAuth atomic.Value
	gotAuth.Store("unset")
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{"status":"pass"}`))
	}))
	t.Cleanup(other.Close)

	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/health", http.StatusFound)
	}))

	// CA.Token sends the bearer token; the redirect target is another port.
	_, _ = c.CA.Token(testContext(t))

	if got := gotAuth.Load().(string); got != "" {
		t.Errorf("the other host received Authorization %q, want none", got)
	}
}

func TestRedirectSameOriginKeepsAuthorization(t *testing.T) {
	var gotAuth atomic.Value
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/certs/get-ca/token" {
			http.Redirect(w, r, "/moved/token", http.StatusTemporaryRedirect)
			return
		}
		gotAuth.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{"token":"t"}`))
	}))

	if _, err := c.CA.Token(testContext(t)); err != nil {
		t.Fatalf("Token: %v", err)
	}

	if got, _ := gotAuth.Load().(string); got != "Bearer "+testToken {
		t.Errorf("Authorization after a same-origin redirect = %q, want the bearer token", got)
	}
}

func TestSameOrigin(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://certs.example/a", "https://certs.example:443/b", true},
		{"https://certs.example/a", "https://evil.example/a", false},
		{"https://certs.example/a", "https://sub.certs.example/a", false},
		{"https://certs.example/a", "http://certs.example/a", false},
		{"http://127.0.0.1:9010/a", "http://127.0.0.1:9011/a", false},
		{"http://CERTS.example/a", "http://certs.example:80/b", true},
	}

	for _, tt := range tests {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := sameOrigin(a, b); got != tt.want {
			t.Errorf("sameOrigin(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestOversizeListRejected(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"certificates":[`))
		entry := []byte(`{"serial_number":"1","entity_id":"` + strings.Repeat("x", 1000) + `"},`)
		for written := 0; written <= limitList; written += len(entry) {
			if _, err := w.Write(entry); err != nil {
				return
			}
		}
	}))

	_, err := c.Certs.List(testContext(t), "d1", ListOptions{Limit: 10})

	if !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("errors.Is(err, ErrResponseTooLarge) = false for %v", err)
	}
	if !strings.Contains(err.Error(), "32 MiB") {
		t.Errorf("error %q does not name the 32 MiB limit", err)
	}
}

func TestOversizeBundleRejected(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(make([]byte, limitBundle+1))
	}))

	_, err := c.Certs.Download(testContext(t), "d1", "vm-1", "dl-token")

	if !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("errors.Is(err, ErrResponseTooLarge) = false for %v", err)
	}
}

func TestCallTimeout(t *testing.T) {
	release := make(chan struct{})
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}), func(cfg *Config) { cfg.Timeout = 200 * time.Millisecond })
	defer close(release)

	start := time.Now()
	err := c.Certs.Revoke(context.Background(), "d1", "7", "")

	if !errors.Is(err, ErrTimeout) {
		t.Errorf("errors.Is(err, ErrTimeout) = false for %v", err)
	}
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a timed-out revoke that was sent does not report an unknown outcome: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("the call took %v with a 200ms timeout", elapsed)
	}
}

func TestCallerCancelIsNotTimeout(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := c.Certs.Get(ctx, "d1", "7")

	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false for %v", err)
	}
	if errors.Is(err, ErrTimeout) {
		t.Errorf("a cancelled call matches ErrTimeout: %v", err)
	}
}

func TestUserAgentAndHeaders(t *testing.T) {
	var got http.Header
	var query url.Values
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		query = r.URL.Query()
		_, _ = w.Write([]byte(`{"total":0,"certificates":[]}`))
	}))

	if _, err := c.Certs.List(testContext(t), "d1", ListOptions{Limit: 5, Offset: 10, EntityID: "vm 1"}); err != nil {
		t.Fatalf("List: %v", err)
	}

	if ua := got.Get("User-Agent"); ua != "certs-tui/1.2.3" {
		t.Errorf("User-Agent = %q, want certs-tui/1.2.3", ua)
	}
	if auth := got.Get("Authorization"); auth != "Bearer "+testToken {
		t.Errorf("Authorization = %q", auth)
	}
	if got.Get("Cookie") != "" {
		t.Errorf("a cookie was sent: %q", got.Get("Cookie"))
	}
	want := url.Values{"domainID": {"d1"}, "limit": {"5"}, "offset": {"10"}, "entity_id": {"vm 1"}}
	if query.Encode() != want.Encode() {
		t.Errorf("query = %s, want %s", query.Encode(), want.Encode())
	}
}

func TestPathValuesEscaped(t *testing.T) {
	var rawPath string
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rawPath = r.URL.EscapedPath()
		w.WriteHeader(http.StatusNoContent)
	}))

	if err := c.Certs.Revoke(testContext(t), "d/1", "7?x=1", ""); err != nil {
		t.Fatalf("Revoke: %v", err)
	}

	if rawPath != "/d%2F1/certs/7%3Fx=1/revoke" {
		t.Errorf("path = %s, want every value escaped", rawPath)
	}
}

func TestPathValuesRejected(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent for an invalid value: %s", r.URL)
	}))
	ctx := testContext(t)

	checks := map[string]error{
		"empty domain":   func() error { _, err := c.Certs.Get(ctx, "", "7"); return err }(),
		"dot serial":     func() error { _, err := c.Certs.Get(ctx, "d1", ".."); return err }(),
		"control entity": c.Certs.DeleteEntity(ctx, "d1", "vm\n1"),
		"limit too big":  func() error { _, err := c.Certs.List(ctx, "d1", ListOptions{Limit: 5000}); return err }(),
		"negative offset": func() error {
			_, err := c.Domains.List(ctx, 10, -1)
			return err
		}(),
	}

	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCAFileTrusted(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"status":"pass","version":"1"}`))
	}))
	t.Cleanup(srv.Close)

	caFile := filepath.Join(t.TempDir(), "ca.pem")
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}

	withoutCA, err := New(Config{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := withoutCA.Health(testContext(t)); err == nil {
		t.Error("a server with an unknown CA was trusted")
	}

	withCA, err := New(Config{BaseURL: srv.URL, CAFile: caFile})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := withCA.Health(testContext(t)); err != nil {
		t.Errorf("Health with the CA file: %v", err)
	}

	insecure, err := New(Config{BaseURL: srv.URL, InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := insecure.Health(testContext(t)); err != nil {
		t.Errorf("Health with InsecureSkipVerify: %v", err)
	}
}

func TestCAFileInvalid(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}

	_, err := New(Config{BaseURL: "https://127.0.0.1:1", CAFile: bad})

	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("New with a bad CA file: error = %v, want one naming %s", err, bad)
	}
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, raw := range []string{"", "127.0.0.1:9010", "ftp://h/x", "http://user:pw@h/", "http://h/?a=1"} {
		if _, err := New(Config{BaseURL: raw}); err == nil {
			t.Errorf("New(%q): no error", raw)
		}
	}
}

func TestDomainsURLDefault(t *testing.T) {
	c, err := New(Config{BaseURL: "https://prism.example/certs/"})
	if err != nil {
		t.Fatal(err)
	}
	if c.domainsURL != "https://prism.example/domains" {
		t.Errorf("domainsURL = %s, want https://prism.example/domains", c.domainsURL)
	}
	if c.baseURL != "https://prism.example/certs" {
		t.Errorf("baseURL = %s, want no trailing slash", c.baseURL)
	}
}

func TestRetryLoggedWithoutQuery(t *testing.T) {
	var logs logBuffer
	var attempts atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "unauthorized", "message": "bad token"})
	}), func(cfg *Config) { cfg.Logger = logs.logger() })

	_, err := c.Certs.Download(testContext(t), "d1", "vm-1", "secret-download-token")

	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("error = %v, want a 401", err)
	}
	out := logs.String()
	if !strings.Contains(out, "request attempt failed") {
		t.Errorf("the retry was not logged:\n%s", out)
	}
	for _, secret := range []string{"secret-download-token", testToken} {
		if strings.Contains(out, secret) || strings.Contains(err.Error(), secret) {
			t.Errorf("%q leaked into the log or error:\n%s\n%v", secret, out, err)
		}
	}
}

func TestGzipBombRejected(t *testing.T) {
	// A gzip stream may hold several members, which the reader joins, so
	// 33 copies of one compressed MiB of spaces inflate past 32 MiB.
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	_, _ = zw.Write(bytes.Repeat([]byte(" "), 1<<20))
	_ = zw.Close()

	var compressed bytes.Buffer
	zw = gzip.NewWriter(&compressed)
	_, _ = zw.Write([]byte(`{"certificates":[`))
	_ = zw.Close()
	for range limitList>>20 + 1 {
		compressed.Write(member.Bytes())
	}

	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(compressed.Bytes())
	}))

	_, err := c.Certs.List(testContext(t), "d1", ListOptions{Limit: 10})

	if compressed.Len() > limitSmall {
		t.Fatalf("the compressed body is %d bytes; the test needs a small one", compressed.Len())
	}
	if !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("errors.Is(err, ErrResponseTooLarge) = false for %v", err)
	}
}
