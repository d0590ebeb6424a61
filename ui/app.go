package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/theme"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// Smallest terminal the console draws into. Below it, a notice requests a larger window.
const (
	minWidth  = 60
	minHeight = 15
)

// footerHeight is the status line plus the hint bar.
const footerHeight = 2

// App is the console's root model: a thin router between screens. It owns the
// shared state, shows the active page (domains or certificates) with at most
// one dialog over it, and keeps the header, status line and hint bar.
type App struct {
	c      *Common
	cancel context.CancelFunc

	domains    *domainsScreen
	certs      *certsScreen   // nil while the domains page shows
	details    *detailsScreen // one certificate over the list; nil when closed
	caPage     *caScreen      // the CA chain over any page; nil when closed
	expiry     *expiryScreen  // expiry overview over the list; nil when closed
	dialog     screen         // nil when no dialog is open
	showHelp   bool
	helpOffset int // first help line shown when the help is taller than the body
}

// New returns the console's root model. Run it with tea.NewProgram.
func New(opts Options) *App {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	ctx, cancel := context.WithCancel(context.Background())

	c := &Common{
		Ctx:    ctx,
		Styles: theme.NewChosen(true, opts.NoColor, opts.Theme),
		Keys:   DefaultKeyMap(opts.ReadOnly),
		Logger: logger,
		Client: opts.Client,
		Opts:   opts,
		Now:    now,
		tasks:  newTaskList(),
		status: &statusLine{},
	}
	a := &App{c: c, cancel: cancel, domains: newDomainsScreen(c)}
	c.nav = a
	return a
}

// Init requests the terminal's background colour, starts the clock that
// keeps status and time left current, and loads the domains, or opens the
// login form first when the client has no token yet.
func (a *App) Init() tea.Cmd {
	if a.c.Opts.NeedsLogin {
		return tea.Batch(tea.RequestBackgroundColor, a.startLogin(), clockTickCmd())
	}
	return tea.Batch(tea.RequestBackgroundColor, a.domains.Init(), a.c.scheduleRefresh(), clockTickCmd())
}

// active returns the screen that receives keys: the dialog, or the page.
func (a *App) active() screen {
	switch {
	case a.dialog != nil:
		return a.dialog
	case a.caPage != nil:
		return a.caPage
	case a.details != nil:
		return a.details
	case a.expiry != nil:
		return a.expiry
	case a.certs != nil:
		return a.certs
	}
	return a.domains
}

// page returns the page under any dialog.
func (a *App) page() screen {
	if a.caPage != nil {
		return a.caPage
	}
	if a.details != nil {
		return a.details
	}
	if a.expiry != nil {
		return a.expiry
	}
	if a.certs != nil {
		return a.certs
	}
	return a.domains
}

// Update routes a message: layout and theme here, keys to the active screen,
// results to the screen that asked for them.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.Width, a.c.Height = msg.Width, msg.Height
		a.resize()
		return a, nil
	case tea.BackgroundColorMsg:
		a.setTheme(msg.IsDark())
		return a, nil
	case clearStatusMsg:
		a.c.status.clear(msg)
		return a, nil
	case clockTickMsg:
		return a, a.handleClockTick()
	case spinner.TickMsg:
		return a, a.c.tasks.update(msg)
	case actionDoneMsg:
		return a, a.handleActionDone(msg)
	case tea.KeyPressMsg:
		return a, a.handleKey(msg)
	case domainsLoadedMsg:
		return a, a.domains.Update(msg)
	case detailsCertMsg, successorMsg, ocspMsg, caChainMsg:
		return a, a.routeDetails(msg)
	case caSavedMsg:
		return a, a.routeCA(msg)
	case expiryLoadedMsg:
		return a, a.routeExpiry(msg)
	case bulkResultMsg, bulkFinishedMsg:
		return a, a.routeBulk(msg)
	case profileSwitchedMsg:
		return a, a.applyProfile(msg)
	case loginDoneMsg, tokensStoredMsg, tokenRefreshTickMsg, tokenRefreshedMsg:
		return a, a.routeLogin(msg)
	case certPageMsg, entityProbeMsg, listExpiryMsg:
		if a.certs == nil {
			return a, nil
		}
		return a, a.certs.Update(msg)
	}

	// Anything else, such as the mouse wheel, pastes and cursor blinks, goes
	// to the dialog when one is open, and to the page otherwise.
	return a, a.active().Update(msg)
}

// handleKey routes a key. An error on the status line belongs to the page
// it was raised on, so it is dropped when the key opens another page.
func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	page, seq := a.page(), a.c.status.seq
	cmd := a.routeKey(msg)
	if a.page() != page && a.c.status.seq == seq {
		a.c.status.dropError()
	}
	return cmd
}

func (a *App) routeKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &a.c.Keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		a.cancel()
		return tea.Quit
	case a.tooSmall():
		if key.Matches(msg, k.Quit) {
			a.cancel()
			return tea.Quit
		}
		return nil
	case a.showHelp:
		switch {
		case key.Matches(msg, k.Help, k.Back):
			a.showHelp = false
		case key.Matches(msg, k.Move.Down):
			a.helpOffset++
		case key.Matches(msg, k.Move.Up):
			a.helpOffset = max(a.helpOffset-1, 0)
		}
		return nil
	case a.dialog == nil && !a.filtering() && key.Matches(msg, k.Help):
		a.showHelp = true
		a.helpOffset = 0
		return nil
	}
	if cmd, ok := a.handlePaletteKey(msg); ok {
		return cmd
	}

	cmd := a.active().Update(msg)
	return cmd
}

