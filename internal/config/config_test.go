package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const validTOML = `# certs-tui profiles
default_profile = "work"

[profiles.work]
url = "https://certs.example.com/certs"
domains_url = "https://certs.example.com/domains"
domains = ["d-1", "d-2"]
token_file = "tokens/work"
ca_file = "~/ca.pem"
download_dir = "/srv/certs"
read_only = true
log_file = "logs/work.log"
expiring_within = "30d"

[profiles.home]
local = true
data = "/var/lib/certs"
insecure_skip_verify = false
`

const validYAML = `# certs-tui profiles
default_profile: work
profiles:
  work:
    url: https://certs.example.com/certs
    domains_url: https://certs.example.com/domains
    domains: [d-1, d-2]
    token_file: tokens/work
    ca_file: ~/ca.pem
    download_dir: /srv/certs
    read_only: true
    log_file: logs/work.log
    expiring_within: 30d
  home:
    local: true
    data: /var/lib/certs
    insecure_skip_verify: false
`

func writeConfig(t *testing.T, name, text string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadTOMLAndYAMLAgree(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ name, text string }{
		{TOMLName, validTOML},
		{YAMLName, validYAML},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.name, tc.text, 0o600)
			dir := filepath.Dir(path)

			f, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}

			want := &File{
				Path:           path,
				DefaultProfile: "work",
				Profiles: map[string]Profile{
					"work": {
						Name:           "work",
						URL:            "https://certs.example.com/certs",
						DomainsURL:     "https://certs.example.com/domains",
						Domains:        []string{"d-1", "d-2"},
						TokenFile:      filepath.Join(dir, "tokens", "work"),
						CAFile:         filepath.Join(home, "ca.pem"),
						DownloadDir:    "/srv/certs",
						ReadOnly:       true,
						LogFile:        filepath.Join(dir, "logs", "work.log"),
						ExpiringWithin: 30 * Day,
					},
					"home": {Name: "home", Local: true, DataDir: "/var/lib/certs"},
				},
			}
			if diff := cmp.Diff(want, f); diff != "" {
				t.Errorf("Load(%s) mismatch (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}

func TestProfileSelection(t *testing.T) {
	f, err := Load(writeConfig(t, TOMLName, validTOML, 0o600))
	if err != nil {
		t.Fatal(err)
	}

	p, err := f.Profile("")
	if err != nil || p.Name != "work" {
		t.Errorf(`Profile("") = %q, %v; want the default profile "work"`, p.Name, err)
	}

	p, err = f.Profile("home")
	if err != nil || p.Name != "home" {
		t.Errorf(`Profile("home") = %q, %v; want "home"`, p.Name, err)
	}

	_, err = f.Profile("prod")
	if err == nil {
		t.Fatal(`Profile("prod") returned no error for a missing profile`)
	}
	for _, part := range []string{`"prod"`, f.Path, "home, work"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("missing-profile error %q does not contain %q", err, part)
		}
	}
}

func TestProfileWithoutDefault(t *testing.T) {
	f, err := Load(writeConfig(t, TOMLName, "[profiles.a]\nread_only = true\n", 0o600))
	if err != nil {
		t.Fatal(err)
	}

	p, err := f.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Profile{}, p); diff != "" {
		t.Errorf("Profile(\"\") without default_profile is not empty (-want +got):\n%s", diff)
	}
}

