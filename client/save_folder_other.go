//go:build !unix

package client

import (
	"io/fs"
	"os"
)

// secureFolder accepts the bundle folder opened as root; openBundleFolder
// has already checked that it is a real folder and not a symlink. It
// always returns 0 as the previous mode.
// NOTE: on systems without Unix permissions, such as Windows, the folder's
// owner and access list are not checked. Its ACL alone decides who may read
// the key.
func secureFolder(root *os.Root, info fs.FileInfo, folder string) (fs.FileMode, error) {
	return 0, nil
}
