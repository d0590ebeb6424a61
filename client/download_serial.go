package client

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"
)

// ErrBundleMismatch matches the error of DownloadSerial when the service
// returned the bundle of another certificate than the one requested.
var ErrBundleMismatch = errors.New("bundle is for another certificate")

// DownloadSerial downloads the bundle of one certificate: it calls
// DownloadToken for the serial, then Download for the entity, and checks
// that the bundle's certificate has the requested serial. The hosted API
// downloads by entity, so it may return another certificate of the same
// entity. Then the error matches ErrBundleMismatch and names both serials.
// No bundle comes with that error, so nothing can be saved by mistake.
//
// The service accepts a download token once. So when the download fails on
// the connection, with 502, 503 or 504, or with a 401 after a dropped
// attempt spent the token, it is tried up to twice more, each time with a
// fresh token. Requesting another token is safe to repeat, because the call
// only mints a token, which expires unused.
func (s *CertsService) DownloadSerial(ctx context.Context, domainID, serial, entityID string) (Bundle, error) {
	bundle, err := withFreshTokens(ctx, s.client, "bundle",
		func(ctx context.Context) (string, error) { return s.DownloadToken(ctx, domainID, serial) },
		func(ctx context.Context, token string) (Bundle, error) {
			return s.Download(ctx, domainID, entityID, token)
		})
	if err != nil {
		return Bundle{}, err
	}

	if err := CheckBundleSerial(bundle, serial); err != nil {
		return Bundle{}, err
	}
	return bundle, nil
}

// withFreshTokens mints a single-use token and downloads with it. When the
// download fails in a way retryableDownload accepts, it tries up to
// retryCount more times, each with a new token.
func withFreshTokens[T any](ctx context.Context, c *Client, what string,
	mint func(context.Context) (string, error), download func(context.Context, string) (T, error)) (T, error) {
	var zero T
	for attempt := 0; ; attempt++ {
		token, err := mint(ctx)
		if err != nil {
			return zero, err
		}

		result, err := download(ctx, token)
		if err == nil {
			return result, nil
		}
		if attempt == retryCount || !retryableDownload(err) {
			return zero, err
		}

		c.logger.Warn("download failed, retrying with a new token", "download", what, "attempt", attempt+1, "error", err)
		if err := sleepContext(ctx, retryWait<<attempt); err != nil {
			return zero, err
		}
	}
}

// countWrites returns a context whose requests count, in the returned
// counter, every time they are written, retries and replays included.
func countWrites(ctx context.Context) (context.Context, *atomic.Int32) {
	writes := new(atomic.Int32)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { writes.Add(1) },
	}), writes
}

// markTokenError makes the 401 of a token download match
// ErrDownloadTokenRejected, and also errTokenSpent when the request was
// written more than once.
func markTokenError(err error, writes *atomic.Int32) error {
	if !errors.Is(err, ErrUnauthorized) {
		return err
	}
	if writes.Load() > 1 {
		return fmt.Errorf("%w (%w, %w)", err, ErrDownloadTokenRejected, errTokenSpent)
	}
	return fmt.Errorf("%w (%w)", err, ErrDownloadTokenRejected)
}

// retryableDownload reports whether a failed download may succeed with a
// new token: the connection failed, the body broke off, a gateway returned
// 502, 503 or 504, or a dropped attempt spent the token. A timeout is not
// retried, because the call's time is spent.
func retryableDownload(err error) bool {
	if errors.Is(err, errTokenSpent) {
		return true
	}

	var apiErr *APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
	}

	var netErr *NetworkError
	return errors.As(err, &netErr) && !netErr.Timeout && isConnectionError(netErr.Err)
}

// sleepContext waits for d, or returns the context's error when it ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// CheckBundleSerial returns an error matching ErrBundleMismatch unless the
// bundle's certificate has the serial, given in decimal as the service
// prints it or in hexadecimal with "0x" or colons.
func CheckBundleSerial(b Bundle, serial string) error {
	if b.Certificate == nil {
		return fmt.Errorf("%w: requested serial %s, but the bundle contains no parsed certificate", ErrBundleMismatch, capText(serial))
	}
	if serialEquals(serial, b.Certificate.SerialNumber) {
		return nil
	}
	return fmt.Errorf("%w: requested serial %s, but the bundle contains serial %s; refresh the list and download again",
		ErrBundleMismatch, capText(serial), b.Certificate.SerialNumber.String())
}

// serialEquals compares a serial text with a certificate's serial. Digits
// alone are read as decimal only, so "291" never matches the serial 0x291;
// hexadecimal needs a letter, the "0x" prefix or colons.
func serialEquals(text string, serial *big.Int) bool {
	text = strings.TrimSpace(text)
	if v, ok := new(big.Int).SetString(text, 10); ok {
		return v.Cmp(serial) == 0
	}

	hex := strings.ReplaceAll(strings.TrimPrefix(strings.ToLower(text), "0x"), ":", "")
	v, ok := new(big.Int).SetString(hex, 16)
	return ok && v.Cmp(serial) == 0
}
