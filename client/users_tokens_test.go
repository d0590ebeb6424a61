package client

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// pairHandler is a users service that returns the given JSON pair on login
// and on refresh.
func pairHandler(pair string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, pair)
	})
}

func TestTokensWithControlCharsRejected(t *testing.T) {
	pairs := map[string]string{
		"CRLF in access":  `{"access_token":"abc\r\nX-Injected: 1","refresh_token":"r-1"}`,
		"LF in refresh":   `{"access_token":"abc","refresh_token":"r-1\nevil"}`,
		"space in access": `{"access_token":"abc def","refresh_token":"r-1"}`,
		"NUL in refresh":  `{"access_token":"abc","refresh_token":"r\u0000"}`,
		"non-ASCII":       `{"access_token":"abc\u202e","refresh_token":"r-1"}`,
	}

	for name, pair := range pairs {
		t.Run(name, func(t *testing.T) {
			var stored []Tokens
			c, ts := newTestClient(t, pairHandler(pair), func(cfg *Config) {
				cfg.Token = "old-access"
				cfg.OnTokens = func(tk Tokens) { stored = append(stored, tk) }
			})
			c.usersURL = ts.URL

			_, err := c.Users.Login(testContext(t), "ada", "s3cret-pass")
			if !errors.Is(err, ErrInvalidResponse) {
				t.Fatalf("Login error = %v, want ErrInvalidResponse", err)
			}
			if strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), "r-1") {
				t.Errorf("error %q contains token text", err)
			}
			if got := c.Tokens().AccessToken; got != "old-access" {
				t.Errorf("access token after a rejected login = %q, want the old one", got)
			}
			if len(stored) != 0 {
				t.Errorf("OnTokens received %d pairs, want none", len(stored))
			}
		})
	}
}

func TestRefreshRejectsControlChars(t *testing.T) {
	c, ts := newTestClient(t, pairHandler(`{"access_token":"new\r\naccess","refresh_token":"r-2"}`), func(cfg *Config) {
		cfg.Token = "old-access"
		cfg.RefreshToken = "old-refresh"
	})
	c.usersURL = ts.URL

	if _, err := c.Users.Refresh(testContext(t)); !errors.Is(err, ErrInvalidResponse) {
		t.Fatalf("Refresh error = %v, want ErrInvalidResponse", err)
	}
	tokens := c.Tokens()
	if tokens.AccessToken != "old-access" || tokens.RefreshToken != "old-refresh" {
		t.Errorf("tokens after a rejected refresh = %+v, want the old pair", tokens)
	}
}
