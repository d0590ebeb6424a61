// Package servertest starts a real local-mode server on 127.0.0.1 for
// tests and benchmarks of any package.
package servertest

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server"
)

// Instance is a running server.
type Instance struct {
	URL      string // http://127.0.0.1:port, no trailing slash
	Token    string // bearer token
	DataDir  string
	DomainID string // ID of the "default" domain
	Server   *server.Server

	tb      testing.TB
	cancel  context.CancelFunc
	served  chan error
	stopped bool
}

// Option changes the configuration of Start.
type Option func(*settings)

type settings struct {
	cfg server.Config
}

// WithDataDir uses dir as the data folder instead of a new temporary one,
// for example to restart a server on the data of a stopped one.
func WithDataDir(dir string) Option { return func(s *settings) { s.cfg.DataDir = dir } }

// WithNow sets the server's clock.
func WithNow(now func() time.Time) Option { return func(s *settings) { s.cfg.Now = now } }

// WithKeyAlgorithm sets the key algorithm of a newly created CA.
func WithKeyAlgorithm(algorithm string) Option {
	return func(s *settings) { s.cfg.KeyAlgorithm = algorithm }
}

// WithToken sets the bearer token instead of a generated one.
func WithToken(token string) Option { return func(s *settings) { s.cfg.Token = token } }

// WithLogger sets the server's logger; the default discards logs.
func WithLogger(logger *slog.Logger) Option { return func(s *settings) { s.cfg.Logger = logger } }

// Start opens a server on a new temporary data folder (see WithDataDir),
// serves it on 127.0.0.1 on a free port and stops it when the test ends.
// It fails the test when the server cannot start.
func Start(tb testing.TB, opts ...Option) *Instance {
	tb.Helper()
	st := settings{cfg: server.Config{Version: "test"}}
	for _, opt := range opts {
		opt(&st)
	}
	if st.cfg.DataDir == "" {
		st.cfg.DataDir = tb.TempDir()
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("servertest: listen on 127.0.0.1: %v", err)
	}
	url := "http://" + ln.Addr().String()
	st.cfg.BaseURL = url

	srv, err := server.Open(st.cfg)
	if err != nil {
		ln.Close()
		tb.Fatalf("servertest: open server: %v", err)
	}
	domainID, err := srv.DefaultDomainID(context.Background())
	if err != nil {
		ln.Close()
		srv.Close()
		tb.Fatalf("servertest: find default domain: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	inst := &Instance{
		URL: url, Token: srv.Token(), DataDir: st.cfg.DataDir, DomainID: domainID, Server: srv,
		tb: tb, cancel: cancel, served: make(chan error, 1),
	}
	go func() { inst.served <- srv.Serve(ctx, ln) }()
	tb.Cleanup(inst.Stop)
	return inst
}

// Stop shuts the server down, waiting for in-flight requests, and closes
// its store. It is safe to call more than once; Start also calls it at
// cleanup.
func (inst *Instance) Stop() {
	if inst.stopped {
		return
	}
	inst.stopped = true
	inst.cancel()
	if err := <-inst.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		inst.tb.Errorf("servertest: serve: %v", err)
	}
	if err := inst.Server.Close(); err != nil {
		inst.tb.Errorf("servertest: close store: %v", err)
	}
}

// Seed stores n real certificates in the domain, spread over
// server.SeedEntities entities named seed-0000, seed-0001 and so on. It
// fails the test on error.
func (inst *Instance) Seed(domainID string, n int) {
	inst.tb.Helper()
	if err := inst.Server.Seed(context.Background(), domainID, n); err != nil {
		inst.tb.Fatalf("servertest: seed %d certificates: %v", n, err)
	}
}
