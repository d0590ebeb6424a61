package config

import (
	"strings"
	"testing"
)

func TestLoadUsersURL(t *testing.T) {
	file, err := Load(writeConfig(t, "config.toml", "[profiles.work]\nurl = \"https://certs.example.com/certs\"\nusers_url = \"https://users.example.com\"\n", 0o600))
	if err != nil {
		t.Fatal(err)
	}
	if got := file.Profiles["work"].UsersURL; got != "https://users.example.com" {
		t.Errorf("UsersURL = %q, want https://users.example.com", got)
	}

	cases := map[string]string{
		"[profiles.lab]\nlocal = true\nusers_url = \"https://users.example.com\"\n":       "profiles.lab.users_url",
		"[profiles.work]\nurl = \"https://c.example.com\"\nusers_url = \"ftp://users\"\n": "profiles.work.users_url",
	}
	for text, key := range cases {
		_, err := Load(writeConfig(t, "config.toml", text, 0o600))
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("Load(%q) = %v, want an error naming %s", text, err, key)
		}
	}
}
