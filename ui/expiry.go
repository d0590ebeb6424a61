package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/components/table"
)

// maxWithinDays bounds the "expiring within N days" filter: ten years.
const maxWithinDays = 3650

// expiryKeys are the keys only the expiry overview has.
type expiryKeys struct {
	PrevWeek key.Binding
	NextWeek key.Binding
	Within   key.Binding
	Show     key.Binding
	Apply    key.Binding
	Cancel   key.Binding
}

func newExpiryKeys() expiryKeys {
	return expiryKeys{
		PrevWeek: key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous week")),
		NextWeek: key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next week")),
		Within:   key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "list those expiring within N days")),
		Show:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show these in the list")),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// expiryScreen is the expiry overview of one domain: counts by status, a
// histogram of expiries by week for the next 12 weeks, and a preview of the
// certificates in the selected week. enter, or a number of days typed after
// w, returns to the certificate list narrowed to those certificates.
type expiryScreen struct {
	c      *Common
	domain client.Domain
	keys   expiryKeys

	gen       int
	loading   bool
	loadErr   error
	rows      []certRow
	total     int
	truncated bool
	now       time.Time // the time the overview was computed for

	selected int // selected bar; -1 for every bar
	shown    []int

	prompting bool // the days prompt has focus
	prompt    textinput.Model
	promptErr string

	table         *table.Model
	width, height int
}

func newExpiryScreen(c *Common, domain client.Domain) *expiryScreen {
	prompt := textinput.New()
	prompt.SetStyles(c.Styles.Input)
	prompt.Prompt = "expiring within days: "
	prompt.CharLimit = 5

	s := &expiryScreen{
		c: c, domain: domain, keys: newExpiryKeys(), selected: -1, prompt: prompt,
		table: table.New(certColumns(false), certTableStyles(c.Styles)),
	}
	s.table.KeyMap = c.Keys.Move
	return s
}

// Init loads the domain's certificates.
func (s *expiryScreen) Init() tea.Cmd { return s.reload() }

func (s *expiryScreen) reload() tea.Cmd {
	s.gen++
	s.loading, s.loadErr = true, nil
	return loadExpiryCmd(s.c.Ctx, s.c.Client, s.domain.ID, s.gen)
}

// SetSize gives the screen its body area.
func (s *expiryScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.prompt.SetWidth(max(width-30, 10))
	s.table.SetSize(width, max(height-s.headHeight(), 2))
}

// Update handles the loaded list, action results and keys.
func (s *expiryScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case expiryLoadedMsg:
		return s.handleLoaded(msg)
	case actionDoneMsg:
		if msg.err == nil && msg.action.domainID == s.domain.ID && msg.action.kind != actionDownload {
			return s.reload()
		}
	case tea.MouseWheelMsg:
		s.table.Update(msg)
	case tea.PasteMsg:
		if s.prompting {
			var cmd tea.Cmd
			s.prompt, cmd = s.prompt.Update(msg)
			return cmd
		}
	case tea.KeyPressMsg:
		if s.prompting {
			return s.updatePrompt(msg)
		}
		return s.handleKey(msg)
	}
	return nil
}

func (s *expiryScreen) handleLoaded(msg expiryLoadedMsg) tea.Cmd {
	if msg.gen != s.gen || msg.domainID != s.domain.ID {
		return nil
	}
	s.loading = false
	if msg.err != nil {
		s.c.Logger.Warn("expiry overview load failed", "domain", s.domain.ID, "err", msg.err)
		s.loadErr = msg.err
		return nil
	}

	s.rows, s.total, s.truncated = msg.rows, msg.total, msg.truncated
	s.now = s.c.Now()
	s.applyFilter()
	return nil
}

func (s *expiryScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		if s.selected >= 0 {
			s.selected = -1
			s.applyFilter()
			return nil
		}
		return s.c.nav.closeExpiry()
	case key.Matches(msg, k.Refresh):
		// The header counts come from the list, so it reloads too.
		return tea.Batch(s.reload(), s.c.nav.refreshList())
	case s.loadErr != nil || s.loading:
		return nil
	case key.Matches(msg, s.keys.PrevWeek):
		s.selectWeek(s.selected - 1)
	case key.Matches(msg, s.keys.NextWeek):
		s.selectWeek(s.selected + 1)
	case key.Matches(msg, s.keys.Within):
		s.prompting, s.promptErr = true, ""
		s.prompt.SetValue("")
		s.SetSize(s.width, s.height)
		return s.prompt.Focus()
	case key.Matches(msg, s.keys.Show):
		return s.showInList(s.filter())
	default:
		s.table.Update(msg)
	}
	return nil
}

