package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/certs-tui/certs-tui/internal/config"
)

// testEnvironment returns an environment rooted in a temporary folder with
// the given variables and no config file.
func testEnvironment(t *testing.T, vars map[string]string) environment {
	t.Helper()
	root := t.TempDir()
	env := environment{
		getenv:     func(name string) string { return vars[name] },
		configHome: filepath.Join(root, "config"),
		dataHome:   filepath.Join(root, "data"),
		stateHome:  filepath.Join(root, "state"),
		workDir:    filepath.Join(root, "work"),
	}
	for _, dir := range []string{env.configHome, env.workDir} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

// writeTestConfig writes config.toml into the environment's config folder.
func writeTestConfig(t *testing.T, env environment, text string) string {
	t.Helper()
	dir := filepath.Join(env.configHome, appName)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, config.TOMLName)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeTokenFile writes a token file with the given mode into a temporary folder.
func writeTokenFile(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// resolve parses args as the root command would and resolves them.
func resolve(t *testing.T, env environment, args ...string) (settings, error) {
	t.Helper()
	fs := pflag.NewFlagSet("certs-tui", pflag.ContinueOnError)
	flags := &consoleFlags{}
	flags.register(fs)
	if err := fs.Parse(args); err != nil {
		return settings{}, err
	}
	return resolveSettings(fs, flags, env)
}

// requireErrorContains fails unless err is non-nil and contains every part.
func requireErrorContains(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error; want one containing %q", parts)
	}
	for _, part := range parts {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}
}

func TestSettingsDefaultToLocal(t *testing.T) {
	env := testEnvironment(t, nil)

	s, err := resolve(t, env)
	if err != nil {
		t.Fatal(err)
	}

	if !s.local {
		t.Error("local = false; want the local server when nothing is configured")
	}
	if want := filepath.Join(env.dataHome, "certs-tui"); s.dataDir != want {
		t.Errorf("dataDir = %q; want %q", s.dataDir, want)
	}
	if want := filepath.Join(env.stateHome, "certs-tui", "certs-tui.log"); s.logFile != want {
		t.Errorf("logFile = %q; want %q", s.logFile, want)
	}
	if s.downloadDir != env.workDir {
		t.Errorf("downloadDir = %q; want the current folder %q", s.downloadDir, env.workDir)
	}
	if s.expiringWithin != 14*24*time.Hour {
		t.Errorf("expiringWithin = %v; want 14 days", s.expiringWithin)
	}
	if s.service() != "local" {
		t.Errorf("service() = %q; want local", s.service())
	}
	if s.token != "" || s.url != "" {
		t.Errorf("local settings carry url %q or a token", s.url)
	}
}

func TestSettingsLocalDataFlag(t *testing.T) {
	env := testEnvironment(t, map[string]string{envURL: "https://certs.example.com"})

	s, err := resolve(t, env, "--local", "--data", "store")
	if err != nil {
		t.Fatal(err)
	}
	if !s.local {
		t.Error("--local did not beat CERTS_TUI_URL")
	}
	if want := filepath.Join(env.workDir, "store"); s.dataDir != want {
		t.Errorf("dataDir = %q; want %q", s.dataDir, want)
	}
}

func TestSettingsRemoteFromFlags(t *testing.T) {
	env := testEnvironment(t, map[string]string{envToken: "  secret-token\n"})

	s, err := resolve(t, env, "--url", "https://certs.example.com/certs",
		"--domains-url", "https://certs.example.com/domains", "--domain", "d-1", "--domain", "d-2",
		"--insecure-skip-verify", "--read-only", "--expiring-within", "1d12h")
	if err != nil {
		t.Fatal(err)
	}

	if s.local {
		t.Error("local = true; want the remote service")
	}
	if s.url != "https://certs.example.com/certs" || s.service() != s.url {
		t.Errorf("url = %q, service() = %q", s.url, s.service())
	}
	if s.domainsURL != "https://certs.example.com/domains" {
		t.Errorf("domainsURL = %q", s.domainsURL)
	}
	if s.token != "secret-token" {
		t.Errorf("token = %q; want the trimmed environment token", s.token)
	}
	if s.tokenSource != envToken {
		t.Errorf("tokenSource = %q; want %s", s.tokenSource, envToken)
	}
	if strings.Join(s.domains, ",") != "d-1,d-2" {
		t.Errorf("domains = %q", s.domains)
	}
	if !s.insecure || !s.readOnly {
		t.Errorf("insecure = %t, readOnly = %t; want both set", s.insecure, s.readOnly)
	}
	if s.expiringWithin != 36*time.Hour {
		t.Errorf("expiringWithin = %v; want 36h", s.expiringWithin)
	}
}

func TestSettingsRemoteFromEnvironment(t *testing.T) {
	tokenPath := writeTokenFile(t, "file-token\n", 0o600)
	env := testEnvironment(t, map[string]string{envURL: "http://127.0.0.1:9010", envToken: "env-token"})

	s, err := resolve(t, env, "--token-file", tokenPath)
	if err != nil {
		t.Fatal(err)
	}
	if s.url != "http://127.0.0.1:9010" {
		t.Errorf("url = %q; want CERTS_TUI_URL", s.url)
	}
	if s.token != "file-token" {
		t.Errorf("token = %q; want the --token-file token over CERTS_TUI_TOKEN", s.token)
	}
	if !strings.Contains(s.tokenSource, tokenPath) {
		t.Errorf("tokenSource = %q; want it to name %s", s.tokenSource, tokenPath)
	}
}

func TestSettingsRejectConflicts(t *testing.T) {
	tokenPath := writeTokenFile(t, "t", 0o600)
	cases := []struct {
		name  string
		vars  map[string]string
		args  []string
		parts []string
	}{
		{"local and url", nil, []string{"--local", "--url", "https://x.example"}, []string{"--local", "--url"}},
		{"url without token", nil, []string{"--url", "https://x.example"},
			[]string{"no token", envToken, "--token-file"}},
		{"invalid url", map[string]string{envToken: "t"}, []string{"--url", "x.example/certs"},
			[]string{`invalid URL "x.example/certs"`}},
		{"invalid domains url", map[string]string{envToken: "t"},
			[]string{"--url", "https://x.example", "--domains-url", "ftp://x.example"}, []string{"domains service", "ftp://x.example"}},
		{"data with remote", map[string]string{envURL: "https://x.example", envToken: "t"}, []string{"--data", "/tmp/x"},
			[]string{"--data", "https://x.example", "--local"}},
		{"token file in local mode", nil, []string{"--token-file", tokenPath}, []string{"--token-file", "local mode"}},
		{"ca file in local mode", nil, []string{"--local", "--ca-file", "/x.pem"}, []string{"--ca-file", "local mode"}},
		{"insecure in local mode", nil, []string{"--insecure-skip-verify"}, []string{"--insecure-skip-verify", "local mode"}},
		{"empty domain", nil, []string{"--domain", ""}, []string{"--domain", "empty domain ID"}},
		{"domain with space", nil, []string{"--domain", "a b"}, []string{`"a b"`}},
		{"bad expiring within", nil, []string{"--expiring-within", "2w"}, []string{`"2w"`}},
		{"zero expiring within", nil, []string{"--expiring-within", "0d"}, []string{"longer than zero"}},
		{"profile without config", nil, []string{"--profile", "work"}, []string{"--profile work", "no config file"}},
		{"missing ca file", map[string]string{envToken: "t"},
			[]string{"--url", "https://x.example", "--ca-file", "/nonexistent/ca.pem"}, []string{"CA file /nonexistent/ca.pem", "no such file"}},
		{"token with space", map[string]string{envURL: "https://x.example", envToken: "a b"}, nil,
			[]string{envToken, "space"}},
		{"stray argument", nil, []string{"--read-only=maybe"}, []string{"maybe"}},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := testEnvironment(t, tc.vars)
			_, err := resolve(t, env, tc.args...)
			requireErrorContains(t, err, tc.parts...)
		})
	}
}

