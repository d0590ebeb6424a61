package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// longFolder returns a folder under base whose path is at least 200
// characters long, made of segments without spaces or hyphens, so the
// dialogs must break it inside words.
func longFolder(base string) string {
	dir := base
	for len(dir) < 200 {
		dir = filepath.Join(dir, "segment0123456789abcdefghijklmnopqrstuvwxyz")
	}
	return dir
}

// smallDialogs open, at 60x15, each y/N question about a long folder or a
// long entity ID.
var smallDialogs = map[string]func(a *App){
	"download overwrite": func(a *App) {
		a.openDialog(newOverwriteDialog(a.c, actionDoneMsg{action: action{kind: actionDownload, serial: "42", entity: "cvm-02", dir: longFolder("/tmp")}}))
	},
	"CA chain overwrite": func(a *App) {
		d := newCASaveDialog(a.c, client.CAChain{})
		d.askOverwrite(longFolder("/tmp"))
		a.openDialog(d)
	},
	"renew": func(a *App) {
		a.openDialog(newConfirmDialog(a.c, confirmRenew, testDomain.ID, rowForIDs("264711983154091325476437129881012547012", strings.Repeat("e", 120)+"-endmark")))
	},
	"revoke": func(a *App) {
		a.openDialog(newConfirmDialog(a.c, confirmRevoke, testDomain.ID, rowForIDs("264711983154091325476437129881012547012", strings.Repeat("e", 120)+"-endmark")))
	},
}

func TestConfirmDialogsFitAt60x15(t *testing.T) {
	for name, open := range smallDialogs {
		a := newTestApp(t, Options{})
		feed(a, tea.WindowSizeMsg{Width: 60, Height: 15})
		openTestDomain(a, testCertificates(), 4)
		open(a)

		view := a.dialog.View()
		if w := lipgloss.Width(view); w > 58 {
			t.Errorf("%s: dialog is %d wide, want at most 58", name, w)
		}
		if h := lipgloss.Height(view); h > a.bodyHeight() {
			t.Errorf("%s: dialog is %d rows tall, the body has %d", name, h, a.bodyHeight())
		}

		// The keys and the bottom border show. A dialog that scrolls
		// names its scroll keys on the position line; the CA chain
		// question fits once its blank rows are dropped.
		screen := screenText(a)
		wants := []string{"N", "keep the file", "╰", "rows 1–", "↑/↓ scroll"}
		switch name {
		case "renew", "revoke":
			wants[1] = "cancel"
		case "CA chain overwrite":
			wants = wants[:3]
		}
		title := map[string]string{
			"download overwrite": "Files exist",
			"CA chain overwrite": "File exists",
			"renew":              "Renew certificate",
			"revoke":             "Revoke certificate",
		}[name]
		for _, want := range append(wants, title) {
			if !strings.Contains(screen, want) {
				t.Errorf("%s: the dialog at 60x15 does not show %q:\n%s", name, want, screen)
			}
		}

		// down scrolls to the last row of the question, keeping the title
		// and the keys.
		last := map[string]string{
			"download overwrite": "Overwrite cert.pem, key.pem and ca.pem?",
			"CA chain overwrite": "Overwrite it?",
			"renew":              "until it expires.",
			"revoke":             "Reason (←/→): unspecified",
		}[name]
		for range 20 {
			feed(a, keyPress("down"))
		}
		screen = screenText(a)
		if !strings.Contains(screenWords(screen), last) || !strings.Contains(screen, "╰") || !strings.Contains(screen, title) {
			t.Errorf("%s: down does not scroll to %q above the keys:\n%s", name, last, screen)
		}
		if a.dialog == nil {
			t.Errorf("%s: scrolling closed the dialog", name)
		}
	}
}

func TestOverwriteLongFolderAt60x15(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-long-folder")
	dir := longFolder(t.TempDir())
	c := startConsole(t, Options{Client: cl, DownloadDir: dir})
	c.waitFor("default")
	c.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	c.press("enter")
	c.waitFor("cvm-long-folder")

	c.press("d")
	c.waitFor("Download bundle")
	c.press("enter")
	c.waitFor("Saved cert.pem")
	folder := filepath.Join(dir, client.BundleFolderName("cvm-long-folder", cert.SerialNumber))
	before, err := os.Stat(filepath.Join(folder, "key.pem"))
	if err != nil {
		t.Fatal(err)
	}

	// The second save finds the files. The question fits, with its keys.
	c.press("d")
	c.waitFor("Download bundle")
	c.press("enter")
	screen := c.waitFor("Files exist", "y overwrite", "N keep the files", "╰", "↑/↓ scroll")
	if strings.Count(screen, "\n") > 15 {
		t.Fatalf("the screen is not 15 rows tall:\n%s", screen)
	}
	c.press("down", "down", "down", "down", "down", "down", "down", "down")
	c.waitUntil("the last row of the question", func(screen string) bool {
		return strings.Contains(screen, "Overwrite cert.pem, key.pem and ca.pem?") && strings.Contains(screen, "y overwrite")
	})

	c.press("y")
	c.waitUntil("the overwritten bundle", func(string) bool {
		after, err := os.Stat(filepath.Join(folder, "key.pem"))
		return err == nil && !after.ModTime().Equal(before.ModTime())
	})
	checkBundle(t, folder, cert.SerialNumber)
}
