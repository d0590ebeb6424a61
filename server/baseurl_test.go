package server_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server"
)

func TestOpenRejectsBadBaseURL(t *testing.T) {
	cases := map[string]string{
		"javascript:alert(1)":        "scheme",
		"http://x/ a b":              "space",
		"ftp://ca.example":           "scheme",
		"/certs":                     "scheme",
		"ca.example:9010":            "scheme",
		"http://":                    "host",
		"http://:9010":               "host",
		"https://ca.example/?a=1":    "query",
		"https://ca.example/#frag":   "fragment",
		"https://user@ca.example":    "user info",
		"https://ca.example/\u202e":  "outside ASCII",
		"https://ca.example/\x00":    "control",
		"http://ca.example:port/crl": "parse",
	}
	for raw, reason := range cases {
		t.Run(raw, func(t *testing.T) {
			srv, err := server.Open(server.Config{DataDir: t.TempDir(), BaseURL: raw})
			if err == nil {
				srv.Close()
				t.Fatalf("Open accepted base URL %q", raw)
			}
			if !strings.Contains(err.Error(), "invalid base URL") || !strings.Contains(err.Error(), reason) {
				t.Errorf("Open(%q): %v, want an invalid base URL error about %s", raw, err, reason)
			}
		})
	}
}

func TestOpenAcceptsBaseURLWithPath(t *testing.T) {
	dir := t.TempDir()
	srv, err := server.Open(server.Config{DataDir: filepath.Join(dir, "data"), BaseURL: "https://ca.example:9443/certs-api/"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	if got, want := srv.Authority().CRLURL(), "https://ca.example:9443/certs-api/certs/crl"; got != want {
		t.Errorf("CRL URL %q, want %q", got, want)
	}
	if got, want := srv.Authority().OCSPURL(), "https://ca.example:9443/certs-api/certs/ocsp"; got != want {
		t.Errorf("OCSP URL %q, want %q", got, want)
	}
}
