package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/certs-tui/certs-tui/client"
)

// fixedNow is the clock of the screen tests, so time left is stable.
var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func newTestApp(t *testing.T, opts Options) *App {
	t.Helper()
	opts.Now = func() time.Time { return fixedNow }
	if opts.Service == "" {
		opts.Service = "local"
	}
	a := New(opts)
	a.Init()
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return a
}

// feed sends messages to the app and drops the commands, so no call leaves
// the test; results are fed by hand.
func feed(a *App, msgs ...tea.Msg) {
	for _, m := range msgs {
		a.Update(m)
	}
}

func keyPress(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "ctrl+r":
		return tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func typeText(a *App, s string) {
	for _, r := range s {
		a.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func screenText(a *App) string { return ansi.Strip(a.View().Content) }

var testDomain = client.Domain{ID: "0b9a4f0e-6d7c-4a39-9f43-2f3a1c0d9e11", Name: "default", Alias: "main", Status: "enabled"}

func testCertificates() []client.Certificate {
	return []client.Certificate{
		{SerialNumber: "264711983154091325476437129881012547012", EntityID: "cvm-01", EntityType: "cvm", ExpiryTime: fixedNow.Add(90 * 24 * time.Hour)},
		{SerialNumber: "1187", EntityID: "backend-\x1b[31mred\x1b]0;pwned\x07", EntityType: "backend", ExpiryTime: fixedNow.Add(5 * 24 * time.Hour)},
		{SerialNumber: "99", EntityID: "計算-wide", EntityType: "computation", ExpiryTime: fixedNow.Add(-2 * 24 * time.Hour)},
		{SerialNumber: "42", EntityID: "cvm-02", EntityType: "cvm", Revoked: true, ExpiryTime: fixedNow.Add(200 * 24 * time.Hour)},
	}
}

func openTestDomain(a *App, certs []client.Certificate, total int) {
	a.openDomain(testDomain)
	feed(a,
		domainsLoadedMsg{gen: 1, domains: []client.Domain{testDomain}},
		certPageMsg{gen: 1, offset: 0, page: client.CertificatePage{Total: total, Limit: certPageSize, Certificates: certs}},
	)
}

func TestGoldenDomains(t *testing.T) {
	a := newTestApp(t, Options{Profile: "lab"})
	feed(a, domainsLoadedMsg{gen: 1, domains: []client.Domain{testDomain, {ID: "d2", Name: "staging\x1b[2J", Status: "enabled"}}})

	golden.RequireEqual(t, []byte(screenText(a)))
}

func TestGoldenCertificates(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)

	golden.RequireEqual(t, []byte(screenText(a)))
}

func TestGoldenIssueForm(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("i"))
	if a.dialog == nil {
		t.Fatal("i did not open the issue form")
	}
	typeText(a, "cvm-07")
	feed(a, keyPress("tab"), keyPress("right"), keyPress("tab"))
	typeText(a, "10.0.0.300")
	feed(a, keyPress("tab"))
	typeText(a, "api.example.com, *.example.com")
	feed(a, keyPress("enter"))

	golden.RequireEqual(t, []byte(screenText(a)))
}

func TestGoldenRevokeConfirm(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("x"), keyPress("right"))

	golden.RequireEqual(t, []byte(screenText(a)))
}

func TestGoldenHelp(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("?"))

	golden.RequireEqual(t, []byte(screenText(a)))
}

func TestGoldenEmptyDomain(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, nil, 0)

	golden.RequireEqual(t, []byte(screenText(a)))
}

func TestGoldenTooSmall(t *testing.T) {
	a := newTestApp(t, Options{})
	feed(a, tea.WindowSizeMsg{Width: 59, Height: 20})

	golden.RequireEqual(t, []byte(screenText(a)))
}

func TestGoldenCertificatesColour(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("j"))

	golden.RequireEqual(t, []byte(a.View().Content))
}
