package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// crashHelperEnv names the log file when this test binary runs as the child
// that crashes on purpose.
const crashHelperEnv = "CERTS_TUI_CRASH_HELPER_LOG"

func TestFatalCrashReachesLog(t *testing.T) {
	if path := os.Getenv(crashHelperEnv); path != "" {
		crashWithLog(path)
		return
	}

	logPath := filepath.Join(t.TempDir(), "crash.log")
	child := exec.Command(os.Args[0], "-test.run=^TestFatalCrashReachesLog$")
	child.Env = append(os.Environ(), crashHelperEnv+"="+logPath)
	out, err := child.CombinedOutput()
	if err == nil {
		t.Fatalf("the crashing child exited cleanly:\n%s", out)
	}

	text := readLog(t, logPath)
	if !strings.Contains(text, "panic: boom in a stray goroutine") {
		t.Errorf("log does not contain the fatal panic:\n%s", text)
	}
	if !strings.Contains(text, "goroutine ") {
		t.Errorf("log does not contain the stack trace:\n%s", text)
	}
	if !strings.Contains(string(out), "boom in a stray goroutine") {
		t.Errorf("stderr no longer shows the panic:\n%s", out)
	}
}

// crashWithLog opens the log at path, copies fatal crashes into it and
// panics in a goroutine that nothing recovers.
func crashWithLog(path string) {
	log, err := openLog(path, false)
	if err != nil {
		os.Exit(3)
	}
	recordFatalCrashes(log.file, log.logger)

	go func() { panic("boom in a stray goroutine") }()
	select {}
}
