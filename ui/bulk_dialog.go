package ui

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// bulkConfirmDialog is the one confirmation of a bulk renew or revoke, stating the count.
type bulkConfirmDialog struct {
	c         *Common
	width     int
	frame     dialogFrame
	kind      actionKind
	domainID  string
	rows      []certRow
	hidden    int // marked certificates the list does not show, which the batch leaves alone
	reasonIdx int
	keys      confirmKeys
}

func newBulkConfirmDialog(c *Common, kind actionKind, domainID string, rows []certRow) *bulkConfirmDialog {
	confirm := confirmRenew
	if kind == actionRevoke {
		confirm = confirmRevoke
	}
	return &bulkConfirmDialog{c: c, kind: kind, domainID: domainID, rows: rows, keys: newConfirmKeys(confirm)}
}

// SetSize sets the room the dialog may use.
func (d *bulkConfirmDialog) SetSize(width, height int) { d.width, d.frame.height = width, height }

// Update picks the reason, starts the batch on y, or cancels.
func (d *bulkConfirmDialog) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}

	switch {
	case key.Matches(k, d.keys.No):
		return d.c.nav.closeDialog()
	case key.Matches(k, d.keys.Reason):
		d.reasonIdx = (d.reasonIdx + 1) % len(revokeReasons)
	case key.Matches(k, d.keys.ReasonBack):
		d.reasonIdx = (d.reasonIdx + len(revokeReasons) - 1) % len(revokeReasons)
	case key.Matches(k, d.keys.Yes):
		reason := ""
		if d.kind == actionRevoke && d.reasonIdx > 0 {
			reason = revokeReasons[d.reasonIdx]
		}
		run := newBulkRun(d.kind, d.domainID, reason, d.rows)
		d.c.Logger.Info("bulk action started", "action", d.kind.String(), "domain", d.domainID, "count", len(d.rows), "reason", reason)
		d.c.nav.openDialog(newBulkProgressDialog(d.c, run))
		return run.start(d.c.Ctx, d.c.Client)
	}
	return nil
}

// View states the action and the count.
func (d *bulkConfirmDialog) View() string {
	st := d.c.Styles
	w := dialogTextWidth(d.width)
	verb := "Renew"
	if d.kind == actionRevoke {
		verb = "Revoke"
	}

	lines := []string{
		st.Warning.Render(fmt.Sprintf("%s %s?", verb, countNoun(len(d.rows), "marked certificate"))),
		"",
	}
	if d.hidden > 0 {
		lines = append(lines,
			st.Text.Width(w).Render(fmt.Sprintf("%s not shown %s left alone.", countNoun(d.hidden, "other marked certificate"), pluralVerb(d.hidden))),
			"")
	}
	if d.kind == actionRevoke {
		lines = append(lines,
			st.Text.Width(w).Render("Revocation cannot be undone. Each certificate is revoked with the same reason."),
			st.FieldLabel.Render("Reason (←/→): ")+st.ChoiceActive.Render(revokeReasons[d.reasonIdx]))
	} else {
		lines = append(lines, st.Text.Width(w).Render("Each gets a new certificate with the same entity and SANs; the old ones stay valid until they expire."))
	}
	lines = append(lines, "",
		st.Text.Width(w).Render(fmt.Sprintf("Calls run %d at a time; a failure does not stop the others.", bulkConcurrency)))
	footer := []string{"", st.Key.Render("y") + st.Text.Render(" yes   ") + st.Key.Render("N") + st.Text.Render(" no")}

	box := st.Dialog
	if d.kind == actionRevoke {
		box = st.DangerDialog
	}
	d.frame.muted = st.Muted
	return d.frame.render(box, lines, footer)
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *bulkConfirmDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Yes, d.keys.No, d.keys.Reason}
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *bulkConfirmDialog) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.ShortHelp()}
}

// bulkProgressDialog shows a running bulk action and, at the end, its
// failures with their reasons.
type bulkProgressDialog struct {
	c        *Common
	width    int
	frame    dialogFrame
	run      *bulkRun
	barWidth int
	close    key.Binding

	// failureLines caches each failure's wrapped line by serial, so a
	// batch with thousands of failures is not wrapped again every frame.
	// SetSize empties it because the wrap width changes.
	failureLines map[string]string
}

func newBulkProgressDialog(c *Common, run *bulkRun) *bulkProgressDialog {
	return &bulkProgressDialog{
		c: c, run: run, barWidth: 40, frame: dialogFrame{keys: "j/k scroll"},
		close: key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc/enter", "close"), key.WithDisabled()),
	}
}

// SetSize sets the room the dialog may use.
func (d *bulkProgressDialog) SetSize(width, height int) {
	d.width, d.frame.height = width, height
	d.failureLines = nil
	// The bar, " 100%" and the box frame fit with a column to spare on
	// each side.
	d.barWidth = max(min(width-13, 50), 10)
}

