package client

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testBundle(t *testing.T) (Bundle, *testPKI) {
	t.Helper()
	pki := newTestPKI(t)
	b, err := verifyBundle(pki.leafPEM, pki.keyPEM, pki.chainPEM)
	if err != nil {
		t.Fatal(err)
	}
	return b, pki
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode()
}

func TestSaveBundleFilesAndModes(t *testing.T) {
	b, pki := testBundle(t)
	dir := filepath.Join(t.TempDir(), "new", "out")

	saved, err := SaveBundle(dir, b, "vm-1", "", false)

	if err != nil {
		t.Fatalf("SaveBundle: %v", err)
	}
	wantDir := filepath.Join(dir, "vm-1-"+pki.leaf.SerialNumber.String())
	if saved.Dir != wantDir {
		t.Errorf("Dir = %s, want %s", saved.Dir, wantDir)
	}

	files := map[string]struct {
		data []byte
		mode os.FileMode
	}{
		saved.Certificate: {pki.leafPEM, 0o644},
		saved.PrivateKey:  {pki.keyPEM, 0o600},
		saved.CA:          {pki.chainPEM, 0o644},
	}
	for path, want := range files {
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		if !bytes.Equal(got, want.data) {
			t.Errorf("%s contains other data than the bundle", path)
		}
		if mode := fileMode(t, path); mode != want.mode {
			t.Errorf("%s mode = %v, want %v", path, mode, want.mode)
		}
	}

	for _, folder := range []string{dir, saved.Dir} {
		if mode := fileMode(t, folder).Perm(); mode != 0o700 {
			t.Errorf("%s mode = %v, want 0700", folder, mode)
		}
	}

	entries, _ := os.ReadDir(saved.Dir)
	if len(entries) != 3 {
		t.Errorf("the folder contains %d entries, want 3 and no temporary file", len(entries))
	}
}

func TestSaveBundleRefusesOverwrite(t *testing.T) {
	b, _ := testBundle(t)
	dir := t.TempDir()

	saved, err := SaveBundle(dir, b, "vm-1", "7", false)
	if err != nil {
		t.Fatalf("first SaveBundle: %v", err)
	}
	if err := os.WriteFile(saved.PrivateKey, []byte("operator's key"), 0o600); err != nil {
		t.Fatal(err)
	}

	_, err = SaveBundle(dir, b, "vm-1", "7", false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second SaveBundle: error = %v, want ErrExists", err)
	}
	if !strings.Contains(err.Error(), saved.Certificate) {
		t.Errorf("error %q does not name the existing file", err)
	}
	if got, _ := os.ReadFile(saved.PrivateKey); string(got) != "operator's key" {
		t.Error("a rejected save changed key.pem")
	}

	if _, err := SaveBundle(dir, b, "vm-1", "7", true); err != nil {
		t.Fatalf("SaveBundle with overwrite: %v", err)
	}
	if got, _ := os.ReadFile(saved.PrivateKey); !bytes.Equal(got, b.PrivateKeyPEM) {
		t.Error("overwrite did not replace key.pem")
	}
}

func TestSaveBundleSymlinkNotFollowed(t *testing.T) {
	b, _ := testBundle(t)
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}

	folder := filepath.Join(dir, BundleFolderName("vm-1", "7"))
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(folder, "key.pem")
	if err := os.Symlink(victim, keyPath); err != nil {
		t.Fatal(err)
	}

	if _, err := SaveBundle(dir, b, "vm-1", "7", false); !errors.Is(err, ErrExists) {
		t.Errorf("a planted symlink: error = %v, want ErrExists", err)
	}

	if _, err := SaveBundle(dir, b, "vm-1", "7", true); err != nil {
		t.Fatalf("SaveBundle with overwrite: %v", err)
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Error("the write went through the symlink")
	}
	if fileMode(t, keyPath)&os.ModeSymlink != 0 {
		t.Error("key.pem is still a symlink")
	}
	if mode := fileMode(t, keyPath); mode != 0o600 {
		t.Errorf("key.pem mode = %v, want 0600", mode)
	}
}

