//go:build !unix

package client

import (
	"io/fs"
	"os"
)

// checkFolderOwner accepts any bundle folder where Unix owners do not
// exist.
// NOTE: on systems without Unix permissions, such as Windows, the folder's
// owner and access list are not checked. Its ACL alone decides who may read
// the key.
func checkFolderOwner(info fs.FileInfo, folder string) error { return nil }

// tightenFolder changes nothing where Unix permissions do not exist, and
// returns 0 as the previous mode.
func tightenFolder(root *os.Root, info fs.FileInfo, folder string) (fs.FileMode, error) {
	return 0, nil
}
