//go:build unix

package client

import (
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// secureExistingFolder checks a bundle folder that already exists before a
// key goes into it. It opens the folder without following a symlink and
// works on that open descriptor, so the entry cannot be swapped between the
// check and the chmod. A folder of another user is rejected, because its
// owner could read the key. When group or others have access to a folder
// of ours, that access is removed and the previous permissions are
// returned. It returns 0 when the folder was already private.
// NOTE: SaveBundle then writes the files by path, so a user who can write
// to the parent directory could still replace the folder after this check.
func secureExistingFolder(folder string) (fs.FileMode, error) {
	fd, err := unix.Open(folder, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		// Systems report a symlink under O_NOFOLLOW differently (ELOOP,
		// ENOTDIR with O_DIRECTORY on Linux, EMLINK on FreeBSD), so look
		// at the entry itself to name the problem.
		info, lerr := os.Lstat(folder)
		switch {
		case lerr == nil && info.Mode()&fs.ModeSymlink != 0:
			return 0, symlinkFolderError(folder)
		case lerr == nil && !info.IsDir():
			return 0, notFolderError(folder)
		}
		return 0, fmt.Errorf("open folder %s: %w", folder, err)
	}
	defer unix.Close(fd)

	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, fmt.Errorf("check folder %s: %w", folder, err)
	}
	if uid := os.Geteuid(); int(st.Uid) != uid {
		return 0, fmt.Errorf("%s belongs to user ID %d, not to you (user ID %d), and its owner could read the key: choose another directory", folder, st.Uid, uid)
	}

	perm := fs.FileMode(st.Mode) & fs.ModePerm
	if perm&0o077 == 0 {
		return 0, nil
	}
	if err := unix.Fchmod(fd, uint32(perm&^0o077)); err != nil {
		return 0, fmt.Errorf("change mode of folder %s from %04o to %04o failed: %w; other users may open it, so fix its mode or choose another directory", folder, perm, perm&^0o077, err)
	}
	return perm, nil
}