func TestSettingsDownloadDirIsFile(t *testing.T) {
	env := testEnvironment(t, nil)
	file := filepath.Join(env.workDir, "bundle.pem")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}

	_, err := resolve(t, env, "--download-dir", file)
	requireErrorContains(t, err, "download folder "+file, "is a file")
}

func TestTokenFileChecks(t *testing.T) {
	env := testEnvironment(t, map[string]string{envURL: "https://x.example"})

	open := writeTokenFile(t, "t", 0o644)
	_, err := resolve(t, env, "--token-file", open)
	requireErrorContains(t, err, open, "0644", "chmod 600")

	empty := writeTokenFile(t, " \n", 0o600)
	_, err = resolve(t, env, "--token-file", empty)
	requireErrorContains(t, err, empty, "empty token")

	_, err = resolve(t, env, "--token-file", filepath.Join(env.workDir, "missing"))
	requireErrorContains(t, err, "missing", "no such file")

	big := writeTokenFile(t, strings.Repeat("a", maxTokenFileSize+1), 0o600)
	_, err = resolve(t, env, "--token-file", big)
	requireErrorContains(t, err, big, "check the path")

	_, err = resolve(t, env, "--token-file", env.workDir)
	requireErrorContains(t, err, env.workDir, "not a regular file")
}

const profilesTOML = `default_profile = "work"

[profiles.work]
url = "https://certs.example.com/certs"
token_file = "work.token"
domains = ["d-work"]
read_only = true
expiring_within = "30d"
download_dir = "bundles"

[profiles.home]
local = true
data = "home-data"
log_file = "home.log"
`

