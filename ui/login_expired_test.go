package ui

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// staleUsers is a users service on 127.0.0.1 whose clock runs an hour
// behind: every access token it issues has already expired.
type staleUsers struct {
	mu        sync.Mutex
	refreshes []time.Time
}

func (u *staleUsers) serve(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if r.URL.Path == "/users/tokens/refresh" {
		u.refreshes = append(u.refreshes, time.Now())
	}

	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	claims := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf(`{"exp":%d}`, time.Now().Add(-time.Hour).Unix())))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{
		"access_token":  header + "." + claims + ".sig",
		"refresh_token": fmt.Sprintf("refresh-%d", len(u.refreshes)),
	})
}

func (u *staleUsers) refreshTimes() []time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]time.Time(nil), u.refreshes...)
}

func TestRefreshExpiredTokensStops(t *testing.T) {
	srv := servertest.Start(t)
	users := &staleUsers{}
	usersServer := httptest.NewServer(http.HandlerFunc(users.serve))
	t.Cleanup(usersServer.Close)

	cl, err := client.New(client.Config{BaseURL: srv.URL, UsersURL: usersServer.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}

	c := startConsole(t, Options{Client: cl, UsersURL: usersServer.URL, NeedsLogin: true})
	c.waitFor("Log in", "Username:")
	c.typeText("alice")
	c.press("enter")
	c.typeText("s3cret")
	c.press("enter")
	c.waitFor("Stopped refreshing the token", "already expired", ":login")

	// No refresh runs after the stop. The client adds one refresh of its own
	// when the domain list gets 401 with the expired token.
	stopped := len(users.refreshTimes())
	time.Sleep(refreshFloor + time.Second)
	times := users.refreshTimes()
	if len(times) != stopped {
		t.Errorf("%d refreshes after the stop, want none", len(times)-stopped)
	}
	if len(times) < maxExpiredRefreshes || len(times) > maxExpiredRefreshes+1 {
		t.Fatalf("%d refreshes, want %d plus at most one after a 401", len(times), maxExpiredRefreshes)
	}

	// The console's refreshes wait refreshFloor, then twice that.
	if span, want := times[len(times)-1].Sub(times[0]), 3*refreshFloor; span < want {
		t.Errorf("the refreshes spanned %s, want at least %s", span, want)
	}
}

func TestRefreshFloorDoubles(t *testing.T) {
	cases := []struct {
		inARow int
		want   time.Duration
	}{
		{0, refreshFloor},
		{1, refreshFloor},
		{2, 2 * refreshFloor},
		{3, 4 * refreshFloor},
		{30, refreshFloorMax},
	}
	for _, tc := range cases {
		if got := refreshFloorAfter(tc.inARow); got != tc.want {
			t.Errorf("refreshFloorAfter(%d) = %s, want %s", tc.inARow, got, tc.want)
		}
	}
}