func TestSaveBundleFolderSymlinkRejected(t *testing.T) {
	b, _ := testBundle(t)
	dir := t.TempDir()
	elsewhere := t.TempDir()

	if err := os.Symlink(elsewhere, filepath.Join(dir, BundleFolderName("vm-1", "7"))); err != nil {
		t.Fatal(err)
	}

	if _, err := SaveBundle(dir, b, "vm-1", "7", true); err == nil {
		t.Error("a symlinked bundle folder was written through")
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("%d files landed behind the symlink", len(entries))
	}
}

func TestSaveBundleRejectsBadBundle(t *testing.T) {
	b, _ := testBundle(t)
	b.PrivateKeyPEM = keyPEM(t, newKey(t))
	dir := t.TempDir()

	if _, err := SaveBundle(dir, b, "vm-1", "7", false); !errors.Is(err, ErrInvalidBundle) {
		t.Errorf("error = %v, want ErrInvalidBundle", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an invalid bundle left %d entries", len(entries))
	}
}

func TestBundleFolderNameHostileIDs(t *testing.T) {
	tests := []struct{ entity, serial, want string }{
		{"vm-1", "42", "vm-1-42"},
		{"../../etc", "42", "____etc-42"},
		{"..", "..", "_-_"},
		{"/abs/path", "1", "_abs_path-1"},
		{"a\x00b\nc\x1b[31m", "1", "a_b_c__31m-1"},
		{".hidden", "1", "hidden-1"},
		{"名前", "1", "__-1"},
		{"", "", "entity-serial"},
		{strings.Repeat("x", 300), "1", strings.Repeat("x", 64) + "-1"},
	}

	for _, tt := range tests {
		got := BundleFolderName(tt.entity, tt.serial)
		if got != tt.want {
			t.Errorf("BundleFolderName(%q, %q) = %q, want %q", tt.entity, tt.serial, got, tt.want)
		}
		if strings.ContainsAny(got, `/\`) || strings.Contains(got, "..") || got != filepath.Base(got) {
			t.Errorf("BundleFolderName(%q) = %q can leave the directory", tt.entity, got)
		}
	}
}

func TestSaveBundleHostileEntityStaysInside(t *testing.T) {
	b, _ := testBundle(t)
	root := t.TempDir()
	dir := filepath.Join(root, "downloads")

	saved, err := SaveBundle(dir, b, "../../escape", "7", false)

	if err != nil {
		t.Fatalf("SaveBundle: %v", err)
	}
	if filepath.Dir(saved.Dir) != dir {
		t.Errorf("folder %s is not directly under %s", saved.Dir, dir)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("%d entries beside the download folder, want only it", len(entries))
	}
}

func TestSaveCAChain(t *testing.T) {
	pki := newTestPKI(t)
	chain, err := decodeCAChain(pki.chainPEM)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ca")

	path, err := SaveCAChain(dir, chain, false)
	if err != nil {
		t.Fatalf("SaveCAChain: %v", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, pki.chainPEM) {
		t.Error("ca.pem contains other data than the chain")
	}
	if mode := fileMode(t, dir).Perm(); mode != 0o700 {
		t.Errorf("folder mode = %v, want 0700", mode)
	}

	if _, err := SaveCAChain(dir, chain, false); !errors.Is(err, ErrExists) {
		t.Errorf("second SaveCAChain: error = %v, want ErrExists", err)
	}
	if _, err := SaveCAChain(dir, chain, true); err != nil {
		t.Errorf("SaveCAChain with overwrite: %v", err)
	}
	if _, err := SaveCAChain(dir, CAChain{PEM: pki.leafPEM}, true); !errors.Is(err, ErrInvalidBundle) {
		t.Errorf("a leaf as CA chain: error = %v, want ErrInvalidBundle", err)
	}
}
