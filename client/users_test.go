package client

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// usersServer is a fake users service and certs API in one: the certs API
// accepts only the current access token, and the users service rotates the
// pair on refresh.
type usersServer struct {
	t *testing.T

	mu        sync.Mutex
	access    string
	refresh   string
	rotations int

	refreshCalls atomic.Int32
	issueBodies  []string
	rejectAll    bool
}

func (s *usersServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	bearer := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")

	switch r.URL.Path {
	case "/users/tokens/issue":
		var in map[string]string
		_ = json.NewDecoder(r.Body).Decode(&in)
		if in["username"] != "ada" || in["password"] != "s3cret-pass" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"unauthorized","message":"wrong password"}`)
			return
		}
		s.writePair(w)

	case "/users/tokens/refresh":
		s.refreshCalls.Add(1)
		if bearer != s.refresh {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"unauthorized","message":"refresh token expired"}`)
			return
		}
		s.writePair(w)

	default:
		body, _ := io.ReadAll(r.Body)
		s.issueBodies = append(s.issueBodies, string(body))
		if s.rejectAll || bearer != s.access {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"unauthorized","message":"token expired"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"serial_number":"501"}`)
	}
}

// writePair issues a new pair; the caller contains s.mu.
func (s *usersServer) writePair(w http.ResponseWriter) {
	s.rotations++
	s.access = "access-" + strings.Repeat("a", s.rotations)
	s.refresh = "refresh-" + strings.Repeat("r", s.rotations)
	_ = json.NewEncoder(w).Encode(map[string]string{"access_token": s.access, "refresh_token": s.refresh})
}

func newUsersClient(t *testing.T, srv *usersServer, edit ...func(*Config)) *Client {
	t.Helper()
	c, ts := newTestClient(t, srv, edit...)

	tokens := c.Tokens()
	srv.mu.Lock()
	srv.refresh = tokens.RefreshToken
	srv.mu.Unlock()

	c.usersURL = ts.URL
	return c
}

func TestLoginKeepsTokens(t *testing.T) {
	var stored []Tokens
	srv := &usersServer{t: t}
	c := newUsersClient(t, srv, func(cfg *Config) {
		cfg.Token = ""
		cfg.OnTokens = func(tk Tokens) { stored = append(stored, tk) }
	})

	tokens, err := c.Users.Login(testContext(t), "ada", "s3cret-pass")

	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	want := Tokens{AccessToken: "access-a", RefreshToken: "refresh-r"}
	if tokens != want || c.Tokens() != want {
		t.Errorf("tokens = %+v, kept %+v, want %+v", tokens, c.Tokens(), want)
	}
	if len(stored) != 1 || stored[0] != want {
		t.Errorf("OnTokens received %+v", stored)
	}

	if _, err := c.Certs.Issue(testContext(t), "d1", IssueRequest{EntityType: "cvm", EntityID: "vm-1"}); err != nil {
		t.Errorf("Issue with the new token: %v", err)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	c := newUsersClient(t, &usersServer{t: t})

	_, err := c.Users.Login(testContext(t), "ada", "wrong-password-xyz")

	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("error = %v, want ErrUnauthorized", err)
	}
	if err != nil && strings.Contains(err.Error(), "wrong-password-xyz") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestRefreshOn401RepeatsWithFullBody(t *testing.T) {
	srv := &usersServer{t: t, access: "current-access"}
	c := newUsersClient(t, srv, func(cfg *Config) {
		cfg.Token = "stale-access"
		cfg.RefreshToken = "refresh-0"
	})

	req := IssueRequest{EntityType: "cvm", EntityID: "vm-1", IPAddresses: []string{"10.0.0.1"}, DNSNames: []string{"vm-1.lab"}}
	cert, err := c.Certs.Issue(testContext(t), "d1", req)

	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if cert.SerialNumber != "501" {
		t.Errorf("SerialNumber = %q, want 501", cert.SerialNumber)
	}
	if got := srv.refreshCalls.Load(); got != 1 {
		t.Errorf("refresh calls = %d, want 1", got)
	}
	if len(srv.issueBodies) != 2 {
		t.Fatalf("issue sent %d times, want 2 (401, then the repeat)", len(srv.issueBodies))
	}
	want := `{"ip_addresses":["10.0.0.1"],"dns_names":["vm-1.lab"]}`
	for i, body := range srv.issueBodies {
		if body != want {
			t.Errorf("attempt %d body = %s, want %s", i+1, body, want)
		}
	}
	if c.Tokens().AccessToken != "access-a" {
		t.Errorf("access token = %q, want the refreshed one", c.Tokens().AccessToken)
	}
}

func TestSecond401ReturnedToCaller(t *testing.T) {
	srv := &usersServer{t: t, rejectAll: true}
	c := newUsersClient(t, srv, func(cfg *Config) { cfg.RefreshToken = "refresh-0" })

	_, err := c.Certs.Get(testContext(t), "d1", "7")

	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("error = %v, want ErrUnauthorized", err)
	}
	if got := srv.refreshCalls.Load(); got != 1 {
		t.Errorf("refresh calls = %d, want 1", got)
	}
	if len(srv.issueBodies) != 2 {
		t.Errorf("the call was sent %d times, want 2", len(srv.issueBodies))
	}
}

func TestFailedRefreshReturns401(t *testing.T) {
	srv := &usersServer{t: t}
	c := newUsersClient(t, srv, func(cfg *Config) { cfg.RefreshToken = "refresh-0" })
	srv.mu.Lock()
	srv.refresh = "another-refresh"
	srv.mu.Unlock()

	_, err := c.Certs.Get(testContext(t), "d1", "7")

	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("error = %v, want ErrUnauthorized", err)
	}
	if len(srv.issueBodies) != 1 {
		t.Errorf("the call was sent %d times, want 1 when the refresh fails", len(srv.issueBodies))
	}
	if strings.Contains(err.Error(), "refresh-0") || strings.Contains(err.Error(), testToken) {
		t.Errorf("error shows a token: %v", err)
	}
}

func TestNoRefreshWithoutRefreshToken(t *testing.T) {
	srv := &usersServer{t: t}
	c := newUsersClient(t, srv)

	_, err := c.Certs.Get(testContext(t), "d1", "7")

	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("error = %v, want ErrUnauthorized", err)
	}
	if got := srv.refreshCalls.Load(); got != 0 {
		t.Errorf("refresh calls = %d, want 0", got)
	}
}

func TestConcurrent401ShareOneRefresh(t *testing.T) {
	srv := &usersServer{t: t, access: "current-access"}
	c := newUsersClient(t, srv, func(cfg *Config) {
		cfg.Token = "stale-access"
		cfg.RefreshToken = "refresh-0"
	})

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := c.Certs.Issue(testContext(t), "d1", IssueRequest{EntityType: "cvm", EntityID: "vm-1"})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)

	for err := range errs {
		if err != nil {
			t.Errorf("Issue: %v", err)
		}
	}
	if got := srv.refreshCalls.Load(); got != 1 {
		t.Errorf("refresh calls = %d, want 1 for 8 concurrent 401s", got)
	}
}

func TestLoginWithoutUsersURL(t *testing.T) {
	c, _ := newTestClient(t, http.NotFoundHandler())

	if _, err := c.Users.Login(testContext(t), "ada", "pw"); !errors.Is(err, errNoUsersURL) {
		t.Errorf("error = %v, want the missing users URL", err)
	}
}

func TestDownload401NoRefresh(t *testing.T) {
	srv := &usersServer{t: t}
	c := newUsersClient(t, srv, func(cfg *Config) { cfg.RefreshToken = "refresh-0" })

	_, err := c.Certs.Download(testContext(t), "d1", "vm-1", "expired-download-token")

	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("error = %v, want ErrUnauthorized", err)
	}
	if got := srv.refreshCalls.Load(); got != 0 {
		t.Errorf("refresh calls = %d, want 0: the 401 is about the download token", got)
	}
}

func TestSecretsNeverLogged(t *testing.T) {
	var logs logBuffer
	srv := &usersServer{t: t, access: "current-access"}
	c := newUsersClient(t, srv, func(cfg *Config) {
		cfg.Token = "stale-access"
		cfg.RefreshToken = "refresh-0"
		cfg.Logger = logs.logger()
	})
	ctx := testContext(t)
	var errs []error

	_, err := c.Users.Login(ctx, "ada", "wrong-pass-123")
	errs = append(errs, err)
	_, err = c.Certs.Get(ctx, "d1", "7")
	errs = append(errs, err)
	_, err = c.Users.Login(ctx, "ada", "s3cret-pass")
	errs = append(errs, err)

	// A refused connection: the transport error would quote the URL with
	// the download token in its query.
	offline, err := New(Config{BaseURL: "http://127.0.0.1:1", Token: "offline-bearer", Logger: logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = offline.Certs.Download(ctx, "d1", "vm-1", "dl-secret-456")
	errs = append(errs, err)

	secrets := []string{"wrong-pass-123", "s3cret-pass", "stale-access", "refresh-0", "access-a", "refresh-r",
		"offline-bearer", "dl-secret-456"}
	out := logs.String()
	if !strings.Contains(out, "request failed") {
		t.Errorf("the refused download was not logged:\n%s", out)
	}
	for _, secret := range secrets {
		if strings.Contains(out, secret) {
			t.Errorf("the log shows %q:\n%s", secret, out)
		}
		for _, err := range errs {
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("an error shows %q: %v", secret, err)
			}
		}
	}
}
