package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"time"

	"github.com/certs-tui/certs-tui/server"
)

// localStopTimeout bounds how long the console waits at exit for the
// embedded server to finish its in-flight requests.
const localStopTimeout = 5 * time.Second

// localServer is the embedded local-mode server of one console run.
type localServer struct {
	server  *server.Server
	baseURL string
	token   string
	logger  *slog.Logger

	cancel context.CancelFunc
	done   chan struct{} // closed when Serve has returned
	err    error         // reason Serve returned unless stop caused it; written before done is closed
}

// startLocalServer opens the local-mode server in dataDir and serves it on a
// random 127.0.0.1 port with a new random token. The caller must call stop.
func startLocalServer(dataDir string, logger *slog.Logger) (*localServer, error) {
	token, err := newLocalToken()
	if err != nil {
		return nil, err
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("local server: cannot listen on 127.0.0.1: %w", err)
	}
	return serveLocalServer(listener, dataDir, token, logger)
}

// serveLocalServer opens the local-mode server in dataDir and serves it on
// listener, which it closes on failure.
func serveLocalServer(listener net.Listener, dataDir, token string, logger *slog.Logger) (*localServer, error) {
	baseURL := "http://" + listener.Addr().String()

	// The port changes every run, so the CRL and OCSP URLs written into
	// certificates name the default address of "certs-tui serve" instead:
	// serving the same data folder there keeps them reachable after the
	// console exits.
	srv, err := server.Open(server.Config{
		DataDir: dataDir,
		Token:   token,
		BaseURL: server.DefaultBaseURL,
		Version: version,
		Logger:  logger.With("component", "server"),
	})
	if err != nil {
		_ = listener.Close()
		return nil, fmt.Errorf("local server with data folder %s did not start: %w", dataDir, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	local := &localServer{
		server:  srv,
		baseURL: baseURL,
		token:   token,
		logger:  logger,
		cancel:  cancel,
		done:    make(chan struct{}),
	}
	go local.serve(ctx, listener)

	logger.Info("local server started", "url", baseURL, "data", dataDir)
	return local, nil
}

// serve runs Serve and turns a panic into an error, because an unrecovered
// panic in this goroutine would end the process with the terminal still in
// raw mode.
func (l *localServer) serve(ctx context.Context, listener net.Listener) {
	defer close(l.done)
	defer func() {
		if r := recover(); r != nil {
			l.logger.Error("local server panicked", "panic", r, "stack", string(debug.Stack()))
			l.err = fmt.Errorf("local server panicked: %v", r)
		}
	}()

	err := l.server.Serve(ctx, listener)
	if err == nil && ctx.Err() == nil {
		err = errors.New("local server stopped serving without being asked to")
	}
	if err != nil {
		l.logger.Error("local server stopped", "error", err)
	}
	l.err = err
}

// stop shuts the server down, waits up to localStopTimeout for Serve to
// return, and closes the store. It returns why Serve ended when that was not
// this shutdown, joined with any error from closing.
func (l *localServer) stop() error {
	l.cancel()

	var serveErr error
	select {
	case <-l.done:
		serveErr = l.err
	case <-time.After(localStopTimeout):
		l.logger.Warn("local server did not stop in time", "timeout", localStopTimeout)
	}

	closeErr := l.server.Close()
	if closeErr != nil {
		l.logger.Error("local server store did not close", "error", closeErr)
	}
	l.logger.Info("local server stopped")
	return errors.Join(serveErr, closeErr)
}
