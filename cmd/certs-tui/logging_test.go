package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenLogRejectsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "other.txt")
	if err := os.WriteFile(target, []byte("keep\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "certs-tui.log")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}

	log, err := openLog(link, false)
	if err == nil {
		_ = log.Close()
		t.Fatal("openLog followed a symlink")
	}
	if !strings.Contains(err.Error(), link) || !strings.Contains(err.Error(), "--log-file") {
		t.Errorf("error = %q, want the path and the flag named", err)
	}

	info, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o644 {
		t.Errorf("target mode = %04o, want 0644 unchanged", info.Mode().Perm())
	}
	data, _ := os.ReadFile(target)
	if string(data) != "keep\n" {
		t.Errorf("target content = %q, want it unchanged", data)
	}
}

func TestOpenLogNarrowsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "certs-tui.log")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	log, err := openLog(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("log mode = %04o, want 0600", info.Mode().Perm())
	}
}
