package client

import (
	"crypto/rand"
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
	root, info, err := openBundleFolder(dir, folder)
	if err != nil {
		return SavedFiles{}, err
	}
	defer root.Close()

	saved := SavedFiles{
		Dir:         folder,
		Certificate: filepath.Join(folder, "cert.pem"),
		PrivateKey:  filepath.Join(folder, "key.pem"),
		CA:          filepath.Join(folder, "ca.pem"),
	}
	files := []pendingFile{
		{saved.Certificate, b.CertificatePEM, modePublic},
		{saved.PrivateKey, b.PrivateKeyPEM, modeKey},
		{saved.CA, b.CAPEM, modePublic},
	}

	// A save that stops at existing files changes nothing, the folder's
	// mode included, so the operator's later yes reports the change.
	if err := checkNoneExists(root, files, overwrite); err != nil {
		return SavedFiles{}, err
	}
	if saved.DirTightenedFrom, err = tightenFolder(root, info, folder); err != nil {
		return SavedFiles{}, err
	}
	if err := writeFiles(root, files, overwrite); err != nil {
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
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", fmt.Errorf("open folder: %w", err)
	}
	defer root.Close()

	path := filepath.Join(dir, "ca.pem")
	if err := writeFiles(root, []pendingFile{{path, chain.PEM, modePublic}}, overwrite); err != nil {
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

// openBundleFolder creates dir 0700 when missing, and then folder inside
// it, and opens folder as the root that every file of the bundle is
// written through. Checks and writes thus act on the same directory, even
// if someone renames another one into its place meanwhile. An existing
// folder must be a real directory of the current user, not a symlink
// planted to send the key elsewhere. It also returns the folder's
// information, for tightenFolder.
func openBundleFolder(dir, folder string) (*os.Root, fs.FileInfo, error) {
	if err := os.MkdirAll(dir, modeFolder); err != nil {
		return nil, nil, fmt.Errorf("create folder: %w", err)
	}
	if err := os.Mkdir(folder, modeFolder); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, nil, fmt.Errorf("create folder: %w", err)
	}

	root, err := os.OpenRoot(folder)
	if err != nil {
		return nil, nil, classifyFolderError(folder, err)
	}
	info, err := checkRootIsFolder(root, folder)
	if err != nil {
		root.Close()
		return nil, nil, err
	}
	return root, info, nil
}

// checkRootIsFolder checks that root, opened from the path folder, is the
// directory the path names now, not the target of a symlink, and that it
// belongs to the current user. It returns the directory's information.
func checkRootIsFolder(root *os.Root, folder string) (fs.FileInfo, error) {
	opened, err := root.Stat(".")
	if err != nil {
		return nil, fmt.Errorf("check folder %s: %w", folder, err)
	}
	entry, err := os.Lstat(folder)
	if err != nil {
		return nil, fmt.Errorf("check folder %s: %w", folder, err)
	}
	if entry.Mode()&fs.ModeSymlink != 0 {
		return nil, symlinkFolderError(folder)
	}
	if !os.SameFile(opened, entry) {
		return nil, fmt.Errorf("%s was replaced while the bundle was being saved: check who else writes to that directory, then download again", folder)
	}
	if err := checkFolderOwner(opened, folder); err != nil {
		return nil, err
	}
	return opened, nil
}

// classifyFolderError names what is at folder when it cannot be
// opened as a directory.
func classifyFolderError(folder string, err error) error {
	info, lerr := os.Lstat(folder)
	switch {
	case lerr == nil && info.Mode()&fs.ModeSymlink != 0:
		return symlinkFolderError(folder)
	case lerr == nil && !info.IsDir():
		return notFolderError(folder)
	}
	return fmt.Errorf("open folder %s: %w", folder, err)
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

// pendingFile is one file to write. path is the full path for messages;
// the file is written by its base name through the folder's root.
type pendingFile struct {
	path string
	data []byte
	mode fs.FileMode
}

func (f pendingFile) name() string { return filepath.Base(f.path) }

// checkNoneExists returns an error matching ErrExists when, without
// overwrite, any of the files already exists in root.
func checkNoneExists(root *os.Root, files []pendingFile, overwrite bool) error {
	if overwrite {
		return nil
	}
	for _, f := range files {
		if _, err := root.Lstat(f.name()); err == nil {
			return existsError(f.path)
		}
	}
	return nil
}

// writeFiles checks every target first, so that a rejection leaves nothing
// written, and then writes each file atomically into root.
func writeFiles(root *os.Root, files []pendingFile, overwrite bool) error {
	if err := checkNoneExists(root, files, overwrite); err != nil {
		return err
	}

	for _, f := range files {
		if err := writeAtomic(root, f, overwrite); err != nil {
			return err
		}
	}

	return syncFolder(root, filepath.Dir(files[0].path))
}

func existsError(path string) error {
	return fmt.Errorf("%w: %s already exists: confirm to replace it or choose another directory", ErrExists, path)
}

// writeAtomic writes f through a temporary file in the same folder, synced
// before it takes the target name. Without overwrite it hard-links the
// temporary file to the target, which fails if any entry, symlink
// included, already has that name. With overwrite it renames over the
// target, which replaces a symlink instead of following it.
func writeAtomic(root *os.Root, f pendingFile, overwrite bool) error {
	tmp, tmpName, err := createTemp(root, f)
	if err != nil {
		return err
	}
	defer root.Remove(tmpName)

	if err := writeAndSync(tmp, f); err != nil {
		return err
	}

	if overwrite {
		if err := root.Rename(tmpName, f.name()); err != nil {
			return fmt.Errorf("move %s into place: %w", f.path, err)
		}
		return nil
	}
	if err := root.Link(tmpName, f.name()); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError(f.path)
		}
		return fmt.Errorf("move %s into place: %w", f.path, err)
	}
	return nil
}

// createTemp creates a new hidden temporary file for f in root, with a
// random name so that it never reuses an entry someone placed there.
func createTemp(root *os.Root, f pendingFile) (*os.File, string, error) {
	for range 10 {
		name := "." + f.name() + "-" + rand.Text()[:12] + ".tmp"
		tmp, err := root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, modeKey)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("create temporary file for %s: %w", f.path, err)
		}
		return tmp, name, nil
	}
	return nil, "", fmt.Errorf("create temporary file for %s: ten random names were taken", f.path)
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

// syncFolder makes the new directory entries durable.
func syncFolder(root *os.Root, folder string) error {
	d, err := root.Open(".")
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", folder, err)
	}
	defer d.Close()

	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", folder, err)
	}

	return nil
}
