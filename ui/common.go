package ui

import (
	"context"
	"log/slog"
	"time"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/theme"
)

// requestTimeout bounds every command's calls through the client, on top of
// the client's own per-call timeout.
const requestTimeout = 30 * time.Second

// defaultExpiringWithin is the "expiring" threshold when Options leaves it zero.
const defaultExpiringWithin = 14 * 24 * time.Hour

// Common is the state every screen shares. The App owns it and passes a
// pointer; screens read it and change only tasks and status, always from
// Update, so no lock is needed.
type Common struct {
	Ctx    context.Context
	Width  int
	Height int
	Styles *theme.Styles
	Keys   KeyMap
	Logger *slog.Logger
	Client *client.Client
	Opts   Options
	Now    func() time.Time

	tasks  *taskList
	status *statusLine
	nav    navigator
	ca     *caCache // the service's CA chain, fetched once; nil until asked

	refreshSeq       int       // schedule of the token refresh; see tokenRefreshTickMsg
	lastRefresh      time.Time // when the last token refresh returned; zero before the first
	expiredRefreshes int       // refreshes in a row that returned an already-expired token
	hexSerials       bool      // serials show in colon-separated hex instead of decimal
	lastFolder       string    // folder of the last successful bundle or CA chain save; empty before one
}

// expiringWithin returns the configured "expiring" threshold.
func (c *Common) expiringWithin() time.Duration {
	if c.Opts.ExpiringWithin > 0 {
		return c.Opts.ExpiringWithin
	}
	return defaultExpiringWithin
}