// selectWeek selects a bar, wrapping from the last to "every week" (-1).
func (s *expiryScreen) selectWeek(idx int) {
	switch {
	case idx < -1:
		idx = expiryWeeks - 1
	case idx >= expiryWeeks:
		idx = -1
	}
	s.selected = idx
	s.applyFilter()
}

// updatePrompt edits the days prompt; enter lists the certificates that
// expire within that many days, and esc cancels.
func (s *expiryScreen) updatePrompt(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Cancel):
		s.closePrompt()
		return nil
	case key.Matches(msg, s.keys.Apply):
		days, problem := parseWithinDays(s.prompt.Value())
		if problem != "" {
			s.promptErr = problem
			s.SetSize(s.width, s.height)
			return nil
		}
		s.closePrompt()
		return s.showInList(withinFilter(days))
	}

	var cmd tea.Cmd
	s.prompt, cmd = s.prompt.Update(msg)
	return cmd
}

// parseWithinDays reads the days prompt. The problem names the value and
// the range, short enough for one line of a 60-column terminal.
func parseWithinDays(text string) (days int, problem string) {
	value := strings.TrimSpace(text)
	limits := fmt.Sprintf("must be 1 to %d days", maxWithinDays)
	days, err := strconv.Atoi(value)
	switch {
	case value == "":
		return 0, "Type a number of days: " + limits
	case err != nil:
		return 0, fmt.Sprintf("%q is not a whole number: %s", value, limits)
	case days < 1 || days > maxWithinDays:
		return 0, fmt.Sprintf("%q is out of range: %s", value, limits)
	}
	return days, ""
}

func (s *expiryScreen) closePrompt() {
	s.prompting, s.promptErr = false, ""
	s.prompt.Blur()
	s.SetSize(s.width, s.height)
}

// filter returns the filter the overview previews: the selected week, or
// every week of the histogram.
func (s *expiryScreen) filter() expiryFilter {
	if s.selected >= 0 {
		return weekFilter(s.now, s.selected, s.selected)
	}
	return weekFilter(s.now, 0, expiryWeeks-1)
}

// showInList returns to the certificate list narrowed by the filter, which
// the list applies to the certificates this overview read.
func (s *expiryScreen) showInList(f expiryFilter) tea.Cmd {
	data := expiryLoadedMsg{domainID: s.domain.ID, rows: s.rows, total: s.total, truncated: s.truncated}
	return s.c.nav.showExpiring(f, data)
}

// applyFilter previews the unrevoked certificates of the selected week, or
// of all the next 12 weeks.
func (s *expiryScreen) applyFilter() {
	now, within, f := s.now, s.c.expiringWithin(), s.filter()
	s.shown = s.shown[:0]
	for i, r := range s.rows {
		if f.matches(r, now) {
			s.shown = append(s.shown, i)
		}
	}

	rows := make([]table.Row, len(s.shown))
	for i, idx := range s.shown {
		rows[i] = s.rows[idx].tableRow(now, within, false)
	}
	s.table.SetRows(rows)
	s.table.MoveTo(0)
}

// ShortHelp lists the keys for the hint bar.
func (s *expiryScreen) ShortHelp() []key.Binding {
	k := s.c.Keys
	if s.prompting {
		return []key.Binding{s.keys.Apply, s.keys.Cancel}
	}
	return []key.Binding{s.keys.PrevWeek, s.keys.NextWeek, s.keys.Show, s.keys.Within, k.Refresh, k.Back, k.Help}
}

// FullHelp lists every key of the screen for the help overlay.
func (s *expiryScreen) FullHelp() [][]key.Binding {
	k, m := s.c.Keys, s.c.Keys.Move
	return [][]key.Binding{
		{m.Up, m.Down, m.PageUp, m.PageDown, m.Home, m.End},
		{s.keys.PrevWeek, s.keys.NextWeek, s.keys.Show, s.keys.Within, k.Refresh, k.Palette},
		{k.Back, k.Help, k.ForceQuit},
	}
}

func (s *expiryScreen) restyle() {
	s.table.SetStyles(certTableStyles(s.c.Styles))
	s.prompt.SetStyles(s.c.Styles.Input)
}
