package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// headerHeight is the header's line count, its separator included.
const headerHeight = 3

// viewHeader draws the service, profile and domain on the first line, the
// certificate counts on the second, and a separator.
func (a *App) viewHeader() string {
	st := a.c.Styles
	sep := st.Muted.Render(" · ")
	field := func(label, value string) string {
		return st.HeaderLabel.Render(label+" ") + st.HeaderValue.Render(value)
	}

	service := sanitize.Text(a.c.Opts.Service)
	if service == "" {
		service = "local"
	}
	first := []string{st.Title.Render("certs-tui"), field("service", service)}
	if a.c.Opts.Profile != "" {
		first = append(first, field("profile", sanitize.Text(a.c.Opts.Profile)))
	}
	if a.certs != nil {
		first = append(first, field("domain", domainLabel(a.certs.domain)))
	}
	if a.c.Opts.ReadOnly {
		first = append(first, st.HeaderWarn.Render("[READ-ONLY]"))
	}
	if a.c.Opts.Insecure {
		first = append(first, st.HeaderWarn.Render("[INSECURE: TLS not verified]"))
	}

	second := st.Muted.Render("Pick a domain to see its certificates.")
	if a.certs != nil {
		second = a.viewCounts()
	}

	w := a.c.Width
	return ansi.Truncate(strings.Join(first, sep), w, "…") + "\n" +
		ansi.Truncate(second, w, "…") + "\n" +
		st.Separator.Render(strings.Repeat("─", w))
}

// viewCounts draws the counts by status of the loaded certificates, each
// with its label so the line reads without colour.
func (a *App) viewCounts() string {
	st := a.c.Styles
	n := a.certs.counts
	parts := []string{
		st.StatusValid.Render(fmt.Sprintf("%d valid", n.valid)),
		st.StatusExpiring.Render(fmt.Sprintf("%d expiring", n.expiring)),
		st.StatusExpired.Render(fmt.Sprintf("%d expired", n.expired)),
		st.StatusRevoked.Render(fmt.Sprintf("%d revoked", n.revoked)),
	}

	line := strings.Join(parts, st.Muted.Render(" · "))
	if total := a.certs.total; n.loaded < total {
		line += st.Muted.Render(fmt.Sprintf("  (of %d loaded; %d in total)", n.loaded, total))
	}
	return line
}
