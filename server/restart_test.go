package server_test

import (
	"bytes"
	"database/sql"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/servertest"
	"github.com/certs-tui/certs-tui/server/store"
)

func TestRestartKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	first := servertest.Start(t, servertest.WithDataDir(dir))
	kept := issue(t, first, "cvm", "vm", map[string]any{"ip_addresses": []string{"10.9.9.9"}})
	revoked := issue(t, first, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	status, body := call(t, first, "PATCH", domainPath(first, "/"+revoked.SerialNumber+"/revoke"), nil)
	expectStatus(t, "revoke", status, body, http.StatusNoContent)
	token := downloadToken(t, first, kept.SerialNumber)
	firstRoot := first.Server.Authority().Root.Raw
	first.Stop()

	second := servertest.Start(t, servertest.WithDataDir(dir))
	if second.Token != first.Token || second.DomainID != first.DomainID {
		t.Fatal("restart changed the bearer token or the default domain")
	}
	if !bytes.Equal(second.Server.Authority().Root.Raw, firstRoot) {
		t.Fatal("restart created a new CA")
	}

	var page apiPage
	status, body = call(t, second, "GET", domainPath(second, ""), nil)
	expectStatus(t, "list after restart", status, body, http.StatusOK)
	decode(t, body, &page)
	if page.Total != 2 || page.Certificates[1].SerialNumber != kept.SerialNumber || page.Certificates[1].Certificate != kept.Certificate {
		t.Fatalf("after restart: total %d, %+v", page.Total, page.Certificates)
	}
	if !page.Certificates[0].Revoked {
		t.Error("revocation was lost on restart")
	}

	// A download token of the first run still works once, and only once.
	status, _, body = getBody(t, second.URL+domainPath(second, "/vm/download?downloadToken="+token), nil)
	expectStatus(t, "download after restart", status, body, http.StatusOK)
	status, _, body = getBody(t, second.URL+domainPath(second, "/vm/download?downloadToken="+token), nil)
	expectError(t, "reuse after restart", status, body, http.StatusUnauthorized, "already used")

	if crl := fetchCRL(t, second); crlEntry(crl, revoked.SerialNumber) == nil {
		t.Error("CRL after restart lacks the revocation")
	}
}

func TestDataFolderPermissions(t *testing.T) {
	inst := servertest.Start(t)
	issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})

	info, err := os.Stat(inst.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Errorf("data folder mode %04o, want 0700", info.Mode().Perm())
	}
	secrets := []string{
		store.DatabaseFile, store.DatabaseFile + "-wal", store.SealKeyFile, server.TokenFile,
		filepath.Join(server.CADir, "root.key"), filepath.Join(server.CADir, "intermediate.key"),
	}
	for _, name := range secrets {
		info, err := os.Stat(filepath.Join(inst.DataDir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %04o, want 0600", name, info.Mode().Perm())
		}
	}
}

func TestDatabaseAloneHoldsNoKey(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	token := downloadToken(t, inst, c.SerialNumber)
	_, _, body := getBody(t, inst.URL+domainPath(inst, "/vm/download?downloadToken="+token), nil)
	var bundle struct {
		PrivateKey []byte `json:"private_key"` // base64 in JSON, decoded into the PEM
	}
	decode(t, body, &bundle)
	inst.Stop()

	db, err := sql.Open("sqlite", filepath.Join(inst.DataDir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sealed []byte
	if err := db.QueryRow(`SELECT sealed_key FROM certificates WHERE serial = ?`, c.SerialNumber).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, bundle.PrivateKey) || bytes.Contains(sealed, []byte("PRIVATE KEY")) {
		t.Fatal("the database stores the private key in clear")
	}
	for _, file := range []string{store.DatabaseFile, store.DatabaseFile + "-wal"} {
		data, err := os.ReadFile(filepath.Join(inst.DataDir, file))
		if err != nil {
			continue
		}
		if bytes.Contains(data, []byte("PRIVATE KEY")) {
			t.Errorf("%s contains a PEM private key", file)
		}
	}
}

func TestMissingKeyFileStopsOpen(t *testing.T) {
	dir := t.TempDir()
	inst := servertest.Start(t, servertest.WithDataDir(dir))
	inst.Stop()
	if err := os.Remove(filepath.Join(dir, store.SealKeyFile)); err != nil {
		t.Fatal(err)
	}
	_, err := server.Open(server.Config{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), store.SealKeyFile) {
		t.Fatalf("Open without the key file: %v", err)
	}
}

func TestWorldReadableKeyRejected(t *testing.T) {
	dir := t.TempDir()
	inst := servertest.Start(t, servertest.WithDataDir(dir))
	inst.Stop()
	keyPath := filepath.Join(dir, server.CADir, "intermediate.key")
	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := server.Open(server.Config{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("Open with a 0644 CA key: %v", err)
	}
}

func TestSecondServerOnSameFolderRejected(t *testing.T) {
	inst := servertest.Start(t)
	_, err := server.Open(server.Config{DataDir: inst.DataDir})
	if err == nil || !strings.Contains(err.Error(), "in use by another certs-tui server") {
		t.Fatalf("second Open on a folder in use: %v", err)
	}

	inst.Stop()
	again, err := server.Open(server.Config{DataDir: inst.DataDir})
	if err != nil {
		t.Fatalf("Open after the first server stopped: %v", err)
	}
	again.Close()
}
