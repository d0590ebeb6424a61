package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// executeRoot runs the root command with args and returns its output.
func executeRoot(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCommand()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestRootVersionFlag(t *testing.T) {
	out, err := executeRoot(t, "--version")
	if err != nil {
		t.Fatal(err)
	}
	if want := "certs-tui version " + version; !strings.Contains(out, want) {
		t.Errorf("--version printed %q; want %q", out, want)
	}
}

func TestRootCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out, err := executeRoot(t, "completion", shell)
		if err != nil {
			t.Fatalf("completion %s: %v", shell, err)
		}
		if !strings.Contains(out, "certs-tui") {
			t.Errorf("completion %s printed no script for certs-tui:\n%.200s", shell, out)
		}
	}
}

func TestRootCompletesProfileNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	text := "[profiles.work]\nread_only = true\n[profiles.home]\nlocal = true\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}

	out, err := executeRoot(t, "__complete", "--config", path, "--profile", "")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || lines[0] != "home" || lines[1] != "work" {
		t.Errorf("profile completion = %q; want home and work, then the directive", out)
	}
}

func TestRootRejectsArguments(t *testing.T) {
	_, err := executeRoot(t, "extra")
	requireErrorContains(t, err, `unknown command "extra"`)
}

func TestRootHasNoTokenFlag(t *testing.T) {
	if newRootCommand().Flags().Lookup("token") != nil {
		t.Error("the root command has a --token flag; tokens on the command line leak into shell history")
	}
}