func TestLoadErrorsNameLineAndKey(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		text     string
		line     int
		key      string
		contains string
	}{
		{"toml unknown key", TOMLName, "[profiles.work]\nurl = \"https://x.example\"\ntokn = \"abc\"\n",
			3, "profiles.work.tokn", "unknown key"},
		{"yaml unknown key", YAMLName, "profiles:\n  work:\n    url: https://x.example\n    tokn: abc\n",
			4, "profiles.work.tokn", "unknown key"},
		{"toml setting at top level", TOMLName, "url = \"https://x.example\"\n",
			1, "url", "move it into a profile"},
		{"yaml bad duration", YAMLName, "profiles:\n  work:\n    expiring_within: 2 weeks\n",
			3, "profiles.work.expiring_within", `"2 weeks"`},
		{"toml bad duration", TOMLName, "[profiles.work]\n\nexpiring_within = \"-3d\"\n",
			3, "profiles.work.expiring_within", `"-3d"`},
		{"toml zero duration", TOMLName, "[profiles.work]\nexpiring_within = \"0s\"\n",
			2, "profiles.work.expiring_within", "longer than zero"},
		{"yaml bool as text", YAMLName, "profiles:\n  work:\n    read_only: \"yes\"\n",
			3, "profiles.work.read_only", "true or false"},
		{"toml bad url", TOMLName, "[profiles.work]\nurl = \"certs.example.com\"\n",
			2, "profiles.work.url", `invalid URL "certs.example.com"`},
		{"yaml url with password", YAMLName, "profiles:\n  w:\n    url: https://me:secret@x.example\n",
			3, "profiles.w.url", "user name or password"},
		{"toml domains not a list", TOMLName, "[profiles.w]\ndomains = \"d-1\"\n",
			2, "profiles.w.domains", "list of domain IDs"},
		{"yaml empty domain", YAMLName, "profiles:\n  w:\n    domains: [d-1, \"\"]\n",
			3, "profiles.w.domains", "entry 2: empty domain ID"},
		{"toml local with url", TOMLName, "[profiles.w]\nlocal = true\nurl = \"https://x.example\"\n",
			3, "profiles.w.url", "cannot also have a url"},
		{"yaml token and token file", YAMLName, "profiles:\n  w:\n    token: abc\n    token_file: t\n",
			4, "profiles.w.token_file", "either token or token_file"},
		{"toml unknown default", TOMLName, "default_profile = \"prod\"\n[profiles.w]\nread_only = true\n",
			1, "default_profile", `"prod", which is not defined`},
		{"toml profile not a table", TOMLName, "[profiles]\nw = \"x\"\n",
			2, "profiles.w", "table of settings"},
		{"yaml number domain", YAMLName, "profiles:\n  w:\n    domains: [12]\n",
			3, "profiles.w.domains", "entry 1 must be a domain ID in quotes"},
		{"toml token with newline", TOMLName, "[profiles.w]\ntoken = \"a\\nb\"\n",
			2, "profiles.w.token", "control character"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.file, tc.text, 0o600)

			_, err := Load(path)
			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("Load returned %v; want a *config.Error", err)
			}
			if cfgErr.Path != path {
				t.Errorf("Path = %q; want %q", cfgErr.Path, path)
			}
			if cfgErr.Line != tc.line {
				t.Errorf("Line = %d; want %d (error: %v)", cfgErr.Line, tc.line, err)
			}
			if cfgErr.Key != tc.key {
				t.Errorf("Key = %q; want %q (error: %v)", cfgErr.Key, tc.key, err)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not contain %q", err, tc.contains)
			}
		})
	}
}

func TestLoadSyntaxErrorsNameLine(t *testing.T) {
	cases := []struct {
		name string
		file string
		text string
		line int
	}{
		{"toml", TOMLName, "[profiles.w]\nread_only = true\nurl = \n", 3},
		{"yaml", YAMLName, "profiles:\n  w:\n    read_only: true\n    url: a: b\n", 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tc.file, tc.text, 0o600))

			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("Load returned %v; want a *config.Error", err)
			}
			if cfgErr.Line != tc.line {
				t.Errorf("Line = %d; want %d (error: %v)", cfgErr.Line, tc.line, err)
			}
			if !strings.Contains(err.Error(), "invalid") {
				t.Errorf("error %q does not say the file is invalid", err)
			}
		})
	}
}

func TestLoadTokenNeedsPrivateFile(t *testing.T) {
	text := "[profiles.w]\nurl = \"https://x.example\"\ntoken = \"abc\"\n"

	path := writeConfig(t, TOMLName, text, 0o644)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil {
		t.Fatal("Load accepted a token in a file other users can read")
	}
	for _, part := range []string{"0644", "chmod 600 " + path, "line 3"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not contain %q", err, part)
		}
	}

	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil {
		t.Fatalf("Load of a 0600 file with a token: %v", err)
	}
	if f.Profiles["w"].Token != "abc" {
		t.Errorf("token = %q; want abc", f.Profiles["w"].Token)
	}
}

