//go:build unix

package ui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestDownloadTightensOpenFolder(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-open")

	// An earlier bundle folder of this certificate that others may enter.
	dir := t.TempDir()
	folder := filepath.Join(dir, client.BundleFolderName("cvm-open", cert.SerialNumber))
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(folder, 0o755); err != nil {
		t.Fatal(err)
	}

	c := startConsole(t, Options{Client: cl, DownloadDir: dir})
	c.waitFor("default")
	c.press("enter")
	c.waitFor("cvm-open")
	c.press("d")
	c.waitFor("Download bundle")
	c.press("enter")
	c.waitFor("Changed the folder's mode from 0755 to 0700, so only you can open it, and saved cert.pem")

	info, err := os.Stat(folder)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o700 {
		t.Errorf("bundle folder mode = %v after the download, want 0700", mode)
	}
	checkBundle(t, folder, cert.SerialNumber)
}
