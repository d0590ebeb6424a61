package client

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File modes of saved files. Certificates are public; the key is not.
const (
	modeFolder = 0o700
	modeKey    = 0o600
	modePublic = 0o644
)

// maxFolderPart caps each part of a bundle folder name.
const maxFolderPart = 64

// SaveBundle writes cert.pem, key.pem (0600) and ca.pem into
// dir/<entity>-<serial>, both parts reduced to letters, digits, '.', '_'
// and '-'. dir and the folder are created 0700 when missing. An existing
// folder must be a real folder of the current user. When group or others
// have access to it, that access is removed (0755 becomes 0700), and
// SavedFiles.DirTightenedFrom holds the previous permissions. Each file is
// written to a temporary file, synced and then moved into place, so a file
// is either absent or complete. A symlink planted at a target is never
// followed. It does not replace an existing file unless overwrite is set;
// the error then matches ErrExists. The bundle is verified again first.
func SaveBundle(dir string, b Bundle, entityID, serial string, overwrite bool) (SavedFiles, error) {
	if _, err := verifyBundle(b.CertificatePEM, b.PrivateKeyPEM, b.CAPEM); err != nil {
		return SavedFiles{}, err
	}
	if serial == "" && b.Certificate != nil {
		serial = b.Certificate.SerialNumber.String()
	}

	folder := filepath.Join(dir, BundleFolderName(entityID, serial))
	tightened, err := makeFolder(dir, folder)
	if err != nil {
		return SavedFiles{}, err
	}

	saved := SavedFiles{
		Dir:              folder,
		DirTightenedFrom: tightened,
		Certificate:      filepath.Join(folder, "cert.pem"),
		PrivateKey:       filepath.Join(folder, "key.pem"),
		CA:               filepath.Join(folder, "ca.pem"),
	}
	files := []pendingFile{
		{saved.Certificate, b.CertificatePEM, modePublic},
		{saved.PrivateKey, b.PrivateKeyPEM, modeKey},
		{saved.CA, b.CAPEM, modePublic},
	}

	if err := writeFiles(files, overwrite); err != nil {
		return SavedFiles{}, err
	}

	return saved, nil
}

// SaveCAChain writes ca.pem into dir with the same rules as SaveBundle and
// returns its path.
func SaveCAChain(dir string, chain CAChain, overwrite bool) (string, error) {
	if _, err := decodeCAChain(chain.PEM); err != nil {
		return "", err
	}
	// dir is the operator's choice, so a symlink there is followed.
	if err := os.MkdirAll(dir, modeFolder); err != nil {
		return "", fmt.Errorf("create folder: %w", err)
	}

	path := filepath.Join(dir, "ca.pem")
	if err := writeFiles([]pendingFile{{path, chain.PEM, modePublic}}, overwrite); err != nil {
		return "", err
	}

	return path, nil
}

// BundleFolderName returns "<entity>-<serial>" with each part reduced to
// ASCII letters, digits, '.', '_' and '-' and cut to 64 bytes. Leading dots
// and runs of dots are replaced too, so a hostile entity ID can never name a
// path outside the chosen directory.
func BundleFolderName(entityID, serial string) string {
	return safeNamePart(entityID, "entity") + "-" + safeNamePart(serial, "serial")
}

func safeNamePart(s, fallback string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}

	name := b.String()
	for strings.Contains(name, "..") {
		name = strings.ReplaceAll(name, "..", "_")
	}
	name = strings.TrimLeft(name, ".")
	if len(name) > maxFolderPart {
		name = name[:maxFolderPart]
	}
	if name == "" {
		return fallback
	}

	return name
}

// makeFolder creates dir 0700 when missing, and then folder inside it. It
// returns the previous permissions of an existing folder that it tightened,
// and 0 otherwise. folder is ours, so an existing entry there must
// be a real directory of the current user and not a symlink planted to
// redirect the key elsewhere (see secureExistingFolder).
func makeFolder(dir, folder string) (fs.FileMode, error) {
	if err := os.MkdirAll(dir, modeFolder); err != nil {
		return 0, fmt.Errorf("create folder: %w", err)
	}

	err := os.Mkdir(folder, modeFolder)
	switch {
	case err == nil:
		return 0, nil
	case !errors.Is(err, fs.ErrExist):
		return 0, fmt.Errorf("create folder: %w", err)
	}

	return secureExistingFolder(folder)
}

// notFolderError is the error for a bundle folder name taken by a file.
func notFolderError(folder string) error {
	return fmt.Errorf("%s exists and is not a folder: move it away or choose another directory", folder)
}

// symlinkFolderError is the error for a bundle folder name taken by a
// symlink, which could send the key to a folder of someone else's choice.
func symlinkFolderError(folder string) error {
	return fmt.Errorf("%s is a symbolic link, and a bundle folder must be a real folder: remove the link or choose another directory", folder)
}

// pendingFile is one file to write.
type pendingFile struct {
	path string
	data []byte
	mode fs.FileMode
}

// writeFiles checks every target first, so that a rejection leaves nothing
// written, and then writes each file atomically.
func writeFiles(files []pendingFile, overwrite bool) error {
	if !overwrite {
		for _, f := range files {
			if _, err := os.Lstat(f.path); err == nil {
				return existsError(f.path)
			}
		}
	}

	for _, f := range files {
		if err := writeAtomic(f, overwrite); err != nil {
			return err
		}
	}

	return nil
}

func existsError(path string) error {
	return fmt.Errorf("%w: %s already exists: confirm to replace it or choose another directory", ErrExists, path)
}

// writeAtomic writes f through a temporary file in the same folder, synced
// before it takes the target name. Without overwrite it hard-links the
// temporary file to the target, which fails if any entry, symlink
// included, already has that name. With overwrite it renames over the
// target, which replaces a symlink instead of following it.
func writeAtomic(f pendingFile, overwrite bool) error {
	folder := filepath.Dir(f.path)

	tmp, err := os.CreateTemp(folder, "."+filepath.Base(f.path)+"-*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file for %s: %w", f.path, err)
	}
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath)

	if err := writeAndSync(tmp, f); err != nil {
		return err
	}

	if overwrite {
		if err := os.Rename(tmpPath, f.path); err != nil {
			return fmt.Errorf("move %s into place: %w", f.path, err)
		}
	} else if err := os.Link(tmpPath, f.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError(f.path)
		}
		return fmt.Errorf("move %s into place: %w", f.path, err)
	}

	return syncFolder(folder)
}

// writeAndSync writes the data with its final mode and closes the file.
func writeAndSync(tmp *os.File, f pendingFile) error {
	err := tmp.Chmod(f.mode)
	if err == nil {
		_, err = tmp.Write(f.data)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}

	return nil
}

// syncFolder makes the new directory entry durable.
func syncFolder(folder string) error {
	d, err := os.Open(folder)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", folder, err)
	}
	defer d.Close()

	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", folder, err)
	}

	return nil
}
