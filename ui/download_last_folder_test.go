package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// replaceFolder clears the open folder prompt and types folder into it.
func (c *console) replaceFolder(folder string) {
	c.press("ctrl+a", "ctrl+k")
	c.typeText(folder)
}

// promptLine returns the screen line of the folder input.
func promptLine(screen string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "> ") {
			return line
		}
	}
	return ""
}

func TestFolderPromptStartsFromLastSave(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "cvm-last")

	base := t.TempDir()
	start, second, third := filepath.Join(base, "start"), filepath.Join(base, "second"), filepath.Join(base, "third")
	blocker := filepath.Join(base, "file")
	if err := os.WriteFile(blocker, []byte("not a folder\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	c := startConsole(t, Options{Client: cl, DownloadDir: start})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("cvm-last")

	// The first prompt starts from --download-dir; the bundle goes elsewhere.
	c.press("d")
	screen := c.waitFor("Download bundle")
	if line := promptLine(screen); !strings.Contains(line, "/start") {
		t.Fatalf("the first prompt shows %q, want the download dir %s", line, start)
	}
	c.replaceFolder(second)
	c.press("enter")
	c.waitFor("Saved cert.pem")

	// The next prompt starts from the folder of that save.
	c.press("d")
	screen = c.waitFor("Download bundle")
	if line := promptLine(screen); !strings.Contains(line, "/second") {
		t.Errorf("after a save in %s the prompt shows %q", second, line)
	}

	// A failed save does not change it.
	c.replaceFolder(filepath.Join(blocker, "sub"))
	c.press("enter")
	c.waitFor("Download failed")
	c.press("d")
	screen = c.waitFor("Download bundle")
	if line := promptLine(screen); !strings.Contains(line, "/second") {
		t.Errorf("after a failed save the prompt shows %q, want %s", line, second)
	}
	c.press("esc")

	// The CA chain prompt starts from the same folder, and its save counts too.
	c.press("esc")
	c.waitFor("Domains")
	c.press("a")
	c.waitFor("CA chain of the service", "issuing CA") // d needs the chain
	c.press("d")
	screen = c.waitFor("Save the CA chain")
	if line := promptLine(screen); !strings.Contains(line, "/second") {
		t.Errorf("the CA chain prompt shows %q, want %s", line, second)
	}
	c.replaceFolder(third)
	c.press("enter")
	c.waitFor("Saved the CA chain to " + filepath.Join(third, "ca.pem"))

	c.press("esc")
	c.waitFor("Domains")
	c.press("enter")
	c.waitFor("cvm-last")
	c.press("d")
	screen = c.waitFor("Download bundle")
	if line := promptLine(screen); !strings.Contains(line, "/third") {
		t.Errorf("after the CA chain save in %s the bundle prompt shows %q", third, line)
	}
}
