package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// requireFolderPromptFits fails the test when a line of the screen is wider
// than the terminal, or when the input line lacks the dialog's right border
// or the end of folder, where the cursor starts.
func requireFolderPromptFits(t *testing.T, where, screen, folder string, width int) {
	t.Helper()
	for _, line := range strings.Split(screen, "\n") {
		if w := lipgloss.Width(line); w > width {
			t.Errorf("%s: a line is %d cells wide on a %d-cell terminal: %q", where, w, width, line)
		}
	}

	line := strings.TrimRight(promptLine(screen), " ")
	if !strings.HasSuffix(line, "│") {
		t.Errorf("%s: the input line has no right border: %q", where, line)
	}
	if tail := folder[len(folder)-8:]; !strings.Contains(line, tail) {
		t.Errorf("%s: the input line does not show the folder's end %q: %q", where, tail, line)
	}
}

func TestFolderPromptFitsLongStartFolder(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "cvm-wide")
	base := t.TempDir()

	for _, length := range []int{66, 200} {
		// The prompt opens pre-filled with --download-dir, as it does with
		// the folder of the last save.
		folder := filepath.Join(base, strings.Repeat("f", length-len(base)-6)) + "/tail"
		if len(folder) != length {
			t.Fatalf("test folder is %d characters, want %d", len(folder), length)
		}

		for _, size := range [][2]int{{60, 15}, {120, 35}, {200, 50}} {
			where := fmt.Sprintf("%d-character folder at %dx%d", length, size[0], size[1])
			t.Run(where, func(t *testing.T) {
				c := startConsole(t, Options{Client: cl, DownloadDir: folder})
				c.waitFor("Domains", "default")
				c.tm.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				c.press("enter")
				c.waitFor("cvm-wide")

				c.press("d")
				screen := c.waitFor("Download bundle", "> ")
				requireFolderPromptFits(t, "download prompt", screen, folder, size[0])

				c.press("esc", "esc")
				c.waitFor("Domains")
				c.press("a")
				// The title shows while the chain downloads, and d waits
				// for the chain, so wait for its first certificate.
				c.waitFor("CA chain of the service", "issuing CA")
				c.press("d")
				screen = c.waitFor("Save the CA chain", "> ")
				requireFolderPromptFits(t, "CA chain prompt", screen, folder, size[0])
			})
		}
	}
}
