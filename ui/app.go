package ui

import tea "charm.land/bubbletea/v2"

// App is the console's root model: a thin router between screens.
// TODO: skeleton; the screens are added with the console.
type App struct {
	opts Options
}

// New returns the console's root model.
func New(opts Options) *App { return &App{opts: opts} }

// Init starts the first load.
func (a *App) Init() tea.Cmd { return nil }

// Update routes a message to the active screen.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+c" {
		return a, tea.Quit
	}
	return a, nil
}

// View draws the active screen.
func (a *App) View() tea.View { return tea.NewView("certs-tui") }
