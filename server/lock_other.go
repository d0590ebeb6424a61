//go:build !unix && !windows

package server

import "os"

// lockDataDir does nothing on systems with neither flock nor LockFileEx,
// such as Plan 9 and WebAssembly.
// NOTE: two servers on one data folder are not prevented there.
func lockDataDir(string) (*os.File, error) { return nil, nil }
