package ui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/theme"
	"github.com/certs-tui/certs-tui/ui/components/table"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// domainListLimit is the limit of one domain list request, and
// domainListMaxPages bounds how many pages the list loads, so a service with
// a huge domain count cannot keep the console loading.
const (
	domainListLimit    = 1000
	domainListMaxPages = 10
)

// domainsLoadedMsg carries the domain list. listErr is set when the service
// could not list domains; domains then holds only the configured IDs.
type domainsLoadedMsg struct {
	gen     int
	domains []client.Domain
	listErr error
}

// loadDomainsCmd lists the domains and adds the configured IDs the list
// lacks, so an operator who may not list domains can still open theirs.
func loadDomainsCmd(parent context.Context, cl *client.Client, configured []string, gen int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		domains, err := listDomains(ctx, cl)

		seen := make(map[string]bool, len(domains))
		for _, d := range domains {
			seen[d.ID] = true
		}
		for _, id := range configured {
			if !seen[id] {
				domains = append(domains, client.Domain{ID: id, Name: id, Status: "configured"})
				seen[id] = true
			}
		}
		return domainsLoadedMsg{gen: gen, domains: domains, listErr: err}
	}
}

// listDomains loads the domain list page by page. On an error it returns
// the domains loaded so far with the error.
func listDomains(ctx context.Context, cl *client.Client) ([]client.Domain, error) {
	var domains []client.Domain
	for range domainListMaxPages {
		page, err := cl.Domains.List(ctx, domainListLimit, len(domains))
		if err != nil {
			return domains, err
		}

		domains = append(domains, page.Domains...)
		if len(page.Domains) == 0 || len(domains) >= page.Total {
			break
		}
	}
	return domains, nil
}

// domainsScreen is the top screen: the list of domains.
type domainsScreen struct {
	c       *Common
	table   *table.Model
	domains []client.Domain
	gen     int
	loading bool
	loadErr error

	width, height int
}

func newDomainsScreen(c *Common) *domainsScreen {
	s := &domainsScreen{c: c, table: table.New(domainColumns(), domainTableStyles(c.Styles))}
	s.table.KeyMap = c.Keys.Move
	return s
}

func domainColumns() []table.Column {
	return []table.Column{
		{Title: "NAME"},
		{Title: "ALIAS", Width: 16, Optional: true},
		{Title: "ID", Width: 36, Optional: true},
		{Title: "STATUS", Width: 10},
	}
}

func domainTableStyles(s *theme.Styles) table.Styles {
	return table.Styles{Header: s.TableHeader, Cell: s.TableCell, Cursor: s.TableCursor, Pending: s.TablePending}
}

// Init loads the domains.
func (s *domainsScreen) Init() tea.Cmd { return s.reload() }

func (s *domainsScreen) reload() tea.Cmd {
	s.gen++
	s.loading = true
	s.loadErr = nil
	return loadDomainsCmd(s.c.Ctx, s.c.Client, s.c.Opts.Domains, s.gen)
}

// SetSize gives the screen its body area; one line is the title.
func (s *domainsScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.table.SetSize(width, max(height-1, 2))
}

func (s *domainsScreen) restyle() { s.table.SetStyles(domainTableStyles(s.c.Styles)) }

// Update handles the loaded list and keys.
func (s *domainsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case domainsLoadedMsg:
		return s.handleLoaded(msg)
	case tea.MouseWheelMsg:
		s.table.Update(msg)
	case tea.KeyPressMsg:
		return s.handleKey(msg)
	}
	return nil
}

func (s *domainsScreen) handleLoaded(msg domainsLoadedMsg) tea.Cmd {
	if msg.gen != s.gen {
		return nil
	}
	s.loading = false

	if msg.listErr != nil {
		s.c.Logger.Warn("domain list failed", "err", msg.listErr)
	}
	if msg.listErr != nil && len(msg.domains) == 0 {
		s.loadErr = msg.listErr
		return nil
	}

	s.domains = msg.domains
	rows := make([]table.Row, len(s.domains))
	for i, d := range s.domains {
		name := sanitize.Text(d.Name)
		alias := sanitize.Text(d.Alias)
		id := sanitize.Text(d.ID)
		rows[i] = table.Row{Cells: []string{name, alias, id, sanitize.Text(d.Status)}, Key: strings.ToLower(name + " " + alias + " " + id)}
	}
	s.table.SetRows(rows)

	if msg.listErr != nil {
		return s.c.status.set(levelWarning, describeError("Listing domains", msg.listErr)+"; showing the configured domains")
	}
	return nil
}

func (s *domainsScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Refresh):
		return s.reload()
	case key.Matches(msg, k.CA):
		return s.c.nav.openCA()
	case s.loadErr != nil:
		return nil
	case key.Matches(msg, k.Open):
		idx := s.table.Selected()
		if idx < 0 {
			return nil
		}
		return s.c.nav.openDomain(s.domains[idx])
	}

	s.table.Update(msg)
	return nil
}

// View draws the title and the list.
func (s *domainsScreen) View() string {
	st := s.c.Styles
	switch {
	case s.loadErr != nil:
		return errorBox(s.c, "Could not list the domains", describeError("Listing domains", s.loadErr),
			"ctrl+r retry · q quit", s.width)
	case s.loading && len(s.domains) == 0:
		return st.Muted.Render("Loading domains…")
	case len(s.domains) == 0:
		return st.Text.Render("The service lists no domains. Name one with --domain ID or in the profile.")
	}

	title := st.Title.Render("Domains") + st.Muted.Render(fmt.Sprintf(" · %d · enter opens", len(s.domains)))
	return title + "\n" + s.table.View()
}

// ShortHelp lists the keys for the hint bar.
func (s *domainsScreen) ShortHelp() []key.Binding {
	k := s.c.Keys
	return []key.Binding{k.Move.Up, k.Move.Down, k.Open, k.CA, k.Refresh, k.Help, k.Quit}
}

// FullHelp lists every key of the screen for the help overlay.
func (s *domainsScreen) FullHelp() [][]key.Binding {
	k := s.c.Keys
	m := k.Move
	return [][]key.Binding{
		{m.Up, m.Down, m.PageUp, m.PageDown, m.Home, m.End},
		{k.Open, k.CA, k.Refresh, k.Palette},
		{k.Help, k.Quit, k.ForceQuit},
	}
}

// domainLabel names a domain for titles: its name, or its ID without one.
func domainLabel(d client.Domain) string {
	if d.Name != "" {
		return sanitize.Text(d.Name)
	}
	return sanitize.Text(d.ID)
}
