// Package securefile writes secret files the way the local server keeps
// them: 0600 files in 0700 folders, written atomically, never replacing an
// existing file.
package securefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// EnsureDir creates dir with mode 0700 when it is missing. An existing
// folder that others can read or enter is tightened to 0700, because it
// holds private keys.
func EnsureDir(dir string) error {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return fmt.Errorf("%s exists and is not a folder: choose another data folder", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create folder %s: %w", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("inspect folder %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", dir)
	}
	if info.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("restrict folder %s to 0700: %w", dir, err)
		}
	}
	return nil
}

// WriteNew writes data to path with mode 0600. It writes a temporary file in
// the same folder, syncs it and then links it into place, so a reader sees
// either no file or the whole file. An existing file at path is never
// replaced: the error then wraps fs.ErrExist.
func WriteNew(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)

	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("restrict %s to 0600: %w", tmpName, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", tmpName, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", tmpName, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmpName, err)
	}

	// os.Link fails when path exists, unlike os.Rename, which would replace it.
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists, not replacing it: %w", path, fs.ErrExist)
		}
		return fmt.Errorf("move %s into place: %w", path, err)
	}
	return syncDir(dir)
}

// ReadPrivate reads a secret file and rejects it when group or others may
// read or write it, so a key left world-readable is noticed, not used.
func ReadPrivate(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s has mode %04o: restrict it with chmod 600 %s", path, info.Mode().Perm(), path)
	}
	return os.ReadFile(path)
}

// syncDir flushes the folder entry so the new name survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("open folder %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}
