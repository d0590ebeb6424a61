package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestDescribeErrorAPI(t *testing.T) {
	err := fmt.Errorf("renew: %w", &client.APIError{StatusCode: 409, Kind: "conflict", Message: "certificate 42 is \x1b[31mrevoked"})
	if !errors.Is(err, client.ErrConflict) {
		t.Fatalf("a 409 APIError does not match client.ErrConflict")
	}

	got := describeError("Renew", err)
	for _, want := range []string{"Renew failed", "409 conflict", "the certificate is revoked", "server: certificate 42 is revoked"} {
		if !strings.Contains(got, want) {
			t.Errorf("describeError = %q, want it to contain %q", got, want)
		}
	}
	if strings.ContainsRune(got, '\x1b') {
		t.Errorf("describeError kept an escape sequence: %q", got)
	}
}

func TestDescribeErrorHints(t *testing.T) {
	cases := map[int]string{
		401: "the token is missing or expired",
		403: "may not do this",
		404: "refresh with ctrl+r",
	}
	for status, want := range cases {
		got := describeError("Listing certificates", &client.APIError{StatusCode: status, Method: "GET", Path: "/x/certs"})
		if !strings.Contains(got, want) || !strings.Contains(got, fmt.Sprint(status)) {
			t.Errorf("status %d: describeError = %q, want the status and %q", status, got, want)
		}
	}
}

func TestDescribeErrorOutcomeUnknown(t *testing.T) {
	err := &client.NetworkError{Method: "PATCH", Path: "/d/certs/42/revoke", Sent: true, Write: true, Err: errors.New("connection reset")}

	got := describeError("Revoke", err)
	if !strings.Contains(got, "refresh with ctrl+r before retrying") {
		t.Errorf("describeError = %q, want the refresh-first hint", got)
	}
	if strings.Contains(got, "did not answer") {
		t.Errorf("describeError = %q, gave the plain network hint for an unknown outcome", got)
	}
}

func TestDescribeErrorNetwork(t *testing.T) {
	err := &client.NetworkError{Method: "GET", Path: "/domains", Err: errors.New("connection refused")}

	got := describeError("Listing domains", err)
	if !strings.Contains(got, "did not answer") || !strings.Contains(got, "connection refused") {
		t.Errorf("describeError = %q, want the network hint and the cause", got)
	}
}

// TestDescribeErrorSpentDownloadToken uses a download token twice on the
// real server: the hint must be about the download token, not about the
// bearer token the operator configured.
func TestDescribeErrorSpentDownloadToken(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	ctx := context.Background()
	cert := issueDirect(t, cl, srv.DomainID, "spent-token")
	token, err := cl.Certs.DownloadToken(ctx, srv.DomainID, cert.SerialNumber)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Certs.Download(ctx, srv.DomainID, "spent-token", token); err != nil {
		t.Fatal(err)
	}

	_, err = cl.Certs.Download(ctx, srv.DomainID, "spent-token", token)
	if !errors.Is(err, client.ErrDownloadTokenRejected) {
		t.Fatalf("second use of a download token: %v, want ErrDownloadTokenRejected", err)
	}
	got := describeError("Downloading the bundle", err)
	if !strings.Contains(got, "download token expired or was already used") {
		t.Errorf("describeError = %q, want the download token hint", got)
	}
	if strings.Contains(got, "CERTS_TUI_TOKEN") {
		t.Errorf("describeError = %q asks for a new bearer token", got)
	}
}
