package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// View draws the title line, the list and the filter prompt.
func (s *certsScreen) View() string {
	st := s.c.Styles
	name := domainLabel(s.domain)

	switch {
	case s.loadErr != nil:
		return errorBox(s.c, "Could not load the certificates of "+name,
			describeError("Listing certificates", s.loadErr), "ctrl+r retry · esc back", s.width)
	case s.loading && len(s.rows) == 0:
		return st.Muted.Render("Loading the certificates of " + name + "…")
	case len(s.rows) == 0 && s.entity == "" && s.expiry == nil:
		return s.emptyView(name)
	}

	var b strings.Builder
	b.WriteString(ansi.Truncate(s.titleLine(name), s.width, "…"))
	b.WriteByte('\n')
	if s.expiry != nil && len(s.rows) == 0 {
		b.WriteString(st.Muted.Width(s.width).Render("No unrevoked certificate expires in this range; esc shows every certificate."))
		return b.String()
	}
	b.WriteString(s.table.View())

	switch {
	case s.filtering:
		b.WriteByte('\n')
		b.WriteString(s.filterInput.View())
	case s.table.Filter() != "":
		b.WriteByte('\n')
		b.WriteString(st.Muted.Render(fmt.Sprintf("filter /%s: %d of %d loaded shown · / edit · esc clear",
			s.table.Filter(), s.table.Len(), s.counts.loaded)))
	}
	return b.String()
}

// titleLine names the domain, the total and how the list is narrowed.
func (s *certsScreen) titleLine(name string) string {
	st := s.c.Styles
	if s.expiry != nil {
		// The header names the domain, so the expiry range takes its place.
		return strings.Join(append(s.expiryTitle(), s.titleTail()...), st.Muted.Render(" · "))
	}

	parts := []string{st.Title.Render("Certificates of " + name)}
	parts = append(parts, st.Text.Render(fmt.Sprintf("%d total", s.total)))
	if len(s.rows) < s.total {
		parts = append(parts, st.Warning.Render(fmt.Sprintf("first %d listed; filter by entity for the rest", len(s.rows))))
	}
	if s.counts.loaded < len(s.rows) {
		parts = append(parts, st.Muted.Render(fmt.Sprintf("%d loaded", s.counts.loaded)))
	}
	if s.entity != "" {
		parts = append(parts, st.Warning.Render("entity "+sanitize.Text(s.entity)))
	}
	parts = append(parts, s.titleTail()...)
	return strings.Join(parts, st.Muted.Render(" · "))
}

// titleTail returns the end of the title line: marks, cursor row and sort.
func (s *certsScreen) titleTail() []string {
	st := s.c.Styles
	parts := s.marksTitle()
	if len(s.rows) > 0 {
		parts = append(parts, st.Muted.Render(fmt.Sprintf("row %d", s.table.Cursor()+1)))
	}
	return append(parts, st.Muted.Render("sorted by "+s.sortLabel()))
}

func (s *certsScreen) sortLabel() string {
	if s.sortIdx < 0 {
		return "newest first"
	}
	label := strings.ToLower(certColumns(s.fullSerial)[sortColumns[s.sortIdx]].Title) + " ↑"
	if s.sortDesc {
		label = strings.TrimSuffix(label, "↑") + "↓"
	}

	// The API has no sort parameter, so only the loaded rows are sorted and
	// rows still loading stay at the end.
	if s.counts.loaded < len(s.rows) {
		label += " (loaded rows)"
	}
	return label
}

// emptyView explains how to issue the first certificate.
func (s *certsScreen) emptyView(name string) string {
	st := s.c.Styles
	lines := []string{st.Title.Render("Certificates of " + name), "", st.Text.Render("This domain has no certificates yet.")}
	if s.c.Opts.ReadOnly {
		lines = append(lines, st.Muted.Render("The console is read-only; start it without --read-only to issue one."))
	} else {
		lines = append(lines, st.Text.Render("Press ")+st.Key.Render("i")+st.Text.Render(" to issue the first certificate."))
	}
	return strings.Join(lines, "\n")
}
