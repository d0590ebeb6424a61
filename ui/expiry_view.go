package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Height of the tallest histogram bar, in lines: shorter on small
// terminals, so the list below keeps a few rows.
const (
	expiryBarHeight      = 4
	expiryBarHeightSmall = 1
	expirySmallBody      = 20 // body heights below this use the small bars
)

// barHeight returns the tallest bar's height for the body height.
func (s *expiryScreen) barHeight() int {
	if s.height < expirySmallBody {
		return expiryBarHeightSmall
	}
	return expiryBarHeight
}

// headHeight is the height above the list: title, counts, a blank line, the
// histogram with its count and label rows, the filter line and the prompt.
func (s *expiryScreen) headHeight() int {
	h := 3 + s.barHeight() + 2 + 1
	if s.prompting {
		h++
	}
	if s.promptErr != "" {
		h += lipgloss.Height(s.promptErrView())
	}
	return h
}

// promptErrView draws the days prompt's problem, wrapped to the width.
func (s *expiryScreen) promptErrView() string {
	return s.c.Styles.FieldError.Width(max(s.width, 1)).Render(s.promptErr)
}

// View draws the counts, the histogram and the list.
func (s *expiryScreen) View() string {
	st := s.c.Styles
	name := domainLabel(s.domain)
	switch {
	case s.loadErr != nil:
		return errorBox(s.c, "Could not load the certificates of "+name,
			describeError("Listing certificates", s.loadErr), "ctrl+r retry · esc back", s.width)
	case s.loading && s.rows == nil:
		return st.Muted.Render("Reading every certificate of " + name + " for the expiry overview…")
	}

	lines := []string{s.titleLine(name), s.countsLine(), ""}
	lines = append(lines, s.histogram()...)
	lines = append(lines, ansi.Truncate(s.filterLine(), s.width, "…"))
	if s.prompting {
		lines = append(lines, s.prompt.View())
	}
	if s.promptErr != "" {
		lines = append(lines, s.promptErrView())
	}

	body := strings.Join(lines, "\n")
	if len(s.shown) == 0 {
		return body + "\n" + st.Muted.Render("No certificate matches; ←/→ picks another week, esc shows every week.")
	}
	return body + "\n" + s.table.View()
}

func (s *expiryScreen) titleLine(name string) string {
	st := s.c.Styles
	title := st.Title.Render("Expiry overview of "+name) + st.Muted.Render(fmt.Sprintf(" · %d certificates", len(s.rows)))
	if s.truncated {
		title += st.Warning.Render(fmt.Sprintf(" · only the first %d of %d were read", len(s.rows), s.total))
	}
	if s.loading {
		title += st.Muted.Render(" · refreshing…")
	}
	return ansi.Truncate(title, s.width, "…")
}

// countsLine counts every certificate read, by status, each with its label.
func (s *expiryScreen) countsLine() string {
	st := s.c.Styles
	n := countStatuses(s.rows, s.now, s.c.expiringWithin())
	parts := []string{
		st.StatusValid.Render(fmt.Sprintf("%d valid", n.valid)),
		st.StatusExpiring.Render(fmt.Sprintf("%d expiring", n.expiring)),
		st.StatusExpired.Render(fmt.Sprintf("%d expired", n.expired)),
		st.StatusRevoked.Render(fmt.Sprintf("%d revoked", n.revoked)),
	}
	return strings.Join(parts, st.Muted.Render(" · "))
}

// histogram draws one column per week: the bar, its count and "w1" to "w12"
// below. The selected week is highlighted.
func (s *expiryScreen) histogram() []string {
	st := s.c.Styles
	bars := expiryHistogram(s.rows, s.now)
	colWidth := max(min(s.width/expiryWeeks, 8), 4)

	tallest := 1
	for _, n := range bars {
		tallest = max(tallest, n)
	}

	barHeight := s.barHeight()
	lines := make([]string, barHeight+2)
	for i, n := range bars {
		style := st.Text
		if i == s.selected {
			style = st.ChoiceActive
		}
		height := (n*barHeight + tallest - 1) / tallest
		for row := range barHeight {
			cell := strings.Repeat(" ", colWidth-1)
			if barHeight-row <= height {
				cell = strings.Repeat("█", colWidth-2) + " "
			}
			lines[row] += style.Render(cell) + " "
		}
		lines[barHeight] += style.Render(fmt.Sprintf("%-*d", colWidth-1, n)) + " "
		lines[barHeight+1] += style.Render(fmt.Sprintf("%-*s", colWidth-1, fmt.Sprintf("w%d", i+1))) + " "
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], s.width, "")
	}
	return lines
}

// filterLine describes which certificates the list shows.
func (s *expiryScreen) filterLine() string {
	st := s.c.Styles
	what := fmt.Sprintf("every unrevoked certificate expiring in the next %d weeks", expiryWeeks)
	if s.selected >= 0 {
		what = fmt.Sprintf("week %d, %s", s.selected+1, s.filter().label)
	}
	return st.Text.Render(fmt.Sprintf("Showing %s: %d", what, len(s.shown))) +
		st.Muted.Render(" · ←/→ week · enter list them · w list those within N days")
}