func TestLoadEmptyFiles(t *testing.T) {
	for _, name := range []string{TOMLName, YAMLName} {
		f, err := Load(writeConfig(t, name, "# nothing yet\n", 0o600))
		if err != nil {
			t.Fatalf("Load of an empty %s: %v", name, err)
		}
		if len(f.Profiles) != 0 || f.DefaultProfile != "" {
			t.Errorf("empty %s loaded as %+v", name, f)
		}
	}
}

func TestLoadYAMLListAtRoot(t *testing.T) {
	_, err := Load(writeConfig(t, YAMLName, "- a\n- b\n", 0o600))
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("Load of a YAML list = %v; want an error at line 1", err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()

	path, err := Find(dir)
	if err != nil || path != "" {
		t.Errorf("Find in an empty folder = %q, %v; want \"\", nil", path, err)
	}

	yamlPath := filepath.Join(dir, YAMLName)
	if err := os.WriteFile(yamlPath, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	path, err = Find(dir)
	if err != nil || path != yamlPath {
		t.Errorf("Find = %q, %v; want %q", path, err, yamlPath)
	}

	if err := os.WriteFile(filepath.Join(dir, TOMLName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Find(dir)
	if err == nil || !strings.Contains(err.Error(), "keep one of them") {
		t.Errorf("Find with both files = %v; want an error asking to keep one", err)
	}
}

func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{
		"14d":    14 * Day,
		"1d12h":  36 * time.Hour,
		"36h":    36 * time.Hour,
		"90m":    90 * time.Minute,
		" 2d ":   2 * Day,
		"0d":     0,
		"1d30m":  Day + 30*time.Minute,
		"1d1.5h": Day + 90*time.Minute,
	}
	for text, want := range good {
		got, err := ParseDuration(text)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", text, got, err, want)
		}
	}

	for _, text := range []string{"", "d", "1.5d", "-1d", "2 weeks", "1d-2h", "1dd", "14days", "1d+2h", "106752d", "4000000000d"} {
		if _, err := ParseDuration(text); err == nil {
			t.Errorf("ParseDuration(%q) returned no error", text)
		}
	}
}

func TestFormatDurationRoundTrip(t *testing.T) {
	cases := map[time.Duration]string{
		14 * Day:                   "14d",
		36 * time.Hour:             "1d12h",
		90 * time.Minute:           "1h30m",
		12 * time.Hour:             "12h",
		Day + 90*time.Second:       "1d1m30s",
		Day + 500*time.Millisecond: "1d500ms",
	}
	for d, want := range cases {
		got := FormatDuration(d)
		if got != want {
			t.Errorf("FormatDuration(%v) = %q; want %q", d, got, want)
		}
		back, err := ParseDuration(got)
		if err != nil || back != d {
			t.Errorf("ParseDuration(FormatDuration(%v)) = %v, %v", d, back, err)
		}
	}
}

// TestReadmeExampleLoads keeps the config example in the README valid.
func TestReadmeExampleLoads(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, found := strings.Cut(string(readme), "### Config file")
	if !found {
		t.Fatal(`README has no "### Config file" section`)
	}
	_, rest, found = strings.Cut(rest, "```toml\n")
	if !found {
		t.Fatal("the README config section has no TOML example")
	}
	example, _, _ := strings.Cut(rest, "```")

	f, err := Load(writeConfig(t, TOMLName, example, 0o600))
	if err != nil {
		t.Fatalf("README example does not load: %v", err)
	}
	if f.DefaultProfile == "" || len(f.Profiles) < 2 {
		t.Errorf("README example loaded as %d profiles, default %q; want several and a default", len(f.Profiles), f.DefaultProfile)
	}
	if !f.Profiles["local"].Local {
		t.Error(`README example profile "local" is not local`)
	}
}
