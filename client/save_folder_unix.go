//go:build unix

package client

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// checkFolderOwner rejects a bundle folder of another user, because its
// owner could read the key.
func checkFolderOwner(info fs.FileInfo, folder string) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Errorf("check folder %s: no owner information", folder)
	}
	if uid := os.Geteuid(); int(st.Uid) != uid {
		return fmt.Errorf("%s belongs to user ID %d, not to you (user ID %d), and its owner could read the key: choose another directory", folder, st.Uid, uid)
	}
	return nil
}

// tightenFolder removes the access of group and others from the bundle
// folder opened as root, whose information is info, and returns the
// previous permissions. It returns 0 when the folder was already private.
func tightenFolder(root *os.Root, info fs.FileInfo, folder string) (fs.FileMode, error) {
	perm := info.Mode().Perm()
	if perm&0o077 == 0 {
		return 0, nil
	}
	if err := root.Chmod(".", perm&^0o077); err != nil {
		return 0, fmt.Errorf("change mode of folder %s from %04o to %04o failed: %w; other users may open it, so fix its mode or choose another directory", folder, perm, perm&^0o077, err)
	}
	return perm, nil
}
