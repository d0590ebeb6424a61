package ui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// enterFolder replaces the text of the open dialog's folder prompt and
// presses enter.
func enterFolder(a *App, folder string) {
	feed(a, keyPress("end"))
	for range 64 {
		feed(a, keyPress("backspace"))
	}
	typeText(a, folder)
	feed(a, keyPress("enter"))
}

func TestFolderErrorWrapsSmallTerminal(t *testing.T) {
	dialogs := map[string]func(a *App){
		"download": func(a *App) { feed(a, keyPress("d")) },
		"CA chain": func(a *App) { a.openDialog(newCASaveDialog(a.c, client.CAChain{})) },
	}
	for name, open := range dialogs {
		a := newTestApp(t, Options{})
		feed(a, tea.WindowSizeMsg{Width: 60, Height: 15})
		openTestDomain(a, testCertificates(), 4)
		open(a)
		if a.dialog == nil {
			t.Fatalf("%s: no dialog opened", name)
		}

		enterFolder(a, "~root/x")
		if a.dialog == nil {
			t.Fatalf("%s: the dialog closed on the folder ~root/x", name)
		}
		view := a.dialog.View()
		if w := lipgloss.Width(view); w > 58 {
			t.Errorf("%s: dialog is %d wide at 60 columns, want at most 58:\n%s", name, w, view)
		}
		if h := lipgloss.Height(view); h > a.bodyHeight() {
			t.Errorf("%s: dialog is %d rows tall, the body has %d:\n%s", name, h, a.bodyHeight(), view)
		}

		words := screenWords(screenText(a))
		for _, want := range []string{`folder "~root/x"`, "type the full path", "> ~root/x"} {
			if !strings.Contains(words, want) {
				t.Errorf("%s: the screen does not show %q:\n%s", name, want, screenText(a))
			}
		}
	}
}

func TestDownloadDialogDropsStaleStatus(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "cvm-status")
	dir := filepath.Join(t.TempDir(), "bundles")
	c := startConsole(t, Options{Client: cl, DownloadDir: dir})
	c.waitFor("default")
	c.press("enter")
	c.waitFor("cvm-status")

	c.press("d")
	c.waitFor("Download bundle")
	c.press("enter")
	c.waitFor("Saved cert.pem")

	// The next download opens on a clean status line and keeps it clean
	// while it shows its own folder error.
	c.press("d")
	screen := c.waitFor("Download bundle")
	if strings.Contains(screen, "Saved cert.pem") {
		t.Errorf("the status of the earlier download shows as the dialog opens:\n%s", screen)
	}
	c.press("end")
	for range len(dir) {
		c.press("backspace")
	}
	c.typeText("~root/x")
	c.press("enter")
	screen = c.waitFor(`folder "~root/x": only ~`)
	if strings.Contains(screen, "Saved cert.pem") {
		t.Errorf("the status of the earlier download shows under the folder error:\n%s", screen)
	}
}
