package securefile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/internal/securefile"
)

func TestWriteNewNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "secret.key")
	if err := securefile.WriteNew(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o, want 0600", info.Mode().Perm())
	}

	err = securefile.WriteNew(path, []byte("second"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second write: %v, want fs.ErrExist", err)
	}
	data, _ := os.ReadFile(path)
	if string(data) != "first" {
		t.Errorf("file holds %q after a rejected write", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the key: temporary files were left", len(entries))
	}
}

func TestEnsureDirTightensMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := securefile.EnsureDir(dir); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(dir)
	if info.Mode().Perm() != 0o700 {
		t.Errorf("mode %04o, want 0700", info.Mode().Perm())
	}

	file := filepath.Join(t.TempDir(), "plain")
	os.WriteFile(file, nil, 0o600)
	if err := securefile.EnsureDir(file); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("EnsureDir on a file: %v", err)
	}
}

func TestReadPrivateRejectsOpenModes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte("k"), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := securefile.ReadPrivate(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("ReadPrivate of a 0640 file: %v", err)
	}
	os.Chmod(path, 0o600)
	if data, err := securefile.ReadPrivate(path); err != nil || string(data) != "k" {
		t.Errorf("ReadPrivate of a 0600 file: %q, %v", data, err)
	}
}
