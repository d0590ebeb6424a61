//go:build !unix

package client

import (
	"fmt"
	"io/fs"
	"os"
)

// secureExistingFolder checks that an existing bundle folder is a real
// folder and not a symlink. It always returns 0 as the previous mode.
// NOTE: on systems without Unix permissions, such as Windows, the folder's
// owner and access list are not checked. Its ACL alone decides who may read
// the key.
func secureExistingFolder(folder string) (fs.FileMode, error) {
	info, err := os.Lstat(folder)
	if err != nil {
		return 0, fmt.Errorf("check folder %s: %w", folder, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return 0, symlinkFolderError(folder)
	}
	if !info.IsDir() {
		return 0, notFolderError(folder)
	}
	return 0, nil
}
