package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/components/table"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// certsScreen lists the certificates of one domain, page by page.
type certsScreen struct {
	c      *Common
	domain client.Domain

	table       *table.Model
	rows        []certRow // one per certificate on the server, up to maxListRows; unloaded ones are placeholders
	total       int       // certificates on the server: the reported total, cut where an empty page showed the list ends
	serverTotal int       // total as the last page reported it
	maxRows     int       // maxListRows, lowered by tests
	counts      statusCounts
	gen         int          // load generation; see certPageMsg
	inflight    map[int]bool // page offsets requested in this generation
	pageGen     map[int]int  // generation that loaded each page offset
	loading     bool
	loadErr     error

	entity       string      // server-side entity filter; empty for all
	expiry       *expiryView // expiry filter from the overview; nil for the paged list
	filtering    bool        // the filter prompt has focus
	filterInput  textinput.Model
	fullSerial   bool
	sortIdx      int // index into sortColumns; -1 for the server's order
	sortDesc     bool
	selectSerial string              // select this certificate when its page arrives
	marks        map[string]*certRow // by serial: rows marked for a bulk action
	issued       *certRow            // created by the last issue, for d as the next key; see rememberIssued
	rowsVersion  int                 // counts changes to the rows' contents, for hiddenMarksCache
	hiddenCache  hiddenMarksCache

	width, height int
}

func newCertsScreen(c *Common, domain client.Domain) *certsScreen {
	input := textinput.New()
	input.SetStyles(c.Styles.Input)
	input.Prompt = "/"
	input.Placeholder = "entity or serial"
	input.CharLimit = 256

	s := &certsScreen{
		c:           c,
		domain:      domain,
		table:       table.New(certColumns(false), certTableStyles(c.Styles)),
		inflight:    map[int]bool{},
		pageGen:     map[int]int{},
		maxRows:     maxListRows,
		filterInput: input,
		sortIdx:     -1,
	}
	s.table.KeyMap = c.Keys.Move
	s.table.QueryVariant = serialQueryVariant
	return s
}

// Init loads the first page.
func (s *certsScreen) Init() tea.Cmd { return s.reload() }

// SetSize gives the screen its body area.
func (s *certsScreen) SetSize(width, height int) {
	s.width, s.height = width, height
	s.filterInput.SetWidth(max(width-4, 10))
	s.table.SetSize(width, max(s.tableHeight(), 2))
}

// tableHeight leaves a title line, and a prompt line while filtering.
func (s *certsScreen) tableHeight() int {
	h := s.height - 1
	if s.filtering || s.table.Filter() != "" {
		h--
	}
	return h
}

func (s *certsScreen) restyle() {
	s.table.SetStyles(certTableStyles(s.c.Styles))
	s.filterInput.SetStyles(s.c.Styles.Input)
}

// Update handles page results, action results and keys.
func (s *certsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case certPageMsg:
		return s.handlePage(msg)
	case entityProbeMsg:
		return s.handleProbe(msg)
	case listExpiryMsg:
		return s.handleListExpiry(msg)
	case actionDoneMsg:
		return s.handleActionDone(msg)
	case tea.MouseWheelMsg:
		s.table.Update(msg)
		return s.ensureLoaded()
	case tea.PasteMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
	case tea.KeyPressMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
		return s.handleKey(msg)
	}
	return nil
}

func (s *certsScreen) handlePage(msg certPageMsg) tea.Cmd {
	if msg.gen != s.gen {
		s.c.Logger.Debug("dropped a certificate page of an older load", "domain", s.domain.ID, "offset", msg.offset)
		return nil
	}
	delete(s.inflight, msg.offset)

	if msg.err != nil {
		s.c.Logger.Warn("certificate page failed", "domain", s.domain.ID, "offset", msg.offset, "err", msg.err)
		if s.counts.loaded == 0 {
			s.loading = false
			s.loadErr = msg.err
			return nil
		}
		return s.c.status.set(levelError, describeError("Loading certificates", msg.err))
	}

	s.applyPage(msg.offset, msg.page)
	return tea.Batch(s.continueShortPage(msg.offset, len(msg.page.Certificates)), s.ensureLoaded())
}

