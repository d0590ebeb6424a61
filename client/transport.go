package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// Retry policy for GET calls. Three attempts in all; resty waits a random
// time between retryWait and twice the exponential step, capped at
// retryMaxWait.
const (
	retryCount   = 2
	retryWait    = 200 * time.Millisecond
	retryMaxWait = 2 * time.Second
	maxRedirects = 10
)

// Response body caps per kind of call. Larger responses fail with
// ErrResponseTooLarge before they are fully read.
const (
	limitSmall  = 1 << 20  // single objects and tokens
	limitBundle = 8 << 20  // bundle and CA downloads
	limitList   = 32 << 20 // list pages and the CRL
)

// errRedirectLimit stops a redirect loop.
var errRedirectLimit = fmt.Errorf("stopped after %d redirects", maxRedirects)

// newRestyClient builds the HTTP layer: TLS roots, redirect and retry
// policies, the User-Agent, and no cookie jar, so that no state is kept
// between calls apart from the tokens.
func newRestyClient(cfg Config, logger *slog.Logger) (*resty.Client, error) {
	tlsConfig, err := newTLSConfig(cfg.CAFile, cfg.InsecureSkipVerify)
	if err != nil {
		return nil, err
	}
	if cfg.InsecureSkipVerify {
		logger.Warn("TLS certificate verification is disabled")
	}

	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = tlsConfig

	version := cfg.Version
	if version == "" {
		version = "dev"
	}

	rc := resty.NewWithClient(&http.Client{Transport: transport}).
		SetLogger(discardLogger{}).
		SetHeader("User-Agent", "certs-tui/"+version).
		SetError(&errorJSON{}).
		SetRedirectPolicy(resty.RedirectPolicyFunc(redirectPolicy)).
		SetRetryCount(retryCount).
		SetRetryWaitTime(retryWait).
		SetRetryMaxWaitTime(retryMaxWait).
		AddRetryCondition(shouldRetry).
		AddRetryHook(func(resp *resty.Response, err error) { logRetry(logger, resp, err) })

	return rc, nil
}

// newTLSConfig trusts the system roots plus the PEM certificates in caFile.
func newTLSConfig(caFile string, insecure bool) (*tls.Config, error) {
	config := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: insecure}

	if caFile == "" {
		return config, nil
	}

	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}

	data, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("CA file %s contains no PEM certificate: give a file of BEGIN CERTIFICATE blocks", caFile)
	}
	config.RootCAs = pool

	return config, nil
}

// redirectPolicy follows up to maxRedirects redirects and drops the
// Authorization and Cookie headers when the target's scheme, host or port
// differs from the first request's. Go's own rule would keep them for a
// subdomain or another port, and resty's FlexibleRedirectPolicy copies them
// back for the same host name on any port.
func redirectPolicy(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return errRedirectLimit
	}

	if !sameOrigin(req.URL, via[0].URL) {
		req.Header.Del("Authorization")
		req.Header.Del("Cookie")
	}

	return nil
}

// sameOrigin compares scheme, host name and effective port.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// shouldRetry allows a retry only for GET, on a connection failure or a
// 502, 503 or 504 response. Writes are never repeated, because the server may
// have acted on the first attempt.
func shouldRetry(resp *resty.Response, err error) bool {
	if resp == nil || resp.Request == nil || resp.Request.Method != http.MethodGet {
		return false
	}

	if err != nil {
		return isConnectionError(err)
	}

	switch resp.StatusCode() {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}

	return false
}

// isConnectionError reports whether err is a failure that another attempt
// may not meet: not a cancellation, a size cap, a redirect loop or a TLS
// certificate problem.
func isConnectionError(err error) bool {
	var (
		verifyErr    *tls.CertificateVerificationError
		unknownCA    x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidCert  x509.CertificateInvalidError
		tlsRecordErr tls.RecordHeaderError
	)

	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	case errors.Is(err, resty.ErrResponseBodyTooLarge), errors.Is(err, errRedirectLimit):
		return false
	case errors.As(err, &verifyErr), errors.As(err, &unknownCA), errors.As(err, &hostnameErr),
		errors.As(err, &invalidCert), errors.As(err, &tlsRecordErr):
		return false
	}

	return true
}

// logRetry records a failed GET attempt that the retry condition accepted,
// without the query, which may hold a token. Resty calls it after the last
// attempt too, when no retry follows.
func logRetry(logger *slog.Logger, resp *resty.Response, err error) {
	if resp == nil || resp.Request == nil || resp.Request.RawRequest == nil {
		return
	}

	attrs := []any{
		"method", resp.Request.Method,
		"path", resp.Request.RawRequest.URL.Path,
		"attempt", resp.Request.Attempt,
		"retry", resp.Request.Attempt <= retryCount,
	}
	if err != nil {
		attrs = append(attrs, "error", transportErrorText(err))
	} else {
		attrs = append(attrs, "status", resp.StatusCode())
	}

	logger.Warn("request attempt failed", attrs...)
}

// transportErrorText returns the text of a transport failure without the
// request URL that *url.Error adds, since its query may hold a token.
func transportErrorText(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return err.Error()
}

// discardLogger silences resty's own log lines, which quote full URLs with
// their query and so could carry a download token. The client logs each
// call itself.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
