// Package server is the certs-tui local-mode server: a small CA behind the
// certs API.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/internal/securefile"
	"github.com/certs-tui/certs-tui/server/store"
)

// Config configures a local-mode server.
type Config struct {
	DataDir      string // created 0700 when missing
	KeyAlgorithm string // rsa-2048, rsa-3072, ecdsa-p256 (default) or ed25519; used when the CA is created
	Token        string // bearer token; empty: CERTS_TUI_TOKEN is not read here, a stored or generated one is used
	BaseURL      string // public URL of this server, put into CRL and OCSP URLs of issued certificates; see CheckBaseURL
	Version      string
	Logger       *slog.Logger
	Now          func() time.Time // clock; time.Now when nil
}

// DefaultBaseURL is used when Config.BaseURL is empty.
const DefaultBaseURL = "http://127.0.0.1:9010"

// CADir is the folder inside the data folder that holds the CA.
const CADir = "ca"

// Server is an opened local-mode server.
type Server struct {
	cfg       Config
	store     *store.Store
	authority *ca.Authority
	tokens    tokenSigner
	token     string
	tokenPath string
	logger    *slog.Logger
	now       func() time.Time
	handler   http.Handler
	lock      *os.File // held while the server is open; nil where unsupported
	domains   sync.Map // domain ID to store.Domain, filled by lookups

	crlMu    sync.Mutex
	crlCache cachedCRL

	// revocationGeneration changes on every revocation, so currentCRL can
	// tell that the cached CRL is stale. It is guarded by crlMu.
	revocationGeneration uint64
}

// Open creates or opens the data folder, the store and the CA. On first
// start in an empty folder it creates the CA, a "default" domain and,
// unless Config.Token is set, a bearer token file.
func Open(cfg Config) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("missing data folder: set Config.DataDir")
	}
	if cfg.KeyAlgorithm == "" {
		cfg.KeyAlgorithm = ca.DefaultKeyAlgorithm
	}
	if err := ca.CheckKeyAlgorithm(cfg.KeyAlgorithm); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	baseURL, err := CheckBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	cfg.BaseURL = baseURL
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if err := securefile.EnsureDir(cfg.DataDir); err != nil {
		return nil, err
	}

	lock, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, logger: cfg.Logger, now: cfg.Now, lock: lock}
	if err := s.open(); err != nil {
		s.unlock()
		return nil, err
	}
	return s, nil
}

// open loads the secrets, the store and the CA of a locked data folder.
func (s *Server) open() error {
	if err := s.loadSecrets(); err != nil {
		return err
	}

	ctx := context.Background()
	st, err := store.Open(ctx, s.cfg.DataDir, store.WithLogger(s.logger))
	if err != nil {
		return err
	}
	s.store = st

	if err := s.loadAuthority(); err != nil {
		st.Close()
		return err
	}
	if err := s.ensureDefaultDomain(ctx); err != nil {
		st.Close()
		return err
	}
	s.handler = s.routes()
	return nil
}

func (s *Server) unlock() {
	if s.lock != nil {
		s.lock.Close()
	}
}

// loadAuthority loads the CA from the data folder, creating it first when
// the folder has none.
func (s *Server) loadAuthority() error {
	dir := filepath.Join(s.cfg.DataDir, CADir)
	exists, err := ca.Exists(dir)
	if err != nil {
		return fmt.Errorf("inspect CA folder %s: %w", dir, err)
	}
	if !exists {
		authority, err := ca.Create(s.cfg.KeyAlgorithm, s.cfg.BaseURL, s.now())
		if err != nil {
			return err
		}
		if err := authority.Save(dir); err != nil {
			return err
		}
		s.logger.Info("created CA", "folder", dir, "key_algorithm", s.cfg.KeyAlgorithm,
			"issuing_ca", authority.Intermediate.Subject.CommonName)
	}

	authority, err := ca.Load(dir, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	s.authority = authority
	return nil
}

// Handler returns the HTTP handler serving the certs API.
func (s *Server) Handler() http.Handler { return s.handler }

// Token returns the bearer token the server accepts.
func (s *Server) Token() string { return s.token }

// TokenPath returns the file holding a generated token, or "" when the token was given.
func (s *Server) TokenPath() string { return s.tokenPath }

// Authority returns the server's CA, for tests that check issued chains.
func (s *Server) Authority() *ca.Authority { return s.authority }

// HTTP timeouts of Serve. The write timeout leaves room for RSA-3072 key
// generation, which takes seconds on a slow machine.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 30 * time.Second

	// maxHeaderBytes bounds the request line and headers together. It is
	// well above maxRequestURI, so a 100 KB path still gets the handler's
	// JSON 414 rather than net/http's plain-text 431. It stays far below
	// net/http's default of 1 MiB, which a client without a token could
	// make the server buffer on every connection.
	maxHeaderBytes = 128 << 10
)

// Serve serves on ln with the server's timeouts until ctx is done, then
// finishes in-flight requests and returns nil.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}

	s.logger.Info("shutting down: finishing in-flight requests", "timeout", shutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close closes the store and releases the data folder.
func (s *Server) Close() error {
	err := s.store.Close()
	s.unlock()
	return err
}