func (s *certsScreen) handleProbe(msg entityProbeMsg) tea.Cmd {
	if msg.gen != s.gen {
		return nil
	}
	if msg.err != nil {
		return s.c.status.set(levelError, describeError("Searching the server for "+sanitize.Text(msg.entity), msg.err))
	}
	if msg.page.Total == 0 {
		return s.c.status.set(levelInfo, "No entity named "+sanitize.Text(msg.entity)+" on the server; the filter shows the matching loaded rows")
	}

	// The server narrowed the list to one entity: show its pages instead of
	// filtering the loaded rows.
	s.entity = msg.entity
	s.clearFilter()
	s.gen++
	s.inflight = map[int]bool{}
	s.rows = nil
	s.applyPage(0, msg.page)
	return tea.Batch(s.continueShortPage(0, len(msg.page.Certificates)), s.ensureLoaded(), s.c.status.set(levelInfo, "Showing the certificates of entity "+sanitize.Text(msg.entity)+"; esc shows all"))
}

func (s *certsScreen) handleActionDone(msg actionDoneMsg) tea.Cmd {
	if msg.err != nil || msg.action.domainID != s.domain.ID {
		return nil
	}

	switch msg.action.kind {
	case actionIssue, actionRenew:
		if msg.action.kind == actionIssue {
			s.rememberIssued(msg.cert, msg.action.issue.EntityID)
		}
		s.selectSerial = sanitize.Text(msg.cert.SerialNumber)
		if s.sortIdx < 0 && s.table.Filter() == "" {
			// New certificates come first in the server's order.
			s.table.MoveTo(0)
		}
		return s.reload()
	case actionRevoke, actionDelete:
		return s.reload()
	}
	return nil
}

func (s *certsScreen) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys

	if s.loadErr != nil {
		switch {
		case key.Matches(msg, k.Refresh, k.Open):
			return s.reload()
		case key.Matches(msg, k.Back):
			return s.c.nav.back()
		}
		return nil
	}

	issued := s.takeIssued()
	if name := k.rejectedWrite(msg.String()); name != "" {
		return s.c.status.set(levelWarning, "Read-only mode: "+name+" is disabled because the console was started with --read-only")
	}

	switch {
	case key.Matches(msg, k.Back):
		return s.back()
	case key.Matches(msg, k.Filter):
		s.filtering = true
		s.filterInput.SetValue(s.table.Filter())
		s.SetSize(s.width, s.height)
		return s.filterInput.Focus()
	case key.Matches(msg, k.Sort):
		s.cycleSort()
		return s.ensureLoaded()
	case key.Matches(msg, k.SortReverse):
		s.sortDesc = !s.sortDesc
		s.applySort()
		return s.ensureLoaded()
	case key.Matches(msg, k.FullSerial):
		s.fullSerial = !s.fullSerial
		s.table.SetColumns(certColumns(s.fullSerial))
		s.rebuildTable()
		return nil
	case key.Matches(msg, k.Refresh):
		return s.reload()
	case key.Matches(msg, k.Expiry):
		return s.c.nav.openExpiry(s.domain)
	case key.Matches(msg, k.SerialForm):
		s.c.hexSerials = !s.c.hexSerials
		s.rebuildTable()
		return nil
	case key.Matches(msg, k.Mark, k.MarkAll, k.ClearMarks):
		return s.handleMarkKey(msg)
	case len(s.marks) > 0 && key.Matches(msg, k.Renew, k.Revoke):
		return s.openShownBulkConfirm(msg)
	case key.Matches(msg, k.Issue):
		return s.c.nav.openDialog(newIssueDialog(s.c, s.domain))
	case issued != nil && key.Matches(msg, k.Download):
		return s.downloadIssued(issued)
	case key.Matches(msg, k.Open, k.Renew, k.Revoke, k.Delete, k.Download):
		return s.actOnSelected(msg)
	}

	if s.table.Update(msg) {
		return s.ensureLoaded()
	}
	return nil
}

// back clears the filter first, then the expiry filter or the entity
// query, then leaves.
func (s *certsScreen) back() tea.Cmd {
	switch {
	case s.table.Filter() != "":
		s.clearFilter()
		return s.ensureLoaded()
	case s.expiry != nil:
		return s.clearExpiryFilter()
	case s.entity != "":
		s.entity = ""
		s.rows = nil
		return s.reload()
	}
	return s.c.nav.back()
}

