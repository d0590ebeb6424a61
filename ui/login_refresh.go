package ui

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// Refresh timing: a token is refreshed when a fifth of its remaining life is
// left, and at least refreshLeadMin and at most refreshLeadMax before it
// expires.
const (
	refreshLeadMin = time.Second
	refreshLeadMax = time.Minute
)

// Refresh limits. A token that is already expired when it arrives (a clock
// ahead of the users service, or a service issuing stale tokens) would
// otherwise be refreshed at once, again and again. So a refresh never starts
// sooner than refreshFloor after the previous one. The gap doubles with each
// already-expired token in a row, and after maxExpiredRefreshes of them the
// console stops refreshing and asks the operator to log in again.
const (
	refreshFloor        = 2 * time.Second
	refreshFloorMax     = time.Minute
	maxExpiredRefreshes = 3
)

// tokenRefreshTickMsg starts a scheduled refresh. seq drops ticks of a
// schedule that a newer login or refresh replaced.
type tokenRefreshTickMsg struct{ seq int }

// tokenRefreshedMsg is the result of a token refresh.
type tokenRefreshedMsg struct {
	seq    int
	tokens client.Tokens
	err    error
}

// tokenExpiry reads the exp claim of a JWT access token without checking its
// signature, which only the services can do. It returns false for a token
// that is not a JWT or has no exp; the client then refreshes after a 401.
func tokenExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, false
	}

	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil || claims.Exp == "" {
		return time.Time{}, false
	}
	seconds, err := claims.Exp.Float64()
	if err != nil || seconds <= 0 {
		return time.Time{}, false
	}
	return time.Unix(0, int64(seconds*float64(time.Second))), true
}

// refreshDelay returns how long to wait before refreshing a token that
// expires at exp.
func refreshDelay(exp, now time.Time) time.Duration {
	left := exp.Sub(now)
	lead := min(max(left/5, refreshLeadMin), refreshLeadMax)
	return max(left-lead, 0)
}

// refreshFloorAfter returns the shortest gap between the previous refresh
// and the next one: refreshFloor, doubled for each already-expired token in
// a row after the first, up to refreshFloorMax.
func refreshFloorAfter(inARow int) time.Duration {
	floor := refreshFloor
	for i := 1; i < inARow; i++ {
		floor *= 2
		if floor >= refreshFloorMax {
			return refreshFloorMax
		}
	}
	return floor
}

// scheduleRefresh plans the refresh of the current access token, when it is
// a JWT with an expiry and a users service is configured.
func (c *Common) scheduleRefresh() tea.Cmd {
	c.refreshSeq++
	if c.Opts.UsersURL == "" {
		return nil
	}
	exp, ok := tokenExpiry(c.Client.Tokens().AccessToken)
	if !ok {
		return nil
	}

	seq := c.refreshSeq
	now := time.Now()
	delay := refreshDelay(exp, now)
	if !c.lastRefresh.IsZero() {
		earliest := c.lastRefresh.Add(refreshFloorAfter(c.expiredRefreshes))
		delay = max(delay, earliest.Sub(now))
	}
	c.Logger.Info("token refresh scheduled", "in", delay.Round(time.Second).String())
	return tea.Tick(delay, func(time.Time) tea.Msg { return tokenRefreshTickMsg{seq: seq} })
}

// refreshTokensCmd refreshes the tokens through the users service.
func refreshTokensCmd(parent context.Context, cl *client.Client, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		tokens, err := cl.Users.Refresh(ctx)
		return tokenRefreshedMsg{seq: seq, tokens: tokens, err: err}
	}
}

// handleRefresh runs a due refresh and, once it returns, plans the next one.
// A failed refresh opens the login form again.
func (c *Common) handleRefresh(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tokenRefreshTickMsg:
		if msg.seq != c.refreshSeq {
			return nil
		}
		return refreshTokensCmd(c.Ctx, c.Client, msg.seq)

	case tokenRefreshedMsg:
		if msg.seq != c.refreshSeq {
			return nil
		}
		if msg.err != nil {
			c.Logger.Warn("token refresh failed", "err", msg.err)
			return tea.Batch(
				c.status.set(levelError, describeError("Refreshing the token", msg.err)+"; log in again"),
				c.nav.openDialog(newLoginDialog(c)),
			)
		}
		return c.refreshed()
	}
	return nil
}

// refreshed counts refreshes in a row that returned an already-expired token
// and plans the next refresh, or stops refreshing after too many of them.
func (c *Common) refreshed() tea.Cmd {
	now := time.Now()
	c.lastRefresh = now

	exp, ok := tokenExpiry(c.Client.Tokens().AccessToken)
	if !ok || exp.After(now) {
		c.expiredRefreshes = 0
		c.Logger.Info("token refreshed")
		return c.scheduleRefresh()
	}

	c.expiredRefreshes++
	c.Logger.Warn("token refresh returned an expired access token",
		"exp", exp.UTC().Format(time.RFC3339), "in_a_row", c.expiredRefreshes)
	if c.expiredRefreshes < maxExpiredRefreshes {
		return c.scheduleRefresh()
	}

	// Stop: a newer sequence number drops any tick still pending.
	c.refreshSeq++
	c.expiredRefreshes = 0
	c.Logger.Error("token refresh stopped", "expired_in_a_row", maxExpiredRefreshes)
	text := fmt.Sprintf("Stopped refreshing the token: %d new tokens in a row had already expired; check the clocks, then run :login", maxExpiredRefreshes)
	return c.status.set(levelError, text)
}
