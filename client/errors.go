package client

import (
	"errors"
	"fmt"
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
)

// APIError is a non-2xx answer, or a 2xx answer whose body could not be read.
type APIError struct {
	StatusCode int
	Method     string
	Path       string
	Kind       string // the server's "error" field
	Message    string // the server's "message" field, or a short excerpt of a non-JSON body
	RequestID  string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.StatusCode, e.Message)
}
