package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestResolveFolderExpandsHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)

	cases := []struct {
		text, want string
	}{
		{"~", home},
		{"~/", home},
		{"~/certs/x", filepath.Join(home, "certs", "x")},
		{" ~/certs ", filepath.Join(home, "certs")},
		{"./a/../b", "b"},
		{"/tmp/x~", "/tmp/x~"},
		{"a/~/b", "a/~/b"},
	}
	for _, tc := range cases {
		got, err := resolveFolder(tc.text)
		if err != nil {
			t.Errorf("resolveFolder(%q) failed: %v", tc.text, err)
			continue
		}
		if got != tc.want {
			t.Errorf("resolveFolder(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestResolveFolderRejects(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	for _, text := range []string{"", "   ", "~alice/certs"} {
		if got, err := resolveFolder(text); err == nil {
			t.Errorf("resolveFolder(%q) = %q, want an error", text, got)
		}
	}
}

func TestDownloadTildeFolder(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-home")

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("cvm-home")
	c.press("d")
	c.waitFor("Download bundle")
	c.press("backspace")
	c.typeText("~/bundles")
	c.press("enter")
	screen := c.waitFor("Saved cert.pem")
	if !strings.Contains(screen, home) {
		t.Errorf("the saved message does not name the home folder %s:\n%s", home, screen)
	}

	checkBundle(t, filepath.Join(home, "bundles", client.BundleFolderName("cvm-home", cert.SerialNumber)), cert.SerialNumber)
}
