package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/ca"
)

// tokenEnv is the environment variable read when --token is not given.
const tokenEnv = "CERTS_TUI_TOKEN"

// serveOptions are the flags of "certs-tui serve".
type serveOptions struct {
	addr           string
	dataDir        string
	token          string
	keyAlgorithm   string
	tlsCert        string
	tlsKey         string
	insecureListen bool
	baseURL        string

	keyAlgorithmSet bool // --key-algorithm was given, not defaulted
}

// defaultDataDir is $XDG_DATA_HOME/certs-tui, ~/.local/share/certs-tui by default.
func defaultDataDir() string { return filepath.Join(xdg.DataHome, "certs-tui") }

// newServeCommand builds "certs-tui serve".
func newServeCommand() *cobra.Command {
	opts := serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the local-mode certs server in the foreground",
		Long: `Run the local-mode certs server in the foreground: a small CA behind the
certs API, with its data in one folder.

On first start in an empty data folder it creates a root and an issuing CA,
a domain named "default" and, unless a token is given, a random bearer token
stored in the file "token" there (the log names the file, never the token).
Logs go to stderr. SIGINT or SIGTERM finishes in-flight requests, then exits 0.`,
		Example: `  certs-tui serve
  certs-tui serve --addr 127.0.0.1:9443 --data ./ca-data --key-algorithm rsa-3072
  certs-tui serve --addr 0.0.0.0:9443 --tls-cert server.crt --tls-key server.key`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("token") {
				opts.token = os.Getenv(tokenEnv)
			}
			opts.keyAlgorithmSet = cmd.Flags().Changed("key-algorithm")
			return runServe(cmd.Context(), opts, cmd.ErrOrStderr())
		},
	}

	flags := cmd.Flags()
	flags.StringVar(&opts.addr, "addr", "127.0.0.1:9010",
		"host:port to listen on; an address other than loopback needs --tls-cert and --tls-key, or --insecure-listen")
	flags.StringVar(&opts.dataDir, "data", defaultDataDir(),
		"data folder holding the CA, the database and the token file; created with mode 0700")
	flags.StringVar(&opts.token, "token", "",
		"bearer token clients must send (at least 16 characters); default: $"+tokenEnv+", else the token file in the data folder")
	flags.StringVar(&opts.keyAlgorithm, "key-algorithm", ca.DefaultKeyAlgorithm,
		"key algorithm of a new CA and its leaves: "+strings.Join(ca.KeyAlgorithms, ", ")+"; ignored once the CA exists")
	flags.StringVar(&opts.tlsCert, "tls-cert", "", "PEM certificate file to serve HTTPS with (needs --tls-key)")
	flags.StringVar(&opts.tlsKey, "tls-key", "", "PEM private key file of --tls-cert")
	flags.BoolVar(&opts.insecureListen, "insecure-listen", false,
		"allow plain HTTP on an address other than loopback; bearer tokens then cross the network unencrypted")
	flags.StringVar(&opts.baseURL, "base-url", "",
		"public URL of this server written into the CRL and OCSP URLs of issued certificates; default: from --addr")

	_ = cmd.RegisterFlagCompletionFunc("key-algorithm", cobra.FixedCompletions(ca.KeyAlgorithms, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagDirname("data")
	_ = cmd.MarkFlagFilename("tls-cert", "pem", "crt")
	_ = cmd.MarkFlagFilename("tls-key", "pem", "key")
	cmd.MarkFlagsRequiredTogether("tls-cert", "tls-key")
	return cmd
}

// runServe opens the server, listens and serves until SIGINT, SIGTERM or
// the end of ctx. Logs go to logOutput, stderr unless a test sets it.
func runServe(ctx context.Context, opts serveOptions, logOutput io.Writer) error {
	logger := slog.New(slog.NewTextHandler(logOutput, &slog.HandlerOptions{Level: slog.LevelInfo}))

	if opts.baseURL != "" {
		if _, err := server.CheckBaseURL(opts.baseURL); err != nil {
			return fmt.Errorf("--base-url: %w", err)
		}
	}

	useTLS := opts.tlsCert != ""
	loopback, err := isLoopback(opts.addr)
	if err != nil {
		return err
	}
	if !loopback && !useTLS && !opts.insecureListen {
		return fmt.Errorf("plain HTTP on %s, which is not a loopback address, is rejected: give --tls-cert and --tls-key, or --insecure-listen to accept the risk", opts.addr)
	}

	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.addr, err)
	}
	if useTLS {
		pair, err := tls.LoadX509KeyPair(opts.tlsCert, opts.tlsKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("load TLS certificate %s and key %s: %w", opts.tlsCert, opts.tlsKey, err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12})
	}
	if !loopback && !useTLS {
		logger.Warn("serving plain HTTP on a non-loopback address: bearer tokens and downloaded private keys cross the network unencrypted",
			"addr", ln.Addr().String())
	}

	baseURL := opts.baseURL
	if baseURL == "" {
		scheme := "http"
		if useTLS {
			scheme = "https"
		}
		baseURL = scheme + "://" + ln.Addr().String()
	}

	srv, err := server.Open(server.Config{
		DataDir:      opts.dataDir,
		KeyAlgorithm: opts.keyAlgorithm,
		Token:        opts.token,
		BaseURL:      strings.TrimSuffix(baseURL, "/"),
		Version:      version,
		Logger:       logger,
	})
	if err != nil {
		ln.Close()
		return err
	}
	defer srv.Close()

	if caAlgorithm, err := ca.AlgorithmOf(srv.Authority().Intermediate.PublicKey); err == nil && caAlgorithm != opts.keyAlgorithm && opts.keyAlgorithmSet {
		logger.Warn("--key-algorithm ignored: the data folder has a CA already, and leaves use its algorithm",
			"requested", opts.keyAlgorithm, "ca_key_algorithm", caAlgorithm)
	}

	attrs := []any{"addr", ln.Addr().String(), "tls", useTLS, "data", opts.dataDir, "base_url", baseURL, "version", version}
	if path := srv.TokenPath(); path != "" {
		attrs = append(attrs, "token_file", path)
	}
	logger.Info("serving the certs API", attrs...)

	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}

// isLoopback reports whether a listen address binds only to loopback. An
// empty host binds every interface, so it is not loopback.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("invalid --addr %q: use host:port, such as 127.0.0.1:9010", addr)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	if ip == nil {
		if host == "" {
			return false, nil
		}
		return false, errors.New("invalid --addr " + addr + ": give an IP address or localhost as the host, not a name that could resolve elsewhere")
	}
	return ip.IsLoopback(), nil
}