// openDomain shows the certificate list of a domain and starts loading it.
func (a *App) openDomain(domain client.Domain) tea.Cmd {
	a.certs = newCertsScreen(a.c, domain)
	a.resize()
	return a.certs.Init()
}

// back returns from the certificate list to the domains. Replies still on
// their way for the list are dropped when they arrive.
func (a *App) back() tea.Cmd {
	a.certs = nil
	a.details = nil
	a.expiry = nil
	return nil
}

// openDialog shows a dialog over the page.
func (a *App) openDialog(dialog screen) tea.Cmd {
	a.dialog = dialog
	a.resize()
	return nil
}

// closeDialog closes the dialog.
func (a *App) closeDialog() tea.Cmd {
	a.dialog = nil
	return nil
}

// filtering reports whether the filter prompt takes every typed key.
func (a *App) filtering() bool { return a.certs != nil && a.certs.filtering }

// handleActionDone ends the task, reports the outcome, and lets the list
// refresh. A refused save of existing files turns into the overwrite question.
func (a *App) handleActionDone(msg actionDoneMsg) tea.Cmd {
	a.c.tasks.finish(msg.task)
	kind := msg.action.kind
	log := a.c.Logger.With("action", kind.String(), "domain", msg.action.domainID, "serial", msg.action.serial, "entity", msg.action.entity)

	// The issue form shows its own request's error in full and stays open.
	if d, ok := a.dialog.(*issueDialog); ok && d.pending == msg.task {
		if d.finish(msg) {
			log.Warn("action failed", "err", msg.err)
			return nil
		}
		a.dialog = nil
	}

	var cmds []tea.Cmd
	switch {
	case msg.err == nil:
		// Issue and renew create a serial the action did not know.
		if msg.cert.SerialNumber != "" {
			log = log.With("new_serial", msg.cert.SerialNumber)
		}
		log.Info("action finished")
		if kind == actionDownload {
			a.c.rememberFolder(msg.action.dir)
		}
		cmds = append(cmds, a.c.status.set(levelSuccess, msg.successText()))
	case kind == actionDownload && errors.Is(msg.err, client.ErrExists) && msg.bundle != nil:
		log.Info("download found existing files", "dir", msg.action.dir)
		a.dialog = newOverwriteDialog(a.c, msg)
		a.resize()
		cmds = append(cmds, a.c.status.set(levelWarning, "The bundle files already exist in "+sanitize.Text(msg.action.dir)))
	default:
		log.Warn("action failed", "err", msg.err)
		verb := strings.ToUpper(kind.String()[:1]) + kind.String()[1:]
		cmds = append(cmds, a.c.status.set(levelError, describeError(verb, msg.err)))
	}

	if a.certs != nil {
		cmds = append(cmds, a.certs.Update(msg))
	}
	if a.details != nil {
		cmds = append(cmds, a.details.Update(msg))
	}
	if a.expiry != nil {
		cmds = append(cmds, a.expiry.Update(msg))
	}
	return tea.Batch(cmds...)
}

// setTheme rebuilds the styles for the reported background.
func (a *App) setTheme(isDark bool) {
	a.c.Styles = theme.NewChosen(isDark, a.c.Opts.NoColor, a.c.Opts.Theme)
	a.domains.restyle()
	if a.certs != nil {
		a.certs.restyle()
	}
	if a.details != nil {
		a.details.refreshContent()
	}
	if a.caPage != nil {
		a.caPage.refreshContent()
	}
	if a.expiry != nil {
		a.expiry.restyle()
	}
}

// resize gives the pages and the dialog the body area.
func (a *App) resize() {
	w, h := a.c.Width, a.bodyHeight()
	a.domains.SetSize(w, h)
	if a.certs != nil {
		a.certs.SetSize(w, h)
	}
	if a.details != nil {
		a.details.SetSize(w, h)
	}
	if a.caPage != nil {
		a.caPage.SetSize(w, h)
	}
	if a.expiry != nil {
		a.expiry.SetSize(w, h)
	}
	if a.dialog != nil {
		a.dialog.SetSize(w, h)
	}
}

func (a *App) bodyHeight() int {
	return max(a.c.Height-headerHeight-footerHeight, 1)
}

func (a *App) tooSmall() bool {
	return a.c.Width < minWidth || a.c.Height < minHeight
}

// View draws the header, the body with any dialog or help over it, the
// status line and the hint bar, in the alternate screen with the mouse on.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "certs-tui"
	return v
}

// render returns the frame's text.
func (a *App) render() string {
	w, h := a.c.Width, a.c.Height
	if w == 0 || h == 0 {
		return ""
	}
	if a.tooSmall() {
		notice := fmt.Sprintf("The terminal is %d×%d; certs-tui needs at least %d×%d. Enlarge the window, or press q to quit.",
			w, h, minWidth, minHeight)
		return a.c.Styles.Warning.Width(w).Render(notice)
	}

	body := fitLines(a.page().View(), w, a.bodyHeight())
	switch {
	case a.showHelp:
		body = fitLines(overlay(body, a.helpView(), w, a.bodyHeight()), w, a.bodyHeight())
	case a.dialog != nil:
		body = fitLines(overlay(body, a.dialog.View(), w, a.bodyHeight()), w, a.bodyHeight())
	}

	return a.viewHeader() + "\n" + body + "\n" + a.c.viewStatus(w) + "\n" + a.hintBar()
}

// fitLines cuts or pads text to exactly height lines of at most width cells.
func fitLines(s string, width, height int) string {
	lines := strings.SplitN(s, "\n", height+1)
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
