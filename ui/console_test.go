package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// screenWait is how long a test waits for a text on the screen. It is long
// because calls go to a real server and the race detector slows them down.
const screenWait = 15 * time.Second

// recordingApp wraps the App to keep the text of the last frame, so tests
// read the whole screen instead of the renderer's partial updates.
type recordingApp struct {
	*App
	mu   sync.Mutex
	last string
}

func (r *recordingApp) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := r.App.Update(msg)
	return r, cmd
}

func (r *recordingApp) View() tea.View {
	v := r.App.View()
	r.mu.Lock()
	r.last = ansi.Strip(v.Content)
	r.mu.Unlock()
	return v
}

func (r *recordingApp) screen() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// console is a running program under test.
type console struct {
	t   *testing.T
	tm  *teatest.TestModel
	app *recordingApp
}

func startConsole(t *testing.T, opts Options) *console {
	t.Helper()
	if opts.Service == "" {
		opts.Service = "local"
	}
	app := &recordingApp{App: New(opts)}
	tm := teatest.NewTestModel(t, app,
		teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	c := &console{t: t, tm: tm, app: app}
	t.Cleanup(func() {
		tm.Send(keyPress("ctrl+c"))
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return c
}

// waitFor waits until the screen contains every text and returns it. On
// timeout it fails the test with the whole last screen.
func (c *console) waitFor(texts ...string) string {
	c.t.Helper()
	deadline := time.Now().Add(screenWait)
	for {
		screen := c.app.screen()
		missing := ""
		for _, text := range texts {
			if !strings.Contains(screen, text) {
				missing = text
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("screen does not show %q after %s:\n%s", missing, screenWait, screen)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *console) press(keys ...string) {
	for _, k := range keys {
		c.tm.Send(keyPress(k))
	}
}

func (c *console) typeText(s string) { c.tm.Type(s) }

// newTestClient returns a client of the server with the given token.
func newTestClient(t *testing.T, url, token string) *client.Client {
	t.Helper()
	cl, err := client.New(client.Config{BaseURL: url, Token: token, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	return cl
}

// openIssueForm starts a console on a new local server and opens the issue
// form of its empty default domain.
func openIssueForm(t *testing.T) (*console, *client.Client, *servertest.Instance) {
	t.Helper()
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	return openIssueFormOn(t, cl), cl, srv
}

// openIssueFormOn starts the console with cl and opens the issue form of
// the default domain, which has no certificates yet.
func openIssueFormOn(t *testing.T, cl *client.Client) *console {
	t.Helper()
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("This domain has no certificates yet")
	c.press("i")
	c.waitFor("Issue a certificate")
	return c
}

// listAll returns every certificate of the domain through the client.
func listAll(t *testing.T, cl *client.Client, domainID string) client.CertificatePage {
	t.Helper()
	page, err := cl.Certs.List(context.Background(), domainID, client.ListOptions{Limit: 1000})
	if err != nil {
		t.Fatalf("list certificates: %v", err)
	}
	return page
}

// issueDirect issues a certificate through the client, for test set-up.
func issueDirect(t *testing.T, cl *client.Client, domainID, entity string) client.Certificate {
	t.Helper()
	cert, err := cl.Certs.Issue(context.Background(), domainID, client.IssueRequest{EntityType: "cvm", EntityID: entity, IPAddresses: []string{"10.1.2.3"}})
	if err != nil {
		t.Fatalf("issue %s: %v", entity, err)
	}
	return cert
}
