package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// describeError turns a failed call into one line for the operator: what
// failed, the HTTP status, what to do next, and then the server's message or
// the transport error. That detail comes last because it may be long and a
// narrow status line cuts the end. Server text is sanitized.
func describeError(action string, err error) string {
	parts := []string{action + " failed"}

	var apiErr *client.APIError
	isAPI := errors.As(err, &apiErr)
	if isAPI {
		status := fmt.Sprintf("%d", apiErr.StatusCode)
		if apiErr.Kind != "" {
			status += " " + sanitize.Text(apiErr.Kind)
		}
		parts = append(parts, status)
	}

	if hint := errorHint(err); hint != "" {
		parts = append(parts, hint)
	}

	switch {
	case isAPI && apiErr.Message != "":
		parts = append(parts, "server: "+sanitize.Text(apiErr.Message))
	case !isAPI && err != nil:
		parts = append(parts, sanitize.Text(err.Error()))
	}
	return strings.Join(parts, ": ")
}

// errorHint returns what the operator can do about an error class.
func errorHint(err error) string {
	switch {
	case errors.Is(err, client.ErrDownloadTokenRejected):
		return "the single-use download token expired or was already used; download again for a new one"
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
