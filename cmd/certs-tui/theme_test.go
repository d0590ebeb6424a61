package main

import (
	"testing"

	"github.com/certs-tui/certs-tui/theme"
)

func TestSettingsThemeFromProfileAndFlag(t *testing.T) {
	env := testEnvironment(t, nil)
	writeTestConfig(t, env, `
default_profile = "lab"

[profiles.lab]
local = true
theme = "high-contrast"
colors = { accent = "#FF8800" }
`)

	s, err := resolve(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if s.theme.Name != theme.HighContrastName || s.theme.Colors["accent"] != "#FF8800" {
		t.Errorf("theme = %+v, want the profile's high-contrast with accent #FF8800", s.theme)
	}

	// --theme replaces the name and keeps the profile's colour overrides.
	s, err = resolve(t, env, "--theme", "default")
	if err != nil {
		t.Fatal(err)
	}
	if s.theme.Name != theme.DefaultName || s.theme.Colors["accent"] != "#FF8800" {
		t.Errorf("theme = %+v, want default with accent #FF8800", s.theme)
	}

	_, err = resolve(t, env, "--theme", "neon")
	requireErrorContains(t, err, "--theme", `unknown theme "neon"`, "high-contrast")
}
