//go:build unix

package client

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// secureFolder checks the bundle folder opened as root, whose information
// is info, before a key goes into it. A folder of another user is
// rejected, because its owner could read the key. When group or others
// have access to a folder of ours, that access is removed and the previous
// permissions are returned. It returns 0 when the folder was already
// private.
func secureFolder(root *os.Root, info fs.FileInfo, folder string) (fs.FileMode, error) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, fmt.Errorf("check folder %s: no owner information", folder)
	}
	if uid := os.Geteuid(); int(st.Uid) != uid {
		return 0, fmt.Errorf("%s belongs to user ID %d, not to you (user ID %d), and its owner could read the key: choose another directory", folder, st.Uid, uid)
	}

	perm := info.Mode().Perm()
	if perm&0o077 == 0 {
		return 0, nil
	}
	if err := root.Chmod(".", perm&^0o077); err != nil {
		return 0, fmt.Errorf("change mode of folder %s from %04o to %04o failed: %w; other users may open it, so fix its mode or choose another directory", folder, perm, perm&^0o077, err)
	}
	return perm, nil
}
