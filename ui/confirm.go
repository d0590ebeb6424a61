package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// confirmKind is the dangerous action a confirmation guards.
type confirmKind int

const (
	confirmRenew confirmKind = iota + 1
	confirmRevoke
	confirmDelete
)

// revokeReasons are the RFC 5280 CRLReason names an operator may pick, in
// code order. removeFromCRL (8) is left out: it only applies to delta CRLs.
var revokeReasons = []string{
	"unspecified",
	"key_compromise",
	"ca_compromise",
	"affiliation_changed",
	"superseded",
	"cessation_of_operation",
	"certificate_hold",
	"privilege_withdrawn",
	"aa_compromise",
}

// confirmKeys are the keys of a confirmation.
type confirmKeys struct {
	Yes        key.Binding
	No         key.Binding
	Reason     key.Binding // next reason; its help covers both directions
	ReasonBack key.Binding // previous reason, not listed in help
	Submit     key.Binding
	ScrollUp   key.Binding // scroll a question taller than the screen; its help covers both
	ScrollDown key.Binding
}

func newConfirmKeys(kind confirmKind) confirmKeys {
	k := confirmKeys{
		Yes:        key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:         key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no")),
		Reason:     key.NewBinding(key.WithKeys("right", "tab"), key.WithHelp("←/→", "reason")),
		ReasonBack: key.NewBinding(key.WithKeys("left", "shift+tab")),
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "delete")),
		ScrollUp:   key.NewBinding(key.WithKeys("up", "pgup"), key.WithHelp("↑/↓", "scroll")),
		ScrollDown: key.NewBinding(key.WithKeys("down", "pgdown")),
	}

	switch kind {
	case confirmDelete:
		// The entity ID is typed, so letters must not confirm or cancel.
		k.Yes.SetEnabled(false)
		k.No = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
		k.Reason.SetEnabled(false)
		k.ReasonBack.SetEnabled(false)
		// The delete dialog's window follows its input instead.
		k.ScrollUp.SetEnabled(false)
		k.ScrollDown.SetEnabled(false)
	case confirmRenew:
		k.Reason.SetEnabled(false)
		k.ReasonBack.SetEnabled(false)
		k.Submit.SetEnabled(false)
	case confirmRevoke:
		k.Submit.SetEnabled(false)
	}
	return k
}

// confirmDialog requests y/N before renew and revoke, and requests the typed
// entity ID before deleting an entity's certificates.
type confirmDialog struct {
	c        *Common
	kind     confirmKind
	domainID string
	row      certRow
	keys     confirmKeys

	reasonIdx   int
	typed       textinput.Model
	typedOffset int // first rune of typed in view; see escapedInputView
	errText     string
	width       int
	frame       dialogFrame
}

func newConfirmDialog(c *Common, kind confirmKind, domainID string, row certRow) *confirmDialog {
	d := &confirmDialog{c: c, kind: kind, domainID: domainID, row: row, keys: newConfirmKeys(kind)}
	d.frame.keys = "↑/↓ scroll"
	if kind == confirmDelete {
		d.typed = textinput.New()
		d.typed.SetStyles(c.Styles.Input)
		d.typed.Prompt = "> "
		d.typed.CharLimit = maxEntityIDLength * 2
		d.typed.Focus()
	}
	return d
}

// SetSize sets the room the dialog may use.
func (d *confirmDialog) SetSize(width, height int) {
	d.width, d.frame.height = width, height
	d.typed.SetWidth(max(min(width-10, 50), 10))
}

// Update answers the question.
func (d *confirmDialog) Update(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case isKey && key.Matches(k, d.keys.No):
		return d.c.nav.closeDialog()
	case isKey && key.Matches(k, d.keys.Yes):
		return d.run()
	case isKey && key.Matches(k, d.keys.Reason):
		d.reasonIdx = (d.reasonIdx + 1) % len(revokeReasons)
		return nil
	case isKey && key.Matches(k, d.keys.ReasonBack):
		d.reasonIdx = (d.reasonIdx + len(revokeReasons) - 1) % len(revokeReasons)
		return nil
	case isKey && key.Matches(k, d.keys.ScrollUp):
		d.frame.scroll(-1)
		return nil
	case isKey && key.Matches(k, d.keys.ScrollDown):
		d.frame.scroll(1)
		return nil
	case isKey && key.Matches(k, d.keys.Submit):
		// The drawn form of the entity ID is what the operator can type,
		// so it confirms as well as the ID itself. Spaces are compared
		// too, because the service keeps them: "vm one " and "vm one" are
		// two entities, and an ID may be spaces only.
		if typed := d.typed.Value(); typed != d.row.entity && typed != d.row.apiEntity {
			d.errText = mismatchText(typed, d.row.entity)
			return nil
		}
		return d.run()
	case d.kind == confirmDelete:
		var cmd tea.Cmd
		d.typed, cmd = d.typed.Update(msg)
		return cmd
	}
	return nil
}

