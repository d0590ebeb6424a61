package ui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestLoginRejectsTokenWithLineBreak(t *testing.T) {
	srv := servertest.Start(t)
	usersServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"abc\r\nX-Injected: 1","refresh_token":"r-1"}`)
	}))
	t.Cleanup(usersServer.Close)

	cl, err := client.New(client.Config{BaseURL: srv.URL, UsersURL: usersServer.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var stores atomic.Int32
	storeTokens := func(client.Tokens) (string, error) {
		stores.Add(1)
		return "/config/tokens.json", nil
	}

	c := startConsole(t, Options{Client: cl, UsersURL: usersServer.URL, NeedsLogin: true, StoreTokens: storeTokens})
	c.waitFor("Log in", "Username:")
	c.typeText("alice")
	c.press("enter")
	c.typeText("s3cret")
	c.press("enter")
	c.waitFor("Login failed", "bearer token cannot contain")

	if got := cl.Tokens().AccessToken; got != "" {
		t.Errorf("the client kept the access token %q", got)
	}
	if n := stores.Load(); n != 0 {
		t.Errorf("StoreTokens was called %d times, want 0", n)
	}
}
