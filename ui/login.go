package ui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// loginDoneMsg is the result of a login through the users service.
type loginDoneMsg struct {
	username string
	tokens   client.Tokens
	err      error
}

// tokensStoredMsg is the result of storing the tokens on disk.
type tokensStoredMsg struct {
	path string
	err  error
}

// loginKeys are the keys of the login form.
type loginKeys struct {
	Next   key.Binding
	Submit key.Binding
	Cancel key.Binding
}

// loginDialog is the form for the username and password of the users
// service. The password field shows a mask, never the typed characters.
type loginDialog struct {
	c        *Common
	width    int
	username textinput.Model
	password textinput.Model
	keys     loginKeys
	busy     bool
	errText  string
	frame    dialogFrame
}

func newLoginDialog(c *Common) *loginDialog {
	username := textinput.New()
	username.SetStyles(c.Styles.Input)
	username.Prompt = "Username: "
	username.CharLimit = 256
	username.Focus()

	password := textinput.New()
	password.SetStyles(c.Styles.Input)
	password.Prompt = "Password: "
	password.CharLimit = 1024
	password.EchoMode = textinput.EchoPassword
	password.EchoCharacter = '•'

	return &loginDialog{
		c: c, username: username, password: password,
		keys: loginKeys{
			Next:   key.NewBinding(key.WithKeys("tab", "shift+tab", "up", "down"), key.WithHelp("tab", "next field")),
			Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "log in")),
			Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		},
	}
}

// SetSize sets the room the dialog may use.
func (d *loginDialog) SetSize(width, height int) {
	d.width, d.frame.height = width, height
	w := max(min(width-24, 40), 10)
	d.username.SetWidth(w)
	d.password.SetWidth(w)
}

// Update edits the fields, logs in on enter, or cancels.
func (d *loginDialog) Update(msg tea.Msg) tea.Cmd {
	if done, ok := msg.(loginDoneMsg); ok {
		return d.handleDone(done)
	}

	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && key.Matches(k, d.keys.Cancel):
		return d.c.nav.loginCancelled()
	case d.busy:
		return nil
	case isKey && key.Matches(k, d.keys.Next):
		return d.toggleFocus()
	case isKey && key.Matches(k, d.keys.Submit):
		if d.username.Focused() {
			return d.toggleFocus()
		}
		return d.submit()
	}

	// A pasted line break must not submit, so pastes go to the field as text.
	var cmd tea.Cmd
	if d.username.Focused() {
		d.username, cmd = d.username.Update(msg)
	} else {
		d.password, cmd = d.password.Update(msg)
	}
	return cmd
}

func (d *loginDialog) toggleFocus() tea.Cmd {
	if d.username.Focused() {
		d.username.Blur()
		return d.password.Focus()
	}
	d.password.Blur()
	return d.username.Focus()
}

// submit checks the fields and starts the login.
func (d *loginDialog) submit() tea.Cmd {
	username := strings.TrimSpace(d.username.Value())
	switch {
	case username == "":
		d.errText = "The username is missing; type the username of the users service"
		d.password.Blur()
		return d.username.Focus()
	case d.password.Value() == "":
		d.errText = "The password is missing; type it in the password field"
		return nil
	}

	d.busy, d.errText = true, ""
	return loginCmd(d.c.Ctx, d.c.Client, username, d.password.Value())
}

// handleDone closes the form after a login, or shows why it failed and
// clears the password.
func (d *loginDialog) handleDone(msg loginDoneMsg) tea.Cmd {
	d.busy = false
	d.password.SetValue("")
	if msg.err != nil {
		d.c.Logger.Warn("login failed", "username", msg.username, "err", msg.err)
		d.errText = describeLoginError(msg.err)
		return nil
	}
	return d.c.nav.loggedIn(msg.username)
}

// describeLoginError words a failed login. A 401 from the users service
// means the username or password is wrong, unlike a 401 from the certs
// service, where the bearer token is missing or expired.
func describeLoginError(err error) string {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrUnauthorized) {
		return describeError("Login", err)
	}

	text := "Login failed: 401: the username or password is wrong; type them again"
	if apiErr.Message != "" {
		text += ": server: " + sanitize.Text(apiErr.Message)
	}
	return text
}

// loginCmd logs in; the client keeps the tokens.
func loginCmd(parent context.Context, cl *client.Client, username, password string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		tokens, err := cl.Users.Login(ctx, username, password)
		return loginDoneMsg{username: username, tokens: tokens, err: err}
	}
}

// View draws the form.
func (d *loginDialog) View() string {
	st := d.c.Styles
	w := dialogTextWidth(d.width)
	lines := []string{
		st.Title.Render("Log in"),
		"",
		st.Text.Width(w).Render("Users service " + sanitize.Text(d.c.Opts.UsersURL)),
		"",
		d.username.View(),
		d.password.View(),
		"",
	}
	switch {
	case d.busy:
		lines = append(lines, st.Muted.Render("Logging in…"))
	case d.errText != "":
		lines = append(lines, st.FieldError.Width(w).Render(d.errText))
	default:
		lines = append(lines, st.Muted.Width(w).Render("The tokens stay in memory unless you agree to store them."))
	}
	d.frame.muted = st.Muted
	return d.frame.render(st.Dialog, lines, nil)
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *loginDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Next, d.keys.Submit, d.keys.Cancel}
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *loginDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// storeTokensDialog is the question whether to keep the tokens on disk for
// the next start.
type storeTokensDialog struct {
	c      *Common
	width  int
	tokens client.Tokens
	keys   confirmKeys
}

func newStoreTokensDialog(c *Common, tokens client.Tokens) *storeTokensDialog {
	return &storeTokensDialog{c: c, tokens: tokens, keys: newConfirmKeys(confirmRenew)}
}

// SetSize sets the room the dialog may use.
func (d *storeTokensDialog) SetSize(width, _ int) { d.width = width }

// Update stores the tokens on y and keeps them in memory only on N.
func (d *storeTokensDialog) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case ok && key.Matches(k, d.keys.Yes):
		d.c.nav.closeDialog()
		return storeTokensCmd(d.c.Opts.StoreTokens, d.tokens)
	case ok && key.Matches(k, d.keys.No):
		d.c.nav.closeDialog()
		return d.c.status.set(levelInfo, "The tokens stay in memory only")
	}
	return nil
}

// storeTokensCmd writes the tokens through the hook, which may touch disk.
func storeTokensCmd(store func(client.Tokens) (string, error), tokens client.Tokens) tea.Cmd {
	return func() tea.Msg {
		path, err := store(tokens)
		return tokensStoredMsg{path: path, err: err}
	}
}

// View draws the question.
func (d *storeTokensDialog) View() string {
	st := d.c.Styles
	w := dialogTextWidth(d.width)
	lines := []string{
		st.Title.Render("Store the tokens?"),
		"",
		st.Text.Width(w).Render("Keep the access and refresh tokens in a file only you can read (mode 0600) in the config folder, so the next start needs no login? Refreshed tokens replace them there."),
		"",
		st.Key.Render("y") + st.Text.Render(" store   ") + st.Key.Render("N") + st.Text.Render(" memory only"),
	}
	return st.Dialog.Render(strings.Join(lines, "\n"))
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *storeTokensDialog) ShortHelp() []key.Binding { return []key.Binding{d.keys.Yes, d.keys.No} }

// FullHelp lists the dialog's keys for the help overlay.
func (d *storeTokensDialog) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
