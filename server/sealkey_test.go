package server_test

import (
	"crypto/rand"
	"database/sql"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/servertest"
	"github.com/certs-tui/certs-tui/server/store"
)

// replaceSealKey overwrites the key encryption key of a stopped server's
// data folder with 32 random bytes and returns the original content.
func replaceSealKey(t *testing.T, dir string) []byte {
	t.Helper()
	path := filepath.Join(dir, store.SealKeyFile)
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := os.WriteFile(path, key, 0o600); err != nil {
		t.Fatal(err)
	}
	return original
}

// expectOpenFails checks that server.Open on dir fails naming the key file.
func expectOpenFails(t *testing.T, dir string) {
	t.Helper()
	srv, err := server.Open(server.Config{DataDir: dir})
	if err == nil {
		srv.Close()
		t.Fatal("server opened with a wrong key file")
	}
	keyPath := filepath.Join(dir, store.SealKeyFile)
	if !strings.Contains(err.Error(), keyPath) || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("open error %q does not name the key file %s as wrong", err, keyPath)
	}
}

func TestOpenRejectsWrongSealKey(t *testing.T) {
	dir := t.TempDir()
	first := servertest.Start(t, servertest.WithDataDir(dir))
	c := issue(t, first, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	first.Stop()

	original := replaceSealKey(t, dir)
	expectOpenFails(t, dir)

	// With the right key file back, the old private key is readable.
	if err := os.WriteFile(filepath.Join(dir, store.SealKeyFile), original, 0o600); err != nil {
		t.Fatal(err)
	}
	second := servertest.Start(t, servertest.WithDataDir(dir))
	token := downloadToken(t, second, c.SerialNumber)
	status, _, body := getBody(t, second.URL+domainPath(second, "/vm/download?downloadToken="+token), nil)
	expectStatus(t, "download with the restored key file", status, body, http.StatusOK)
}

func TestOpenRejectsWrongSealKeyWithoutCertificates(t *testing.T) {
	dir := t.TempDir()
	first := servertest.Start(t, servertest.WithDataDir(dir))
	first.Stop()

	replaceSealKey(t, dir)
	expectOpenFails(t, dir)
}

func TestOpenChecksSealKeyOfOlderDatabase(t *testing.T) {
	dir := t.TempDir()
	first := servertest.Start(t, servertest.WithDataDir(dir))
	issue(t, first, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	first.Stop()

	// A database from before the check value existed has none, so the key
	// is tried on a sealed private key.
	db, err := sql.Open("sqlite", filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM seal_check`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	original := replaceSealKey(t, dir)
	expectOpenFails(t, dir)

	if err := os.WriteFile(filepath.Join(dir, store.SealKeyFile), original, 0o600); err != nil {
		t.Fatal(err)
	}
	second := servertest.Start(t, servertest.WithDataDir(dir))
	second.Stop()
	replaceSealKey(t, dir)
	expectOpenFails(t, dir) // the check value stored by the second start catches it
}
