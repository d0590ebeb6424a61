package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestBearerRequiredOnEveryCall(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	calls := []struct{ method, path string }{
		{"GET", "/domains"},
		{"POST", "/domains"},
		{"POST", domainPath(inst, "/issue/cvm/vm")},
		{"PATCH", domainPath(inst, "/"+c.SerialNumber+"/renew")},
		{"PATCH", domainPath(inst, "/"+c.SerialNumber+"/revoke")},
		{"GET", domainPath(inst, "")},
		{"DELETE", domainPath(inst, "?entity_id=vm")},
		{"GET", domainPath(inst, "/"+c.SerialNumber)},
		{"GET", domainPath(inst, "/"+c.SerialNumber+"/download/token")},
		{"GET", "/certs/get-ca/token"},
	}
	for _, tc := range calls {
		for _, token := range []string{"", "wrong-token-of-some-length", inst.Token + "x"} {
			status, body := callWithToken(t, inst, token, tc.method, tc.path, map[string]any{"ip_addresses": []string{}})
			expectError(t, tc.method+" "+tc.path, status, body, http.StatusUnauthorized, "token")
		}
	}

	// Nothing changed: the certificate is neither revoked nor deleted.
	status, body := call(t, inst, "GET", domainPath(inst, "/"+c.SerialNumber), nil)
	expectStatus(t, "get after rejected calls", status, body, http.StatusOK)
	if strings.Contains(string(body), `"revoked":true`) {
		t.Error("an unauthenticated revoke or delete took effect")
	}
}

func TestPublicCallsNeedNoBearer(t *testing.T) {
	inst := servertest.Start(t)
	for _, path := range []string{"/health", "/certs/crl"} {
		status, _, body := getBody(t, inst.URL+path, nil)
		expectStatus(t, path, status, body, http.StatusOK)
	}
	status, _, body := getBody(t, inst.URL+"/health", nil)
	expectStatus(t, "health", status, body, http.StatusOK)
	if string(body) != `{"status":"pass","version":"test"}`+"\n" {
		t.Errorf("health body %s", body)
	}
}

func TestGeneratedTokenFile(t *testing.T) {
	inst := servertest.Start(t)
	path := inst.Server.TokenPath()
	if path != filepath.Join(inst.DataDir, server.TokenFile) {
		t.Fatalf("token path %q", path)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %04o, want 0600", info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(data)) != inst.Token || len(inst.Token) < 32 {
		t.Errorf("token file does not hold the %d-character token the server accepts", len(inst.Token))
	}
}

func TestGivenTokenIsUsed(t *testing.T) {
	token := "given-token-0123456789"
	inst := servertest.Start(t, servertest.WithToken(token))
	if inst.Server.TokenPath() != "" {
		t.Errorf("token path %q for a given token, want empty", inst.Server.TokenPath())
	}
	if _, err := os.Stat(filepath.Join(inst.DataDir, server.TokenFile)); err == nil {
		t.Error("a token file was written although a token was given")
	}
	status, body := callWithToken(t, inst, token, "GET", "/domains", nil)
	expectStatus(t, "given token", status, body, http.StatusOK)
}

func TestShortGivenTokenRejected(t *testing.T) {
	_, err := server.Open(server.Config{DataDir: t.TempDir(), Token: "short"})
	if err == nil || !strings.Contains(err.Error(), "too short") {
		t.Fatalf("Open with a 5-character token: %v", err)
	}
}
