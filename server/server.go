// Package server is the certs-tui local-mode server: a small CA behind the
// certs API.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Config configures a local-mode server.
type Config struct {
	DataDir      string // created 0700 when missing
	KeyAlgorithm string // rsa-2048, rsa-3072, ecdsa-p256 (default) or ed25519; used when the CA is created
	Token        string // bearer token; empty: CERTS_TUI_TOKEN is not read here, a stored or generated one is used
	BaseURL      string // public URL of this server, put into CRL and OCSP URLs of issued certificates
	Version      string
	Logger       *slog.Logger
	Now          func() time.Time // clock; time.Now when nil
}

// Server is an opened local-mode server.
type Server struct {
	cfg Config
}

// TODO: skeleton of the contract; replaced by the real server.
var errNotImplemented = errors.New("not implemented")

// Open creates or opens the data folder, the store and the CA.
func Open(cfg Config) (*Server, error) { return nil, errNotImplemented }

// Handler returns the HTTP handler serving the certs API.
func (s *Server) Handler() http.Handler { return http.NotFoundHandler() }

// Token returns the bearer token the server accepts.
func (s *Server) Token() string { return "" }

// TokenPath returns the file holding a generated token, or "" when the token was given.
func (s *Server) TokenPath() string { return "" }

// Serve serves on ln with the server's timeouts until ctx is done, then
// finishes in-flight requests and returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error { return errNotImplemented }

// Close closes the store.
func (s *Server) Close() error { return nil }
