package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// problemKind is the short error kind sent as "error" in a JSON error body.
type problemKind string

const (
	kindInvalid      problemKind = "invalid_request"
	kindUnauthorized problemKind = "unauthorized"
	kindForbidden    problemKind = "forbidden"
	kindNotFound     problemKind = "not_found"
	kindConflict     problemKind = "conflict"
	kindTooLarge     problemKind = "request_too_large"
	kindURITooLong   problemKind = "uri_too_long"
	kindInternal     problemKind = "internal_error"
)

// status maps a kind to its HTTP status code.
func (k problemKind) status() int {
	switch k {
	case kindInvalid:
		return http.StatusBadRequest
	case kindUnauthorized:
		return http.StatusUnauthorized
	case kindForbidden:
		return http.StatusForbidden
	case kindNotFound:
		return http.StatusNotFound
	case kindConflict:
		return http.StatusConflict
	case kindTooLarge:
		return http.StatusRequestEntityTooLarge
	case kindURITooLong:
		return http.StatusRequestURITooLong
	default:
		return http.StatusInternalServerError
	}
}

// problem is an error the client caused or may act on. Its message names
// the value at fault and is sent to the client as is.
type problem struct {
	kind    problemKind
	message string
}

func (p *problem) Error() string { return p.message }

func newProblem(kind problemKind, format string, args ...any) *problem {
	return &problem{kind: kind, message: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON error shape of the certs API.
type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// writeError sends err as a JSON error. A *problem is sent with its own
// message. Any other error is logged with the request id and sent as a
// generic 500, so internal details and stack traces stay on the server.
func writeError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var p *problem
	if !errors.As(err, &p) {
		logger.ErrorContext(r.Context(), "request failed",
			"method", r.Method, "path", shortPath(r.URL.Path), "request_id", requestID(r.Context()), "error", err)
		p = newProblem(kindInternal, "internal error; the server log has details under request id %s", requestID(r.Context()))
	}
	writeJSON(w, p.kind.status(), errorBody{Error: string(p.kind), Message: p.message})
}

// writeJSON sends v as a JSON body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The status is already sent, so an encoding error cannot change the
	// response. The client then sees a truncated body.
	_ = json.NewEncoder(w).Encode(v)
}
