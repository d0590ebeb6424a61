package ui

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestConsoleDownload(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-dl")
	dir := filepath.Join(t.TempDir(), "bundles")
	c := startConsole(t, Options{Client: cl, DownloadDir: dir})

	c.waitFor("default")
	c.press("enter")
	c.waitFor("cvm-dl")
	c.press("d")
	c.waitFor("Download bundle", dir)
	c.press("enter")
	c.waitFor("Saved cert.pem, key.pem (mode 0600) and ca.pem")

	folder := filepath.Join(dir, client.BundleFolderName("cvm-dl", cert.SerialNumber))
	checkBundle(t, folder, cert.SerialNumber)

	// A second download finds the files and requests confirmation before overwriting.
	before, err := os.Stat(filepath.Join(folder, "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	c.press("d", "enter")
	c.waitFor("Files exist", "Overwrite cert.pem, key.pem and ca.pem?")
	c.press("n")
	c.waitFor("cvm-dl")
	after, err := os.Stat(filepath.Join(folder, "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("key.pem changed although the operator kept the files")
	}

	c.press("d", "enter")
	c.waitFor("Files exist")
	c.press("y")
	c.waitFor("Saved cert.pem")
	checkBundle(t, folder, cert.SerialNumber)
}

// checkBundle verifies the saved files: modes, a certificate with the
// expected serial that chains to the saved CA, a key that matches it.
func checkBundle(t *testing.T, folder, serial string) {
	t.Helper()

	info, err := os.Stat(filepath.Join(folder, "key.pem"))
	if err != nil {
		t.Fatalf("key.pem missing: %v", err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("key.pem mode %o, want 600", mode)
	}

	certPEM, err := os.ReadFile(filepath.Join(folder, "cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(certPEM)
	if block == nil {
		t.Fatalf("cert.pem holds no PEM block")
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("parse cert.pem: %v", err)
	}
	if leaf.SerialNumber.String() != serial {
		t.Errorf("cert.pem serial %s, want %s", leaf.SerialNumber, serial)
	}

	caPEM, err := os.ReadFile(filepath.Join(folder, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		t.Fatalf("ca.pem holds no certificate")
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		t.Errorf("cert.pem does not chain to ca.pem: %v", err)
	}

	// openssl checks the key belongs to the certificate.
	certKey, err := exec.Command("openssl", "x509", "-in", filepath.Join(folder, "cert.pem"), "-noout", "-pubkey").Output()
	if err != nil {
		t.Fatalf("openssl x509: %v", err)
	}
	keyPub, err := exec.Command("openssl", "pkey", "-in", filepath.Join(folder, "key.pem"), "-pubout").Output()
	if err != nil {
		t.Fatalf("openssl pkey: %v", err)
	}
	if strings.TrimSpace(string(certKey)) != strings.TrimSpace(string(keyPub)) {
		t.Errorf("key.pem does not match the public key of cert.pem")
	}
}
