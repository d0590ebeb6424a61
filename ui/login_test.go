package ui

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// tokenLifetime is the life of the access tokens the test users service
// issues: short, so the console refreshes them within the test.
const tokenLifetime = 4 * time.Second

// testUsers is a users service on 127.0.0.1 that issues JWT-shaped access
// tokens with an exp claim, and a proxy in front of a certs server that
// accepts only those tokens until they expire.
type testUsers struct {
	mu        sync.Mutex
	serial    int
	access    map[string]time.Time // access token to expiry
	refresh   map[string]bool
	logins    int
	refreshes int
	rejected  int // certs calls refused for an unknown or expired token
}

func newTestUsers() *testUsers {
	return &testUsers{access: map[string]time.Time{}, refresh: map[string]bool{}}
}

// issue returns a new pair; the caller holds mu.
func (u *testUsers) issue() map[string]string {
	u.serial++
	exp := time.Now().Add(tokenLifetime)
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	claims := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"sub":"alice","exp":%d,"n":%d}`, exp.Unix(), u.serial)))
	access := header + "." + claims + ".sig"
	refresh := fmt.Sprintf("refresh-%d", u.serial)
	u.access[access] = exp
	u.refresh[refresh] = true
	return map[string]string{"access_token": access, "refresh_token": refresh}
}

func (u *testUsers) serveUsers(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	defer u.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")

	switch r.URL.Path {
	case "/users/tokens/issue":
		var body struct{ Username, Password string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Username != "alice" || body.Password != "s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"unauthorized","message":"wrong username or password"}`))
			return
		}
		u.logins++
		_ = json.NewEncoder(w).Encode(u.issue())
	case "/users/tokens/refresh":
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !u.refresh[token] {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"unauthorized","message":"unknown refresh token"}`))
			return
		}
		delete(u.refresh, token)
		u.refreshes++
		_ = json.NewEncoder(w).Encode(u.issue())
	default:
		http.NotFound(w, r)
	}
}

// certsProxy forwards calls with a live access token to the certs server,
// under the server's own token.
func (u *testUsers) certsProxy(t *testing.T, srv *servertest.Instance) string {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		u.mu.Lock()
		exp, ok := u.access[token]
		live := ok && time.Now().Before(exp)
		if !live {
			u.rejected++
		}
		u.mu.Unlock()

		if !live {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"unauthorized","message":"token missing or expired"}`))
			return
		}
		r.Header.Set("Authorization", "Bearer "+srv.Token)
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func TestLoginStoresAndRefreshesTokens(t *testing.T) {
	srv := servertest.Start(t)
	users := newTestUsers()
	usersServer := httptest.NewServer(http.HandlerFunc(users.serveUsers))
	t.Cleanup(usersServer.Close)

	cl, err := client.New(client.Config{BaseURL: users.certsProxy(t, srv), UsersURL: usersServer.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}

	var storedMu sync.Mutex
	var stored []client.Tokens
	storeTokens := func(tokens client.Tokens) (string, error) {
		storedMu.Lock()
		defer storedMu.Unlock()
		stored = append(stored, tokens)
		return "/config/certs-tui/tokens/work.json", nil
	}

	c := startConsole(t, Options{Client: cl, UsersURL: usersServer.URL, NeedsLogin: true, StoreTokens: storeTokens})
	c.waitFor("Log in", "Users service "+usersServer.URL, "Username:")

	// A wrong password is rejected and never shown.
	c.typeText("alice")
	c.press("enter")
	c.typeText("wrong-pass")
	c.press("enter")
	screen := c.waitFor("Login failed", "401", "the username or password is wrong", "wrong username or password")
	if strings.Contains(screen, "wrong-pass") {
		t.Errorf("the password is echoed:\n%s", screen)
	}
	if strings.Contains(screen, "token is missing") {
		t.Errorf("a wrong password shows the bearer token hint:\n%s", screen)
	}

	c.typeText("s3cret")
	screen = c.waitFor("Password: ••••••")
	if strings.Contains(screen, "s3cret") {
		t.Errorf("the password is echoed:\n%s", screen)
	}
	c.press("enter")
	c.waitFor("Store the tokens?", "mode 0600")
	c.press("y")
	c.waitFor("Stored the tokens in /config/certs-tui/tokens/work.json (mode 0600)", "default")

	storedMu.Lock()
	if len(stored) != 1 || stored[0].AccessToken == "" || stored[0].RefreshToken == "" {
		t.Errorf("StoreTokens received %d pairs, want one complete pair", len(stored))
	}
	storedMu.Unlock()

	// The console refreshes before the access token expires, so calls after
	// the first token's expiry still succeed.
	deadline := time.Now().Add(3 * tokenLifetime)
	for {
		users.mu.Lock()
		refreshes := users.refreshes
		users.mu.Unlock()
		if refreshes >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d token refreshes after %s, want at least 2", refreshes, 3*tokenLifetime)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.press("enter")
	c.waitFor("Certificates of default", "This domain has no certificates yet")

	users.mu.Lock()
	defer users.mu.Unlock()
	if users.logins != 1 {
		t.Errorf("%d logins, want 1", users.logins)
	}
	if users.rejected != 0 {
		t.Errorf("the certs proxy rejected %d calls for a missing or expired token, want 0", users.rejected)
	}
}

func TestLoginCancelShowsUnauthorized(t *testing.T) {
	srv := servertest.Start(t)
	users := newTestUsers()
	usersServer := httptest.NewServer(http.HandlerFunc(users.serveUsers))
	t.Cleanup(usersServer.Close)
	cl, err := client.New(client.Config{BaseURL: users.certsProxy(t, srv), UsersURL: usersServer.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}

	c := startConsole(t, Options{Client: cl, UsersURL: usersServer.URL, NeedsLogin: true})
	c.waitFor("Log in")
	c.press("esc")
	c.waitFor("Could not list the domains", "401")

	// :login opens the form again.
	c.press(":")
	c.typeText("login")
	c.press("enter")
	c.waitFor("Log in", "Username:")
}

func TestTokenExpiryReadsJWT(t *testing.T) {
	claims := base64.RawURLEncoding.EncodeToString([]byte(`{"exp":1767225600}`))
	exp, ok := tokenExpiry("e30." + claims + ".sig")
	if !ok || !exp.Equal(time.Unix(1767225600, 0)) {
		t.Errorf("tokenExpiry = %v, %t; want 2026-01-01 UTC", exp, ok)
	}

	for _, token := range []string{"opaque-token", "a.b", "e30.bm90IGpzb24.sig", "e30." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"x"}`)) + ".sig"} {
		if _, ok := tokenExpiry(token); ok {
			t.Errorf("tokenExpiry(%q) found an expiry", token)
		}
	}
}

func TestRefreshDelay(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		left, want time.Duration
	}{
		{time.Hour, time.Hour - time.Minute},
		{100 * time.Second, 80 * time.Second},
		{2 * time.Second, time.Second},
		{-time.Second, 0},
	}
	for _, tc := range cases {
		if got := refreshDelay(now.Add(tc.left), now); got != tc.want {
			t.Errorf("refreshDelay(%s left) = %s, want %s", tc.left, got, tc.want)
		}
	}
}