// Update scrolls the failures, and closes the dialog once the batch has
// finished.
func (d *bulkProgressDialog) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}

	m := d.c.Keys.Move
	page := d.frame.page()
	switch {
	case key.Matches(k, d.closeKey()):
		return d.c.nav.closeDialog()
	case key.Matches(k, m.Down):
		d.frame.scroll(1)
	case key.Matches(k, m.Up):
		d.frame.scroll(-1)
	case key.Matches(k, m.PageDown):
		d.frame.scroll(page)
	case key.Matches(k, m.PageUp):
		d.frame.scroll(-page)
	case key.Matches(k, m.Home):
		d.frame.offset = 0
	case key.Matches(k, m.End):
		// Render clamps the offset to the last window.
		d.frame.scroll(math.MaxInt / 2)
	}
	return nil
}

// View draws the bar, the counts and the failures.
func (d *bulkProgressDialog) View() string {
	st := d.c.Styles
	w := dialogTextWidth(d.width)
	run := d.run
	total := len(run.rows)
	percent := 1.0
	if total > 0 {
		percent = float64(run.done) / float64(total)
	}

	title := fmt.Sprintf("%s of %s", strings.ToUpper(run.kind.String()[:1])+run.kind.String()[1:], countNoun(total, "certificate"))
	if run.finished {
		title += ": finished"
	}
	lines := []string{
		st.Title.Render(title),
		"",
		drawBar(d.c, percent, d.barWidth) + st.Text.Render(fmt.Sprintf(" %d%%", int(percent*100))),
		st.Text.Render(fmt.Sprintf("%d of %d done · %d succeeded · %d failed", run.done, total, run.done-len(run.failures), len(run.failures))),
	}

	if len(run.failures) > 0 {
		lines = append(lines, "", st.Error.Render("Failed:"))
		lines = append(lines, d.failureViews(w)...)
	}
	var footer []string
	switch {
	case run.finished && len(run.failures) > 0:
		footer = []string{"", st.Muted.Width(w).Render("The failed certificates stay marked. esc or enter closes.")}
	case run.finished:
		footer = []string{"", st.Muted.Width(w).Render("esc or enter closes.")}
	}
	d.frame.muted = st.Muted
	return d.frame.render(st.Dialog, lines, footer)
}

// failureViews returns every failure as a line wrapped to width, each with
// its serial, entity ID and reason. The frame scrolls them when they do not
// fit.
func (d *bulkProgressDialog) failureViews(width int) []string {
	if d.failureLines == nil {
		d.failureLines = make(map[string]string, len(d.run.failures))
	}

	views := make([]string, 0, len(d.run.failures))
	for _, f := range d.run.failures {
		view, ok := d.failureLines[f.row.apiSerial]
		if !ok {
			text := shortSerial(f.row.serial, 20) + " " + f.row.entity + ": " + failureReason(f.err)
			view = d.c.Styles.Text.Width(width).Render(text)
			d.failureLines[f.row.apiSerial] = view
		}
		views = append(views, view)
	}
	return views
}

// closeKey returns the close binding, enabled once the batch has finished.
func (d *bulkProgressDialog) closeKey() key.Binding {
	k := d.close
	k.SetEnabled(d.run.finished)
	return k
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *bulkProgressDialog) ShortHelp() []key.Binding {
	m := d.c.Keys.Move
	return []key.Binding{d.closeKey(), m.Down, m.Up}
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *bulkProgressDialog) FullHelp() [][]key.Binding {
	m := d.c.Keys.Move
	return [][]key.Binding{{d.closeKey()}, {m.Down, m.Up, m.PageDown, m.PageUp, m.Home, m.End}}
}

// failureReason states once why one call of a bulk action failed. It is the
// status with the server's message, or with the hint when the server sent no
// message, or the transport failure with its hint. The dialog title names
// the action, so the reason does not repeat it.
func failureReason(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		status := fmt.Sprintf("%d %s", apiErr.StatusCode, strings.ToLower(http.StatusText(apiErr.StatusCode)))
		if apiErr.Kind != "" {
			status = fmt.Sprintf("%d %s", apiErr.StatusCode, sanitize.Text(apiErr.Kind))
		}
		switch {
		case apiErr.Message != "":
			return status + ": " + sanitize.Text(apiErr.Message)
		case errorHint(err) != "":
			return status + ": " + errorHint(err)
		}
		return status
	}

	var netErr *client.NetworkError
	if errors.As(err, &netErr) && netErr.Err != nil {
		return sanitize.Text(netErr.Err.Error()) + ": " + errorHint(err)
	}
	return sanitize.Text(err.Error())
}
