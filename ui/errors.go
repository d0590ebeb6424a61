package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// describeError turns a failed call into one line for the operator: what
// failed, the HTTP status and the server's message when there is one, and
// what to do next. The server's text is sanitized before it is shown.
func describeError(action string, err error) string {
	var parts []string
	parts = append(parts, action+" failed")

	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		status := fmt.Sprintf("%d", apiErr.StatusCode)
		if apiErr.Kind != "" {
			status += " " + sanitize.Text(apiErr.Kind)
		}
		parts = append(parts, status)
		if apiErr.Message != "" {
			parts = append(parts, sanitize.Text(apiErr.Message))
		}
	} else if err != nil {
		parts = append(parts, sanitize.Text(err.Error()))
	}

	if hint := errorHint(err); hint != "" {
		parts = append(parts, hint)
	}
	return strings.Join(parts, ": ")
}

// errorHint says what the operator can do about an error class.
func errorHint(err error) string {
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		return "the token is missing or expired; set a valid token (CERTS_TUI_TOKEN, --token-file or the profile) and restart"
	case errors.Is(err, client.ErrForbidden):
		return "the token may not do this in this domain; ask for access or pick another domain"
	case errors.Is(err, client.ErrNotFound):
		return "it no longer exists on the server; refresh with ctrl+r"
	case errors.Is(err, client.ErrConflict):
		return "the certificate is revoked, so it cannot be renewed or revoked again; issue a new one with i"
	case errors.Is(err, client.ErrOutcomeUnknown):
		return "the request may have been applied; refresh with ctrl+r before retrying"
	case errors.Is(err, client.ErrNetwork):
		return "the service did not answer; check it is running and reachable, then retry"
	case errors.Is(err, client.ErrBadRequest):
		return "the server rejected the values; correct them and retry"
	case errors.Is(err, client.ErrExists):
		return "the files already exist; confirm to overwrite them or pick another folder"
	}
	return ""
}
