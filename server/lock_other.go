//go:build !unix

package server

import "os"

// lockDataDir does nothing on systems without flock.
// NOTE: two servers on one data folder are not prevented here.
func lockDataDir(string) (*os.File, error) { return nil, nil }
