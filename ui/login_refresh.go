package ui

import (
	"context"
	"encoding/base64"
	"encoding/json"
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
	delay := refreshDelay(exp, time.Now())
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
		c.Logger.Info("token refreshed")
		return c.scheduleRefresh()
	}
	return nil
}
