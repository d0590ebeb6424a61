//go:build unix

package server_test

import (
	"syscall"
	"testing"
	"time"
)

// processCPU returns the user plus system CPU time of this process so far.
// CPU time per issuance changes little when other programs load the
// machine, unlike the rates, so it measures what a change of code is worth.
func processCPU(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}
