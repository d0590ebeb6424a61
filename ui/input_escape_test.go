package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// requireNoRaw fails the test when screen draws any of the characters raw.
func requireNoRaw(t *testing.T, where, screen string, chars ...string) {
	t.Helper()
	for _, raw := range chars {
		if strings.Contains(screen, raw) {
			t.Errorf("%s draws %+q raw:\n%s", where, raw, screen)
		}
	}
}

func TestDeleteConfirmEscapesInvisibleInput(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "cvm-del")
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("cvm-del")

	// A typed bidi override and a pasted zero-width space show as escapes.
	c.press("ctrl+d")
	c.waitFor("Type the entity ID to confirm")
	c.typeText("cvm\u202e-del")
	c.tm.Send(tea.PasteMsg{Content: "\u200b"})
	screen := c.waitFor("> cvm<U+202E>-del<U+200B>")
	requireNoRaw(t, "the delete confirmation", screen, "\u202e", "\u200b")

	// The text is not the entity ID, so enter deletes nothing.
	c.press("enter")
	c.waitFor("does not match the entity ID")
	if page := listAll(t, cl, srv.DomainID); page.Total != 1 {
		t.Fatalf("server lists %d certificates after a mismatch, want 1", page.Total)
	}
}

func TestDeleteConfirmShowsLookalikeSpace(t *testing.T) {
	// The server accepts a no-break space in an entity ID, and the list
	// draws it as an escape.
	entity := "nb\u00a0space"
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, entity)
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("nb<U+00A0>space")

	// The pasted ID shows as the list shows it, and it confirms.
	c.press("ctrl+d")
	c.waitFor("Type the entity ID to confirm")
	c.tm.Send(tea.PasteMsg{Content: entity})
	screen := c.waitFor("> nb<U+00A0>space")
	requireNoRaw(t, "the delete confirmation", screen, "\u00a0")

	c.press("enter")
	c.waitFor("Deleted the certificates of")
	if page := listAll(t, cl, srv.DomainID); page.Total != 0 {
		t.Errorf("server lists %d certificates after delete, want 0", page.Total)
	}
}

func TestFolderPromptEscapesInvisibleInput(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-folder")
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("cvm-folder")

	// A folder name with a zero-width space and a bidi override, which
	// would otherwise hide and reorder the end of the path.
	base := t.TempDir()
	folder := filepath.Join(base, "key\u200bs\u202edir")
	c.press("d")
	c.waitFor("Download bundle")
	c.replaceFolder(folder)
	screen := c.waitFor("key<U+200B>s<U+202E>dir")
	requireNoRaw(t, "the folder prompt", screen, "\u200b", "\u202e")

	// The escapes are only drawn: the bundle goes to the folder as typed.
	c.press("enter")
	c.waitFor("Saved cert.pem")
	checkBundle(t, filepath.Join(folder, client.BundleFolderName("cvm-folder", cert.SerialNumber)), cert.SerialNumber)
}

func TestEscapedInputViewDrawsPrompt(t *testing.T) {
	in := textinput.New()
	in.Prompt = "> "
	in.SetWidth(20)
	in.SetValue("a\u2066b")
	in.Focus()

	offset := 0
	view := ansi.Strip(escapedInputView(in, &offset))
	if !strings.HasPrefix(view, "> a<U+2066>b") {
		t.Errorf("view is %q, want the prompt and the value with its escape", view)
	}
	if w := lipgloss.Width(view); w != 23 {
		t.Errorf("view is %d cells wide, want 23 (the prompt, the width and the cursor): %q", w, view)
	}

	// Without an escape the input draws itself, at the same width.
	in.SetValue("ab")
	view = ansi.Strip(escapedInputView(in, &offset))
	if w := lipgloss.Width(view); w != 23 || !strings.HasPrefix(view, "> ab") {
		t.Errorf("plain view is %q, %d cells wide; want \"> ab\" and 23 cells", view, w)
	}
}
