package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestIssueFormEscapesInvisibleInput(t *testing.T) {
	c, cl, srv := openIssueForm(t)

	// A typed bidi override and a pasted zero-width space show as escapes.
	c.typeText("cvm\u202eab")
	c.tm.Send(tea.PasteMsg{Content: "x\u200by"})
	screen := c.waitFor("cvm<U+202E>abx<U+200B>y")
	for _, raw := range []string{"\u202e", "\u200b"} {
		if strings.Contains(screen, raw) {
			t.Errorf("the form draws %+q raw:\n%s", raw, screen)
		}
	}
	if !strings.Contains(screen, "Delete the invisible U+202E") {
		t.Errorf("the form does not say at once that the service rejects U+202E:\n%s", screen)
	}

	// Enter names the first rejected character, and nothing is sent.
	c.press("enter")
	// The message quotes the value as the field draws it.
	c.waitForWords(`entity ID "cvm<U+202E>abx<U+200B>y" contains the invisible character U+202E`)
	if page := listAll(t, cl, srv.DomainID); page.Total != 0 {
		t.Errorf("server lists %d certificates, want 0", page.Total)
	}
}

func TestIssueFormShowsLookalikeSpace(t *testing.T) {
	c, cl, srv := openIssueForm(t)

	// The server accepts a no-break space in an entity ID, so the form
	// sends it, and shows it as the escape the list shows it as later.
	c.typeText("nb\u00a0space")
	screen := c.waitFor("nb<U+00A0>space")
	if strings.Contains(screen, "\u00a0") {
		t.Errorf("the form draws U+00A0 raw:\n%s", screen)
	}
	c.press("enter")
	c.waitFor("Issued serial", "nb<U+00A0>space")

	page := listAll(t, cl, srv.DomainID)
	if page.Total != 1 || page.Certificates[0].EntityID != "nb\u00a0space" {
		t.Errorf("server lists %+v, want one certificate of entity %+q", page.Certificates, "nb\u00a0space")
	}
}

func TestEscapedInputKeepsCursorInView(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("i"))
	d := a.dialog.(*issueDialog)
	d.entityID.SetWidth(20)

	value := strings.Repeat("a\u200b", 10) + "-end"
	typeText(a, value)
	view := ansi.Strip(d.inputView(fieldEntityID))
	if w := lipgloss.Width(view); w != 21 {
		t.Errorf("input view is %d cells wide, want 21 (the width and the cursor): %q", w, view)
	}
	if !strings.Contains(view, "-end") {
		t.Errorf("with the cursor at the end, the input does not show the end of the value: %q", view)
	}

	feed(a, tea.KeyPressMsg{Code: tea.KeyHome})
	view = ansi.Strip(d.inputView(fieldEntityID))
	if !strings.HasPrefix(view, "a<U+200B>a") {
		t.Errorf("with the cursor at the start, the input does not show the start of the value: %q", view)
	}
	if d.entityID.Value() != value {
		t.Errorf("the value is %+q, want %+q: escapes are only drawn", d.entityID.Value(), value)
	}
}