func TestSettingsFromProfile(t *testing.T) {
	env := testEnvironment(t, nil)
	configPath := writeTestConfig(t, env, profilesTOML)
	configDir := filepath.Dir(configPath)
	if err := os.WriteFile(filepath.Join(configDir, "work.token"), []byte("work-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	s, err := resolve(t, env)
	if err != nil {
		t.Fatal(err)
	}

	if s.configPath != configPath || s.profile != "work" {
		t.Errorf("configPath, profile = %q, %q; want %q, work", s.configPath, s.profile, configPath)
	}
	if s.local || s.url != "https://certs.example.com/certs" {
		t.Errorf("local = %t, url = %q; want the work URL", s.local, s.url)
	}
	if s.token != "work-token" {
		t.Errorf("token = %q; want the token_file content", s.token)
	}
	if !s.readOnly {
		t.Error("readOnly = false; want the profile's true")
	}
	if s.expiringWithin != 30*24*time.Hour {
		t.Errorf("expiringWithin = %v; want the profile's 30 days", s.expiringWithin)
	}
	if want := filepath.Join(configDir, "bundles"); s.downloadDir != want {
		t.Errorf("downloadDir = %q; want %q", s.downloadDir, want)
	}
	if strings.Join(s.domains, ",") != "d-work" {
		t.Errorf("domains = %q; want the profile's", s.domains)
	}
}

func TestSettingsFlagsOverrideProfile(t *testing.T) {
	env := testEnvironment(t, map[string]string{envToken: "env-token"})
	writeTestConfig(t, env, profilesTOML)
	if err := os.WriteFile(filepath.Join(env.configHome, appName, "work.token"), []byte("work-token"), 0o600); err != nil {
		t.Fatal(err)
	}

	s, err := resolve(t, env, "--read-only=false", "--expiring-within", "7d", "--domain", "d-flag", "--download-dir", "/srv")
	if err != nil {
		t.Fatal(err)
	}

	if s.readOnly {
		t.Error("readOnly = true; --read-only=false must override the profile")
	}
	if s.expiringWithin != 7*24*time.Hour {
		t.Errorf("expiringWithin = %v; want the flag's 7 days", s.expiringWithin)
	}
	if strings.Join(s.domains, ",") != "d-flag" {
		t.Errorf("domains = %q; want only the flag's", s.domains)
	}
	if s.downloadDir != "/srv" {
		t.Errorf("downloadDir = %q; want /srv", s.downloadDir)
	}
	if s.token != "env-token" {
		t.Errorf("token = %q; want CERTS_TUI_TOKEN over the profile's token_file", s.token)
	}
}

func TestSettingsLocalProfile(t *testing.T) {
	env := testEnvironment(t, nil)
	configPath := writeTestConfig(t, env, profilesTOML)
	configDir := filepath.Dir(configPath)

	s, err := resolve(t, env, "--profile", "home")
	if err != nil {
		t.Fatal(err)
	}
	if !s.local {
		t.Error("local = false; want the home profile's local server")
	}
	if want := filepath.Join(configDir, "home-data"); s.dataDir != want {
		t.Errorf("dataDir = %q; want %q", s.dataDir, want)
	}
	if want := filepath.Join(configDir, "home.log"); s.logFile != want {
		t.Errorf("logFile = %q; want %q", s.logFile, want)
	}
	if s.readOnly {
		t.Error("readOnly = true; the home profile does not set it")
	}
}

func TestSettingsEnvironmentURLBeatsLocalProfile(t *testing.T) {
	env := testEnvironment(t, map[string]string{envURL: "https://env.example", envToken: "t"})
	writeTestConfig(t, env, profilesTOML)

	s, err := resolve(t, env, "--profile", "home")
	if err != nil {
		t.Fatal(err)
	}
	if s.local || s.url != "https://env.example" {
		t.Errorf("local = %t, url = %q; want CERTS_TUI_URL over the profile", s.local, s.url)
	}
}

func TestSettingsProfileErrors(t *testing.T) {
	env := testEnvironment(t, nil)
	configPath := writeTestConfig(t, env, profilesTOML)

	_, err := resolve(t, env, "--profile", "prod")
	requireErrorContains(t, err, `profile "prod" not found`, configPath, "home, work")

	_, err = resolve(t, env, "--profile", "")
	requireErrorContains(t, err, "--profile needs a profile name", "home, work")

	writeTestConfig(t, env, "[profiles.work]\nurl = 42\n")
	_, err = resolve(t, env)
	requireErrorContains(t, err, configPath, "line 2", "profiles.work.url", "the number 42")
}

func TestSettingsConfigFlag(t *testing.T) {
	env := testEnvironment(t, nil)
	path := filepath.Join(env.workDir, "other.yaml")
	text := "default_profile: ro\nprofiles:\n  ro:\n    read_only: true\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}

	s, err := resolve(t, env, "--config", "other.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s.configPath != path || !s.readOnly {
		t.Errorf("configPath = %q, readOnly = %t; want %q and true", s.configPath, s.readOnly, path)
	}

	_, err = resolve(t, env, "--config", "missing.toml")
	requireErrorContains(t, err, filepath.Join(env.workDir, "missing.toml"), "no such file")
}

func TestNewLocalTokenIsRandom(t *testing.T) {
	first, err := newLocalToken()
	if err != nil {
		t.Fatal(err)
	}
	second, err := newLocalToken()
	if err != nil {
		t.Fatal(err)
	}

	if len(first) != 43 {
		t.Errorf("token length = %d; want 43 (32 bytes in base64url)", len(first))
	}
	if first == second {
		t.Error("two local tokens are equal")
	}
	if err := config.CheckToken(first); err != nil {
		t.Errorf("local token is not a valid bearer token: %v", err)
	}
}
