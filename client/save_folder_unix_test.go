//go:build unix

package client

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// existingBundleFolder creates the bundle folder of vm-1 serial 7 in a new
// directory with mode, which the umask cannot narrow.
func existingBundleFolder(t *testing.T, mode os.FileMode) (dir, folder string) {
	t.Helper()
	dir = t.TempDir()
	folder = filepath.Join(dir, BundleFolderName("vm-1", "7"))
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(folder, mode); err != nil {
		t.Fatal(err)
	}
	return dir, folder
}

func TestSaveBundleTightensOpenFolder(t *testing.T) {
	b, _ := testBundle(t)
	dir, folder := existingBundleFolder(t, 0o755)

	saved, err := SaveBundle(dir, b, "vm-1", "7", false)

	if err != nil {
		t.Fatalf("SaveBundle: %v", err)
	}
	if mode := fileMode(t, folder).Perm(); mode != 0o700 {
		t.Errorf("folder mode = %v after the save, want 0700", mode)
	}
	if saved.DirTightenedFrom != 0o755 {
		t.Errorf("DirTightenedFrom = %v, want 0755", saved.DirTightenedFrom)
	}
	if mode := fileMode(t, saved.PrivateKey); mode != 0o600 {
		t.Errorf("key.pem mode = %v, want 0600", mode)
	}
}

// TestSaveBundleExistingFilesKeepFolderMode stops at existing files: the
// folder keeps its mode until the save that overwrites them, which then
// reports the change.
func TestSaveBundleExistingFilesKeepFolderMode(t *testing.T) {
	b, _ := testBundle(t)
	dir, folder := existingBundleFolder(t, 0o755)
	if err := os.WriteFile(filepath.Join(folder, "cert.pem"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}

	if _, err := SaveBundle(dir, b, "vm-1", "7", false); !errors.Is(err, ErrExists) {
		t.Fatalf("SaveBundle onto existing files: %v, want ErrExists", err)
	}
	if mode := fileMode(t, folder).Perm(); mode != 0o755 {
		t.Errorf("folder mode = %v after a save that stopped, want 0755 unchanged", mode)
	}

	saved, err := SaveBundle(dir, b, "vm-1", "7", true)
	if err != nil {
		t.Fatalf("SaveBundle with overwrite: %v", err)
	}
	if saved.DirTightenedFrom != 0o755 {
		t.Errorf("DirTightenedFrom = %v after the overwrite, want 0755", saved.DirTightenedFrom)
	}
	if mode := fileMode(t, folder).Perm(); mode != 0o700 {
		t.Errorf("folder mode = %v after the overwrite, want 0700", mode)
	}
}

func TestSaveBundlePrivateFolderUnchanged(t *testing.T) {
	b, _ := testBundle(t)
	dir, folder := existingBundleFolder(t, 0o700)

	saved, err := SaveBundle(dir, b, "vm-1", "7", false)

	if err != nil {
		t.Fatalf("SaveBundle: %v", err)
	}
	if saved.DirTightenedFrom != 0 {
		t.Errorf("DirTightenedFrom = %v for a private folder, want 0", saved.DirTightenedFrom)
	}
	if mode := fileMode(t, folder).Perm(); mode != 0o700 {
		t.Errorf("folder mode = %v, want 0700", mode)
	}
}

func TestSaveBundleRejectsOthersFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a folder to another user needs root")
	}
	b, _ := testBundle(t)
	dir, folder := existingBundleFolder(t, 0o755)
	const otherUser = 65534 // the user "nobody" on Debian and many other systems
	if err := os.Chown(folder, otherUser, otherUser); err != nil {
		t.Fatal(err)
	}

	_, err := SaveBundle(dir, b, "vm-1", "7", false)

	if err == nil {
		t.Fatal("SaveBundle wrote into a folder of another user")
	}
	if !strings.Contains(err.Error(), "belongs to user ID 65534") {
		t.Errorf("error %q does not name the folder's owner", err)
	}
	if entries, _ := os.ReadDir(folder); len(entries) != 0 {
		t.Errorf("%d files landed in the folder of another user", len(entries))
	}
	if mode := fileMode(t, folder).Perm(); mode != 0o755 {
		t.Errorf("folder mode = %v after the rejection, want it left at 0755", mode)
	}
}

func TestSaveBundleFolderSymlinkMessage(t *testing.T) {
	b, _ := testBundle(t)
	dir := t.TempDir()
	link := filepath.Join(dir, BundleFolderName("vm-1", "7"))
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}

	_, err := SaveBundle(dir, b, "vm-1", "7", false)

	if err == nil || !strings.Contains(err.Error(), link+" is a symbolic link") {
		t.Errorf("error %v, want one that names %s as a symbolic link", err, link)
	}
}

func TestSaveBundleFolderNameTakenByFile(t *testing.T) {
	b, _ := testBundle(t)
	dir := t.TempDir()
	file := filepath.Join(dir, BundleFolderName("vm-1", "7"))
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}

	_, err := SaveBundle(dir, b, "vm-1", "7", false)

	if err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("error %v, want one that says %s is not a folder", err, file)
	}
}

// TestBundleFolderReplacedAfterOpen swaps another folder into the bundle
// folder's place after it was opened: the check notices, so no key is
// written into a folder that the path no longer names.
func TestBundleFolderReplacedAfterOpen(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "vm-1-7")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(folder)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()

	if err := os.Rename(folder, filepath.Join(dir, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}

	_, err = checkRootIsFolder(root, folder)
	if err == nil || !strings.Contains(err.Error(), "was replaced while the bundle was being saved") {
		t.Errorf("check after a swap: %v, want the replaced-folder error", err)
	}
}
