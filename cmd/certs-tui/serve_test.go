package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/ca"
)

func TestIsLoopback(t *testing.T) {
	cases := map[string]bool{
		"127.0.0.1:9010": true,
		"127.1.2.3:1":    true,
		"[::1]:9010":     true,
		"localhost:9010": true,
		"0.0.0.0:9010":   false,
		":9010":          false,
		"[::]:9010":      false,
		"192.0.2.1:9010": false,
	}
	for addr, want := range cases {
		got, err := isLoopback(addr)
		if err != nil || got != want {
			t.Errorf("isLoopback(%q) = %v, %v; want %v", addr, got, err, want)
		}
	}
	for _, bad := range []string{"9010", "example.test:9010"} {
		if _, err := isLoopback(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("isLoopback(%q): %v, want an error naming it", bad, err)
		}
	}
}

func TestServeRejectsPlainHTTPOffLoopback(t *testing.T) {
	cmd := newServeCommand()
	cmd.SetArgs([]string{"--addr", "0.0.0.0:0", "--data", t.TempDir()})
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	err := cmd.Execute()
	if err == nil || !strings.Contains(err.Error(), "--insecure-listen") || !strings.Contains(err.Error(), "0.0.0.0:0") {
		t.Fatalf("serve on 0.0.0.0 without TLS: %v", err)
	}

	cmd = newServeCommand()
	cmd.SetArgs([]string{"--tls-cert", "server.crt"})
	cmd.SetErr(&bytes.Buffer{})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "tls-key") {
		t.Errorf("--tls-cert without --tls-key: %v", err)
	}
}

func TestServeRejectsBadBaseURL(t *testing.T) {
	for _, raw := range []string{"javascript:alert(1)", "http://x/ a b"} {
		cmd := newServeCommand()
		cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir(), "--base-url", raw})
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		// A server that accepts the value serves until the context ends.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := cmd.ExecuteContext(ctx)
		cancel()
		if err == nil || !strings.Contains(err.Error(), "--base-url") || !strings.Contains(err.Error(), raw) {
			t.Errorf("serve --base-url %q: %v, want an error naming the flag and value", raw, err)
		}
	}
}

func TestServeHelpDescribesFlags(t *testing.T) {
	var out bytes.Buffer
	cmd := newServeCommand()
	cmd.SetArgs([]string{"--help"})
	cmd.SetOut(&out)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	help := out.String()
	for _, want := range []string{
		"--addr", `(default "127.0.0.1:9010")`, "--data", "certs-tui", "--token", "CERTS_TUI_TOKEN",
		"--key-algorithm", "rsa-2048, rsa-3072, ecdsa-p256, ed25519", "--tls-cert", "--tls-key",
		"--insecure-listen", "--base-url",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("serve --help lacks %q", want)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServeCommand runs "serve" with args until the test ends and returns
// the address it logged and its log.
func startServeCommand(t *testing.T, args ...string) (string, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := newServeCommand()
	cmd.SetArgs(args)
	cmd.SetErr(logs)
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v after its context ended", err)
		}
	})

	addrPattern := regexp.MustCompile(`msg="serving the certs API" addr=(\S+)`)
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(20 * time.Millisecond) {
		if m := addrPattern.FindStringSubmatch(logs.String()); m != nil {
			return m[1], logs
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, logs.String())
		default:
		}
	}
	t.Fatalf("serve did not log its address:\n%s", logs.String())
	return "", nil
}

func TestServeOverTLS(t *testing.T) {
	dir := t.TempDir()
	authority, err := ca.Create(ca.ECDSAP256, "https://127.0.0.1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ca.NewKey(ca.ECDSAP256)
	serial, _ := ca.NewSerial()
	der, err := authority.Issue(ca.LeafRequest{
		Serial: serial, Subject: pkix.Name{CommonName: "127.0.0.1"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		TTL: time.Hour, PublicKey: key.Public(), Now: time.Now(),
	})
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, _ := ca.MarshalKeyPEM(key)
	certFile, keyFile := filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key")
	os.WriteFile(certFile, append(ca.CertificatePEM(der), authority.ChainPEM()...), 0o600)
	os.WriteFile(keyFile, keyPEM, 0o600)

	t.Setenv(tokenEnv, "token-from-the-environment")
	addr, logs := startServeCommand(t, "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data"), "--tls-cert", certFile, "--tls-key", keyFile)

	roots := x509.NewCertPool()
	roots.AddCert(authority.Root)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	req, _ := http.NewRequest("GET", "https://"+addr+"/domains", nil)
	req.Header.Set("Authorization", "Bearer token-from-the-environment")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("HTTPS request: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /domains with the token from %s: status %d", tokenEnv, resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "token")); err == nil {
		t.Error("a token file was written although the token came from the environment")
	}
	if !strings.Contains(logs.String(), "base_url=https://"+addr) {
		t.Errorf("log lacks the HTTPS base URL:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "token-from-the-environment") {
		t.Error("the log contains the bearer token")
	}
}

func TestServeLogsTokenFile(t *testing.T) {
	t.Setenv(tokenEnv, "")
	dir := t.TempDir()
	_, logs := startServeCommand(t, "--addr", "127.0.0.1:0", "--data", dir)
	if !strings.Contains(logs.String(), "token_file="+filepath.Join(dir, "token")) {
		t.Errorf("log does not name the token file:\n%s", logs.String())
	}
	token, err := os.ReadFile(filepath.Join(dir, "token"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), strings.TrimSpace(string(token))) {
		t.Error("the log contains the generated token")
	}
}

func TestServeWarnsOnIgnoredKeyAlgorithm(t *testing.T) {
	dir := t.TempDir()
	existing, err := server.Open(server.Config{DataDir: dir, KeyAlgorithm: ca.ECDSAP256})
	if err != nil {
		t.Fatal(err)
	}
	existing.Close()

	_, logs := startServeCommand(t, "--addr", "127.0.0.1:0", "--data", dir, "--key-algorithm", ca.Ed25519)
	if !strings.Contains(logs.String(), "--key-algorithm ignored") || !strings.Contains(logs.String(), "ca_key_algorithm=ecdsa-p256") {
		t.Errorf("no warning about the ignored key algorithm:\n%s", logs.String())
	}
}
