package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui"
)

// scriptedModel is a root model for console tests: it quits, or panics in
// the place named by panicIn ("update" or "command").
type scriptedModel struct {
	panicIn string
}

type startMsg struct{}

func (m scriptedModel) Init() tea.Cmd {
	if m.panicIn == "command" {
		return func() tea.Msg { panic("boom in a command") }
	}
	return func() tea.Msg { return startMsg{} }
}

func (m scriptedModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(startMsg); ok {
		if m.panicIn == "update" {
			panic("boom in update")
		}
		return m, tea.Quit
	}
	return m, nil
}

func (m scriptedModel) View() tea.View { return tea.NewView("scripted") }

// newTestConsole returns a console on a remote URL that is never called,
// running model without a terminal.
func newTestConsole(t *testing.T, model tea.Model) (*console, string) {
	t.Helper()
	env := testEnvironment(t, nil)
	logPath := filepath.Join(env.stateHome, appName, appName+".log")
	s := settings{
		url:            "http://127.0.0.1:1",
		token:          "token-that-must-not-be-logged",
		logFile:        logPath,
		downloadDir:    env.workDir,
		expiringWithin: defaultExpiringWithin,
	}
	c := newConsole(s, env)
	c.newModel = func(ui.Options) tea.Model { return model }
	c.programOptions = []tea.ProgramOption{
		tea.WithInput(nil),
		tea.WithOutput(io.Discard),
		tea.WithoutSignalHandler(),
		tea.WithWindowSize(120, 40),
	}
	return c, logPath
}

func readLog(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestConsoleQuitLogsStartAndStop(t *testing.T) {
	c, logPath := newTestConsole(t, scriptedModel{})

	if err := c.run(); err != nil {
		t.Fatalf("run = %v; want nil after a clean quit", err)
	}

	text := readLog(t, logPath)
	for _, part := range []string{"console starting", "service=http://127.0.0.1:1", "console stopped"} {
		if !strings.Contains(text, part) {
			t.Errorf("log does not contain %q:\n%s", part, text)
		}
	}
	if strings.Contains(text, c.settings.token) {
		t.Error("the log contains the bearer token")
	}
}

func TestConsolePanicInUpdate(t *testing.T) {
	c, logPath := newTestConsole(t, scriptedModel{panicIn: "update"})

	err := c.run()
	requireErrorContains(t, err, "internal error", "boom in update", "stack trace is in "+logPath)

	text := readLog(t, logPath)
	for _, part := range []string{"console panicked", "method=Update", "boom in update", "scriptedModel.Update"} {
		if !strings.Contains(text, part) {
			t.Errorf("log does not contain %q:\n%s", part, text)
		}
	}
}

func TestConsolePanicInCommand(t *testing.T) {
	c, logPath := newTestConsole(t, scriptedModel{panicIn: "command"})

	err := c.run()
	requireErrorContains(t, err, "internal error", "boom in a command", "stack trace is in "+logPath)

	text := readLog(t, logPath)
	for _, part := range []string{"console panicked", "method=command", "boom in a command", "scriptedModel.Init.func"} {
		if !strings.Contains(text, part) {
			t.Errorf("log does not contain %q:\n%s", part, text)
		}
	}
}

func TestOpenLogCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", appName)
	path := filepath.Join(dir, appName+".log")

	log, err := openLog(path, true)
	if err != nil {
		t.Fatal(err)
	}
	log.logger.Info("hello", "key", "value")
	if err := log.Close(); err != nil {
		t.Fatal(err)
	}

	assertMode(t, dir, 0o700)
	assertMode(t, path, 0o600)
	if text := readLog(t, path); !strings.Contains(text, "msg=hello key=value") {
		t.Errorf("log = %q; want the record", text)
	}
}

func TestOpenLogNarrowsExistingModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), appName)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, appName+".log")
	if err := os.WriteFile(path, []byte("old line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}

	log, err := openLog(path, true)
	if err != nil {
		t.Fatal(err)
	}
	log.logger.Info("new line")
	_ = log.Close()

	assertMode(t, dir, 0o700)
	assertMode(t, path, 0o600)
	text := readLog(t, path)
	if !strings.HasPrefix(text, "old line\n") || !strings.Contains(text, "new line") {
		t.Errorf("log = %q; want the old line kept and the new one appended", text)
	}
}

func TestOpenLogLeavesChosenFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}

	log, err := openLog(filepath.Join(dir, "console.log"), false)
	if err != nil {
		t.Fatal(err)
	}
	_ = log.Close()

	assertMode(t, dir, 0o755)
	assertMode(t, filepath.Join(dir, "console.log"), 0o600)
}

func TestOpenLogRotatesLargeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "certs-tui.log")
	if err := os.WriteFile(path, make([]byte, maxLogSize+1), 0o600); err != nil {
		t.Fatal(err)
	}

	log, err := openLog(path, false)
	if err != nil {
		t.Fatal(err)
	}
	_ = log.Close()

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() != 0 {
		t.Errorf("log size after rotation = %d; want a fresh file", info.Size())
	}
	old, err := os.Stat(path + ".1")
	if err != nil {
		t.Fatalf("rotated log missing: %v", err)
	}
	if old.Size() != maxLogSize+1 {
		t.Errorf("rotated log size = %d; want %d", old.Size(), maxLogSize+1)
	}
}

func TestOpenLogUnwritableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders, so this check cannot fail as root")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })

	_, err := openLog(filepath.Join(dir, "x.log"), false)
	requireErrorContains(t, err, filepath.Join(dir, "x.log"), "--log-file")
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("mode of %s = %04o; want %04o", path, got, want)
	}
}

// commandModel runs one command at start and quits when the command
// returns tea.QuitMsg.
type commandModel struct {
	start tea.Cmd
}

func (m commandModel) Init() tea.Cmd { return m.start }

func (m commandModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.QuitMsg); ok {
		return m, tea.Quit
	}
	return m, nil
}

func (m commandModel) View() tea.View { return tea.NewView("running a command") }

type listResult struct {
	page client.DomainPage
	err  error
}

// listDomains returns a command that lists the domains through c, sends the
// result and quits.
func listDomains(c *client.Client, result chan<- listResult) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		page, err := c.Domains.List(ctx, 10, 0)
		result <- listResult{page, err}
		return tea.QuitMsg{}
	}
}

// getDomainsWithoutToken returns a command that calls the local server
// named in the log without a token, sends the response status (0 when there
// was no response) and quits.
func getDomainsWithoutToken(logPath string, status chan<- int) tea.Cmd {
	return func() tea.Msg {
		data, _ := os.ReadFile(logPath)
		match := localURLPattern.FindSubmatch(data)
		if match == nil {
			status <- 0
			return tea.QuitMsg{}
		}

		resp, err := http.Get(string(match[1]) + "/domains")
		if err != nil {
			status <- 0
			return tea.QuitMsg{}
		}
		resp.Body.Close()
		status <- resp.StatusCode
		return tea.QuitMsg{}
	}
}

var localURLPattern = regexp.MustCompile(`"local server started" url=(http://127\.0\.0\.1:\d+)`)

func TestConsoleLocalServer(t *testing.T) {
	c, logPath := newTestConsole(t, nil)
	c.settings = settings{
		local:          true,
		dataDir:        filepath.Join(t.TempDir(), "data"),
		logFile:        logPath,
		downloadDir:    c.env.workDir,
		expiringWithin: defaultExpiringWithin,
	}
	results := make(chan listResult, 1)
	var gotOpts ui.Options
	c.newModel = func(opts ui.Options) tea.Model {
		gotOpts = opts
		return commandModel{start: listDomains(opts.Client, results)}
	}

	if err := c.run(); err != nil {
		t.Fatalf("run = %v", err)
	}

	result := <-results
	if result.err != nil {
		t.Fatalf("listing domains through the local server: %v", result.err)
	}
	if len(result.page.Domains) != 1 || result.page.Domains[0].Name != "default" {
		t.Errorf("domains = %+v; want the one default domain of a fresh server", result.page.Domains)
	}
	if gotOpts.Service != "local" || gotOpts.ExpiringWithin != defaultExpiringWithin {
		t.Errorf("ui.Options Service = %q, ExpiringWithin = %v; want local and 14 days", gotOpts.Service, gotOpts.ExpiringWithin)
	}
	assertMode(t, c.settings.dataDir, 0o700)

	text := readLog(t, logPath)
	for _, part := range []string{"local server started", "local server stopped", "path=/domains status=200"} {
		if !strings.Contains(text, part) {
			t.Errorf("log does not contain %q:\n%s", part, text)
		}
	}

	// The server is gone after run, so its URL must refuse connections.
	match := localURLPattern.FindStringSubmatch(text)
	if match == nil {
		t.Fatalf("log does not name the local server URL:\n%s", text)
	}
	resp, err := http.Get(match[1] + "/health")
	if err == nil {
		resp.Body.Close()
		t.Errorf("GET %s/health after the console stopped = %s; want a refused connection", match[1], resp.Status)
	}
}

func TestConsoleLocalServerNeedsToken(t *testing.T) {
	c, logPath := newTestConsole(t, nil)
	c.settings = settings{
		local:          true,
		dataDir:        filepath.Join(t.TempDir(), "data"),
		logFile:        logPath,
		downloadDir:    c.env.workDir,
		expiringWithin: defaultExpiringWithin,
	}
	status := make(chan int, 1)
	c.newModel = func(ui.Options) tea.Model {
		return commandModel{start: getDomainsWithoutToken(logPath, status)}
	}

	if err := c.run(); err != nil {
		t.Fatalf("run = %v", err)
	}
	if got := <-status; got != http.StatusUnauthorized {
		t.Errorf("GET /domains without the run's token = %d; want 401", got)
	}
}

func TestConsoleQuitsWhenLocalServerStops(t *testing.T) {
	idle := commandModel{}
	c, logPath := newTestConsole(t, idle)
	log, err := openLog(logPath, true)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	local, err := serveLocalServer(listener, t.TempDir(), "test-token-of-32-characters-0000", log.logger)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = local.stop() }()

	// A closed listener ends Serve as a crashed server would, and the
	// console, which would otherwise wait for keys forever, must quit.
	_ = listener.Close()
	err = c.runProgram(idle, local, log)
	requireErrorContains(t, err, "the console closed because", "local server", logPath)
}