// actOnSelected opens the dialog of an action on the selected certificate.
func (s *certsScreen) actOnSelected(msg tea.KeyPressMsg) tea.Cmd {
	k := &s.c.Keys
	idx := s.table.Selected()
	if idx < 0 || idx >= len(s.rows) || !s.rows[idx].loaded {
		return s.c.status.set(levelWarning, "Select a loaded certificate first")
	}
	row := s.rows[idx]

	switch {
	case key.Matches(msg, k.Open):
		return s.c.nav.openDetails(s.domain.ID, row)
	case key.Matches(msg, k.Renew):
		return s.c.nav.openDialog(newConfirmDialog(s.c, confirmRenew, s.domain.ID, row))
	case key.Matches(msg, k.Revoke):
		return s.c.nav.openDialog(newConfirmDialog(s.c, confirmRevoke, s.domain.ID, row))
	case key.Matches(msg, k.Delete):
		return s.c.nav.openDialog(newConfirmDialog(s.c, confirmDelete, s.domain.ID, row))
	case key.Matches(msg, k.Download):
		return s.c.nav.openDialog(newDownloadDialog(s.c, s.domain.ID, row))
	}
	return nil
}

func (s *certsScreen) cycleSort() {
	s.sortIdx++
	if s.sortIdx >= len(sortColumns) {
		s.sortIdx = -1
	}
	s.applySort()
}

func (s *certsScreen) applySort() {
	if s.sortIdx < 0 {
		s.table.SetSort(-1, false)
		return
	}
	s.table.SetSort(sortColumns[s.sortIdx], s.sortDesc)
}

// updateFilter edits the filter prompt. Each keystroke filters the loaded
// rows by entity or serial, decimal or hex, and enter queries the server for the entity when rows are missing.
func (s *certsScreen) updateFilter(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.c.Keys.FilterClear):
			s.clearFilter()
			return s.ensureLoaded()
		case key.Matches(k, s.c.Keys.FilterApply):
			s.filtering = false
			s.filterInput.Blur()
			s.SetSize(s.width, s.height)
			return s.probeEntity()
		}
	}

	var cmd tea.Cmd
	s.filterInput, cmd = s.filterInput.Update(msg)
	s.table.SetFilter(s.filterInput.Value())
	return cmd
}

// probeEntity queries the server for certificates of the entity typed in
// the filter, when the loaded rows may not contain all of them.
func (s *certsScreen) probeEntity() tea.Cmd {
	query := s.filterInput.Value()
	if query == "" || s.entity != "" || s.counts.loaded >= len(s.rows) {
		return s.ensureLoaded()
	}
	return probeEntityCmd(s.c.Ctx, s.c.Client, s.domain.ID, query, s.gen)
}

func (s *certsScreen) clearFilter() {
	s.filtering = false
	s.filterInput.Blur()
	s.filterInput.SetValue("")
	s.table.SetFilter("")
	s.SetSize(s.width, s.height)
}

// ShortHelp lists the keys for the hint bar.
func (s *certsScreen) ShortHelp() []key.Binding {
	k := s.c.Keys
	if s.filtering {
		return []key.Binding{k.FilterApply, k.FilterClear}
	}
	return []key.Binding{k.Filter, k.Sort, k.Issue, k.Renew, k.Revoke, k.Download, k.Delete, k.Refresh, k.Back, k.Help}
}

// FullHelp lists every key of the screen for the help overlay.
func (s *certsScreen) FullHelp() [][]key.Binding {
	k := s.c.Keys
	m := k.Move
	return [][]key.Binding{
		{m.Up, m.Down, m.PageUp, m.PageDown, m.Home, m.End},
		{k.Open, k.Filter, k.Sort, k.SortReverse, k.FullSerial, k.SerialForm, k.Expiry, k.Refresh, k.Palette},
		{k.Issue, k.Renew, k.Revoke, k.Delete, k.Download},
		{k.Mark, k.MarkAll, k.ClearMarks},
		{k.Back, k.Help, k.ForceQuit},
	}
}
