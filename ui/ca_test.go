package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestCAScreenShowsAndSavesChain(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	dir := t.TempDir()

	ctx := context.Background()
	token, err := cl.CA.Token(ctx)
	if err != nil {
		t.Fatalf("CA token: %v", err)
	}
	chain, err := cl.CA.Download(ctx, token)
	if err != nil {
		t.Fatalf("CA download: %v", err)
	}
	issuing := chain.Certificates[0]

	c := startConsole(t, Options{Client: cl, DownloadDir: dir})
	c.waitFor("Domains", "a CA chain")
	c.press("a")
	c.waitFor("CA chain of the service", "1. issuing CA", "root CA", colonHex(issuing.SerialNumber.Bytes()), "CA: yes")

	// The first save writes ca.pem with the chain's PEM.
	c.press("d")
	c.waitFor("Save the CA chain", dir)
	c.press("enter")
	c.waitFor("Saved the CA chain to " + filepath.Join(dir, "ca.pem"))

	path := filepath.Join(dir, "ca.pem")
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read ca.pem: %v", err)
	}
	if !bytes.Equal(saved, chain.PEM) {
		t.Errorf("ca.pem differs from the downloaded chain:\n%s", saved)
	}

	// A second save requests confirmation, and N keeps the existing file.
	if err := os.WriteFile(path, []byte("operator's file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.press("d")
	c.waitFor("Save the CA chain")
	c.press("enter")
	c.waitFor("ca.pem already exists in", "Overwrite it?")
	c.press("N")
	c.waitFor("CA chain of the service")
	if got, _ := os.ReadFile(path); string(got) != "operator's file\n" {
		t.Errorf("N replaced ca.pem with:\n%s", got)
	}

	// y overwrites it.
	c.press("d")
	c.waitFor("Save the CA chain")
	c.press("enter")
	c.waitFor("Overwrite it?")
	c.press("y")
	c.waitFor("Saved the CA chain to")
	if got, _ := os.ReadFile(path); !bytes.Equal(got, chain.PEM) {
		t.Errorf("y left ca.pem as:\n%s", got)
	}

	// esc returns to the domains.
	c.press("esc")
	c.waitFor("Domains")
}