// mismatchText returns the error for typed text that differs from the entity
// ID, which is given in its drawn form. Short values are quoted, with
// invisible characters as escapes like the input draws them. Long ones are
// left out because the dialog already shows both, and quoting them would
// push the input off a small terminal. Spaces at either end are counted
// in words, so a difference of one trailing space is plain to see.
func mismatchText(typed, entity string) string {
	var b strings.Builder
	if len(typed)+len(entity) <= 60 {
		fmt.Fprintf(&b, "%s does not match the entity ID \"%s\"", quoteInput(typed), entity)
	} else {
		fmt.Fprintf(&b, "The typed text does not match the entity ID (%d characters)", len([]rune(entity)))
	}

	typedNote, entityNote := edgeSpaceNote(typed), edgeSpaceNote(entity)
	if typedNote != entityNote {
		if typedNote == "" {
			typedNote = "has no space at either end"
		}
		if entityNote == "" {
			entityNote = "has no space at either end"
		}
		fmt.Fprintf(&b, ": the typed text %s, the entity ID %s", typedNote, entityNote)
	}
	b.WriteString("; type it exactly, or esc to cancel")
	return b.String()
}

func (d *confirmDialog) run() tea.Cmd {
	a := action{domainID: d.domainID, serial: d.row.apiSerial, entity: d.row.apiEntity}
	switch d.kind {
	case confirmRenew:
		a.kind = actionRenew
	case confirmRevoke:
		a.kind = actionRevoke
		if d.reasonIdx > 0 {
			a.reason = revokeReasons[d.reasonIdx]
		}
	case confirmDelete:
		a.kind = actionDelete
	}
	d.c.nav.closeDialog()
	return d.c.runAction(a)
}

// View draws the question in a box; destructive ones in the danger colour.
func (d *confirmDialog) View() string {
	st := d.c.Styles
	w := dialogTextWidth(d.width)
	target := fmt.Sprintf("%s (serial %s)", d.row.entity, d.row.serial)
	d.frame.muted = st.Muted
	var lines, footer []string

	switch d.kind {
	case confirmRenew:
		// The title and the keys stay in view, and a long entity ID
		// scrolls between them.
		header := []string{st.Title.Render("Renew certificate"), ""}
		lines = []string{
			st.Text.Width(w).Render("Renew " + target + "?"),
			st.Muted.Width(w).Render("A new certificate is issued; this one stays valid until it expires."),
		}
		footer = []string{"", st.Key.Render("y") + st.Text.Render(" renew   ") + st.Key.Render("N") + st.Text.Render(" cancel")}
		return d.frame.renderPinned(st.Dialog, header, lines, footer, -1, -1)

	case confirmRevoke:
		header := []string{st.Error.Render("Revoke certificate"), ""}
		lines = []string{
			st.Text.Width(w).Render("Revoke " + target + "? This cannot be undone."),
			"",
			st.FieldLabel.Render("Reason (←/→): ") + st.ChoiceActive.Render(revokeReasons[d.reasonIdx]),
		}
		footer = []string{"", st.Key.Render("y") + st.Text.Render(" revoke   ") + st.Key.Render("N") + st.Text.Render(" cancel")}
		return d.frame.renderPinned(st.DangerDialog, header, lines, footer, -1, -1)

	case confirmDelete:
		lines = []string{
			st.Error.Render("Delete the certificates of an entity"),
			"",
			st.Text.Width(w).Render("Every certificate of " + d.row.entity + " is revoked and removed from the list."),
		}
		// Spaces at the ends are part of the ID but do not show, so the
		// operator reads how many to type.
		if note := edgeSpaceNote(d.row.entity); note != "" {
			lines = append(lines, st.Muted.Width(w).Render("The entity ID "+note+"."))
		}
		prompt := len(lines)
		lines = append(lines,
			st.Text.Render("Type the entity ID to confirm:"),
			escapedInputView(d.typed, &d.typedOffset),
		)
		if d.errText != "" {
			lines = append(lines, st.FieldError.Width(w).Render(d.errText))
		}
		footer = []string{"", st.Key.Render("enter") + st.Text.Render(" delete   ") + st.Key.Render("esc") + st.Text.Render(" cancel")}

		// A long entity ID pushes the prompt down, so on a small terminal
		// the window follows the prompt, the input and the error.
		d.frame.keys = ""
		return d.frame.renderFollowing(st.DangerDialog, lines, footer, prompt, len(lines)-1)
	}
	return st.Error.Render("unknown confirmation")
}

// ShortHelp lists the dialog's keys for the hint bar.
func (d *confirmDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Yes, d.keys.Reason, d.keys.Submit, d.keys.No}
}

// FullHelp lists the dialog's keys for the help overlay.
func (d *confirmDialog) FullHelp() [][]key.Binding {
	return [][]key.Binding{d.ShortHelp(), {d.keys.ScrollUp}}
}
