package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui"
)

const loginProfileTOML = `
default_profile = "work"

[profiles.work]
url = "https://certs.example.com/certs"
users_url = "https://users.example.com"
`

func TestSettingsLoginWithoutToken(t *testing.T) {
	env := testEnvironment(t, nil)
	writeTestConfig(t, env, loginProfileTOML)

	s, err := resolve(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if s.usersURL != "https://users.example.com" || s.token != "" || s.tokensStored {
		t.Errorf("usersURL %q token %q stored %t, want the users URL and no token", s.usersURL, s.token, s.tokensStored)
	}
	if s.tokenSource != "login to https://users.example.com" {
		t.Errorf("tokenSource = %q, want the login", s.tokenSource)
	}

	var opts ui.Options
	wireLogin(s, loginStore(s, env, slog.New(slog.DiscardHandler)), &opts)
	if !opts.NeedsLogin || opts.StoreTokens == nil || opts.UsersURL != s.usersURL {
		t.Errorf("options NeedsLogin %t StoreTokens set %t UsersURL %q, want a login with the storage question",
			opts.NeedsLogin, opts.StoreTokens != nil, opts.UsersURL)
	}

	_, err = resolve(t, env, "--local", "--users-url", "https://users.example.com")
	requireErrorContains(t, err, "--users-url")
}

func TestTokenStoreWritesPrivateFile(t *testing.T) {
	env := testEnvironment(t, nil)
	writeTestConfig(t, env, loginProfileTOML)
	store := newTokenStore(env, "work", slog.New(slog.DiscardHandler))
	path := filepath.Join(env.configHome, appName, "tokens", "work.json")

	// Before the operator agrees, refreshed tokens stay in memory.
	store.onTokens(client.Tokens{AccessToken: "a0", RefreshToken: "r0"})
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("token file exists before the operator agreed: %v", err)
	}

	got, err := store.enable(client.Tokens{AccessToken: "a1", RefreshToken: "r1"})
	if err != nil || got != path {
		t.Fatalf("enable = %q, %v; want %s", got, err, path)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("token file mode %04o, want 0600", mode)
	}
	dirInfo, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if mode := dirInfo.Mode().Perm(); mode != 0o700 {
		t.Errorf("token folder mode %04o, want 0700", mode)
	}

	// After agreeing, a refresh replaces the stored pair.
	store.onTokens(client.Tokens{AccessToken: "a2", RefreshToken: "r2"})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"a2"`) || strings.Contains(string(data), `"a1"`) {
		t.Errorf("token file holds %s, want the refreshed pair a2", data)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("token folder holds %d entries, want only work.json (no temporary files)", len(entries))
	}

	// The next start uses the stored tokens and skips the question.
	s, err := resolve(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if s.token != "a2" || s.refreshToken != "r2" || !s.tokensStored {
		t.Errorf("token %q refresh %q stored %t, want the stored pair", s.token, s.refreshToken, s.tokensStored)
	}
	var opts ui.Options
	wireLogin(s, loginStore(s, env, slog.New(slog.DiscardHandler)), &opts)
	if opts.NeedsLogin || opts.StoreTokens != nil {
		t.Errorf("options NeedsLogin %t StoreTokens set %t, want neither with stored tokens", opts.NeedsLogin, opts.StoreTokens != nil)
	}

	// A file other users may read is rejected.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = resolve(t, env)
	requireErrorContains(t, err, path, "chmod 600")
}

func TestTokenStoreNameIsSafe(t *testing.T) {
	env := testEnvironment(t, nil)
	for profile, want := range map[string]string{"": "default.json", "..": "default.json", "a/../b": "a_.._b.json", "lab 1": "lab_1.json"} {
		store := newTokenStore(env, profile, nil)
		if filepath.Base(store.path) != want || filepath.Dir(store.path) != filepath.Join(env.configHome, appName, "tokens") {
			t.Errorf("profile %q stores in %s, want tokens/%s", profile, store.path, want)
		}
	}
}
