package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestProfileSwitcherBuildsClient(t *testing.T) {
	first := servertest.Start(t)
	second := servertest.Start(t)

	env := testEnvironment(t, nil)
	configPath := writeTestConfig(t, env, fmt.Sprintf(`
default_profile = "one"

[profiles.one]
url = %q
token_file = "one.token"

[profiles.two]
url = %q
token_file = "two.token"
read_only = true

[profiles.lab]
local = true
data = "lab-data"
`, first.URL, second.URL))
	configDir := filepath.Dir(configPath)
	for name, token := range map[string]string{"one.token": first.Token, "two.token": second.Token} {
		if err := os.WriteFile(filepath.Join(configDir, name), []byte(token+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	fs := pflag.NewFlagSet("certs-tui", pflag.ContinueOnError)
	flags := &consoleFlags{}
	flags.register(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	p := newProfileSwitcher(fs, flags, env)
	p.attach(slog.New(slog.DiscardHandler), nil, "")

	names, err := p.names()
	if err != nil {
		t.Fatalf("names: %v", err)
	}
	if got := fmt.Sprint(names); got != "[lab one two]" {
		t.Errorf("names = %s, want [lab one two]", got)
	}

	opts, err := p.switchTo("two")
	if err != nil {
		t.Fatalf("switch to two: %v", err)
	}
	if opts.Profile != "two" || opts.Service != second.URL || !opts.ReadOnly {
		t.Errorf("options profile %q service %q read-only %t, want two, %s, true", opts.Profile, opts.Service, opts.ReadOnly, second.URL)
	}
	page, err := opts.Client.Domains.List(context.Background(), 10, 0)
	if err != nil {
		t.Fatalf("list domains through the switched client: %v", err)
	}
	if len(page.Domains) == 0 || page.Domains[0].ID != second.DomainID {
		t.Errorf("switched client lists %+v, want the second server's domain %s", page.Domains, second.DomainID)
	}

	_, err = p.switchTo("lab")
	requireErrorContains(t, err, "profile lab runs a local server", "restart with certs-tui --profile lab")

	_, err = p.switchTo("nowhere")
	requireErrorContains(t, err, "nowhere")

	// After failures the switcher still resolves a good profile.
	opts, err = p.switchTo("one")
	if err != nil {
		t.Fatalf("switch back to one: %v", err)
	}
	if opts.Service != first.URL || opts.ReadOnly {
		t.Errorf("options service %q read-only %t, want %s, false", opts.Service, opts.ReadOnly, first.URL)
	}
}
