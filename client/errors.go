package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Sentinel errors matched with errors.Is against an *APIError or a transport failure.
var (
	ErrBadRequest     = errors.New("bad request")
	ErrUnauthorized   = errors.New("unauthorized")
	ErrForbidden      = errors.New("forbidden")
	ErrNotFound       = errors.New("not found")
	ErrConflict       = errors.New("conflict")
	ErrOutcomeUnknown = errors.New("outcome unknown") // a write failed after the request was sent
	ErrNetwork        = errors.New("network error")
	ErrExists         = errors.New("file exists")

	// ErrTimeout matches a call that ran out of time; it also matches ErrNetwork.
	ErrTimeout = errors.New("timed out")

	// ErrInvalidResponse matches a 2xx response whose body could not be decoded.
	ErrInvalidResponse = errors.New("invalid response")

	// ErrResponseTooLarge matches a response whose body passed the size cap of its call.
	ErrResponseTooLarge = errors.New("response too large")

	// ErrInvalidBundle matches a bundle or CA chain that failed a check before saving.
	ErrInvalidBundle = errors.New("invalid bundle")

	// ErrDownloadTokenRejected matches a 401 of a bundle or CA chain
	// download: the single-use download token, not the bearer token, was
	// expired, used or forged. It also matches ErrUnauthorized.
	ErrDownloadTokenRejected = errors.New("download token rejected")
)

// maxServerTextLen caps the server's "error" and "message" fields and body
// excerpts, so a hostile server cannot fill the console or the log.
const maxServerTextLen = 512

// APIError is a non-2xx response, or a 2xx response whose body could not be read.
//
// Kind and Message are kept as the server sent them, apart from the length
// cap and the removal of the caller's own secrets. They may contain control
// characters, so sanitize them before printing to a terminal.
type APIError struct {
	StatusCode int
	Method     string
	Path       string
	Kind       string // the server's "error" field
	Message    string // the server's "message" field, or a short excerpt of a non-JSON body
	RequestID  string

	// Err is the cause of an unreadable body: a decoding failure,
	// ErrResponseTooLarge, or a *NetworkError when the body broke off after
	// the status line. It is nil for a complete non-2xx response.
	Err error
}

// Error formats the method, path, status and the server's message.
func (e *APIError) Error() string {
	var b strings.Builder

	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))

	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}

	switch {
	case e.Kind != "" && e.Message != "":
		fmt.Fprintf(&b, ": %s: %s", e.Kind, e.Message)
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", e.Message)
	case e.Kind != "":
		fmt.Fprintf(&b, ": %s", e.Kind)
	}

	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}

	return b.String()
}

// Is matches the sentinel of the status code, so that
// errors.Is(err, ErrNotFound) is true for any 404.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrInvalidResponse:
		return e.StatusCode >= 200 && e.StatusCode < 300
	}

	return false
}

// Unwrap returns the decoding failure, if any.
func (e *APIError) Unwrap() error { return e.Err }

// NetworkError is a call that got no complete HTTP response: the connection
// failed, dropped, or the call timed out or was cancelled.
//
// It matches ErrNetwork, ErrTimeout when time ran out, and ErrOutcomeUnknown
// when the call changes state on the server and the request had already been
// written, so the server may or may not have acted on it.
type NetworkError struct {
	Method string
	Path   string

	// Sent reports whether the request was written to the connection.
	Sent bool

	// Write reports whether the call changes state on the server (issue,
	// renew, revoke, delete, domain creation).
	Write bool

	Timeout bool
	Err     error
}

// Error formats the method, path and cause, and states when the outcome is unknown.
func (e *NetworkError) Error() string {
	what := "failed"
	if e.Timeout {
		what = "timed out"
	}

	msg := fmt.Sprintf("%s %s %s: %v", e.Method, e.Path, what, e.Err)
	if e.OutcomeUnknown() {
		msg += "; the request was sent, so the server may have carried it out: refresh before trying again"
	}

	return msg
}

// OutcomeUnknown reports whether a state-changing request was sent before the failure.
func (e *NetworkError) OutcomeUnknown() bool { return e.Write && e.Sent }

// Is matches ErrNetwork always, ErrTimeout and ErrOutcomeUnknown when they apply.
func (e *NetworkError) Is(target error) bool {
	switch target {
	case ErrNetwork:
		return true
	case ErrTimeout:
		return e.Timeout
	case ErrOutcomeUnknown:
		return e.OutcomeUnknown()
	}

	return false
}

// Unwrap returns the cause, such as context.Canceled or a *net.OpError.
func (e *NetworkError) Unwrap() error { return e.Err }

// capText shortens s to maxServerTextLen bytes on a rune boundary.
func capText(s string) string {
	if len(s) <= maxServerTextLen {
		return s
	}

	cut := maxServerTextLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}

	return s[:cut] + "…"
}

// redact replaces every non-empty secret in s with a fixed marker.
func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}

	return s
}
