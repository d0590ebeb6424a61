package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadThemeAndColors(t *testing.T) {
	toml := writeConfig(t, "config.toml", `
[profiles.work]
url = "https://certs.example.com/certs"
theme = "high-contrast"
colors = { accent = "#FF8800", danger = "196" }
`, 0o600)
	yaml := writeConfig(t, "config.yaml", `
profiles:
  work:
    url: https://certs.example.com/certs
    theme: high-contrast
    colors:
      accent: "#FF8800"
      danger: "196"
`, 0o600)

	want := map[string]string{"accent": "#FF8800", "danger": "196"}
	for _, path := range []string{toml, yaml} {
		file, err := Load(path)
		if err != nil {
			t.Fatalf("load %s: %v", path, err)
		}
		p := file.Profiles["work"]
		if p.Theme != "high-contrast" {
			t.Errorf("%s: theme %q, want high-contrast", path, p.Theme)
		}
		if diff := cmp.Diff(want, p.Colors); diff != "" {
			t.Errorf("%s: colors differ (-want +got):\n%s", path, diff)
		}
	}
}

func TestLoadThemeErrorsNameKey(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"[profiles.work]\nlocal = true\ntheme = \"neon\"\n", []string{"line 3", "profiles.work.theme", `unknown theme "neon"`, "high-contrast"}},
		{"[profiles.work]\nlocal = true\ncolors = { accent = \"blue\" }\n", []string{"line 3", "profiles.work.colors", `invalid colour "blue"`}},
		{"[profiles.work]\nlocal = true\ncolors = { acent = \"#fff\" }\n", []string{"profiles.work.colors", `unknown colour role "acent"`, "accent"}},
		{"[profiles.work]\nlocal = true\ncolors = \"#fff\"\n", []string{"profiles.work.colors", "must be a table of role colours"}},
		{"[profiles.work]\nlocal = true\ncolors = { accent = 5 }\n", []string{"colour of role accent must be text in quotes"}},
	}
	for _, tc := range cases {
		_, err := Load(writeConfig(t, "config.toml", tc.text, 0o600))
		if err == nil {
			t.Errorf("Load accepted:\n%s", tc.text)
			continue
		}
		for _, part := range tc.want {
			if !strings.Contains(err.Error(), part) {
				t.Errorf("error %q does not contain %q", err, part)
			}
		}
	}
}
