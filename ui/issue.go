package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// Fields of the issue form, in tab order.
const (
	fieldEntityID = iota
	fieldEntityType
	fieldIPs
	fieldDNSNames
	fieldTTL
	fieldCommonName
	fieldCount
)

// issueFieldHints are the hint lines of the form, by focused field.
var issueFieldHints = [fieldCount]string{
	fieldEntityID:   "ID of the CVM, computation or backend: up to 128 characters, no slash",
	fieldEntityType: "←/→ picks the entity type; cvm is the default",
	fieldIPs:        "IPv4 or IPv6 addresses, comma or space separated",
	fieldDNSNames:   "Optional host names such as api.example.com, comma or space separated",
	fieldTTL:        "Optional, such as 30d, 1d12h, 720h or 90m; empty uses the service default",
	fieldCommonName: "Optional subject common name, up to 64 characters; empty uses the entity ID",
}

// issueKeys are the keys of the issue form.
type issueKeys struct {
	Next       key.Binding
	Prev       key.Binding
	Choose     key.Binding // next entity type; its help covers both directions
	ChooseBack key.Binding // previous entity type, not listed in help
	Submit     key.Binding
	Cancel     key.Binding
	ScrollUp   key.Binding // scroll the form on a short terminal; its help covers both
	ScrollDown key.Binding
}

func newIssueKeys() issueKeys {
	return issueKeys{
		Next:       key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:       key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Choose:     key.NewBinding(key.WithKeys("right", "space"), key.WithHelp("←/→", "type"), key.WithDisabled()),
		ChooseBack: key.NewBinding(key.WithKeys("left")),
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "issue")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		ScrollUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "scroll")),
		ScrollDown: key.NewBinding(key.WithKeys("pgdown")),
	}
}

// issueDialog is the form that issues a certificate.
type issueDialog struct {
	c        *Common
	domainID string
	keys     issueKeys

	focus    int
	typeIdx  int
	entityID textinput.Model
	ips      textinput.Model
	dnsNames textinput.Model
	ttl      textinput.Model
	cn       textinput.Model // subject common name
	offsets  [fieldCount]int // first rune shown of each input whose value inputView draws
	errText  string          // inline validation message naming the bad value, or the server's rejection
	warnText string          // warning shown instead of sending, such as a space at the end of the entity ID
	warned   map[string]bool // warnings shown; an enter after one sends despite it
	pending  int             // task id of the issue request in flight; 0 when none
	width    int
	frame    dialogFrame
	followed string // state the frame last followed; see View
}

func newIssueDialog(c *Common, domain client.Domain) *issueDialog {
	newInput := func(placeholder string) textinput.Model {
		in := textinput.New()
		in.SetStyles(c.Styles.Input)
		in.Prompt = ""
		in.Placeholder = placeholder
		in.CharLimit = 512
		return in
	}

	d := &issueDialog{
		c:        c,
		domainID: domain.ID,
		keys:     newIssueKeys(),
		entityID: newInput("cvm-01"),
		ips:      newInput("10.0.0.5, fd00::5 (optional)"),
		dnsNames: newInput("api.example.com (optional)"),
		ttl:      newInput("service default; e.g. 30d or 720h"),
		cn:       newInput("the entity ID"),
		frame:    dialogFrame{keepFirst: true, keys: "pgup/pgdn scroll"},
		warned:   map[string]bool{},
	}
	d.entityID.Focus()
	return d
}

// SetSize sets the room the form may use.
func (d *issueDialog) SetSize(width, height int) {
	d.width, d.frame.height = width, height
	// Labels take 15 cells, the box border and padding 4, the cursor 1, and
	// a column stays free on each side.
	w := max(min(width-22, 50), 10)
	for field := range fieldCount {
		if in := d.input(field); in != nil {
			in.SetWidth(w)
		}
	}
}

// Update edits the fields; enter validates and submits.
func (d *issueDialog) Update(msg tea.Msg) tea.Cmd {
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey {
		switch {
		case key.Matches(k, d.keys.Cancel):
			return d.c.nav.closeDialog()
		case key.Matches(k, d.keys.Submit):
			if d.pending != 0 {
				return nil // one request at a time: an issue must never repeat by accident
			}
			return d.submit()
		case key.Matches(k, d.keys.Next):
			return d.moveFocus(1)
		case key.Matches(k, d.keys.Prev):
			return d.moveFocus(-1)
		case key.Matches(k, d.keys.ScrollUp, d.keys.ScrollDown):
			// Lay out first: a focus change not drawn yet would otherwise
			// move the window back once drawn, undoing the scroll.
			d.View()
			page := max(d.frame.height/2, 1)
			if key.Matches(k, d.keys.ScrollUp) {
				page = -page
			}
			d.frame.scroll(page)
			return nil
		case d.focus == fieldEntityType && key.Matches(k, d.keys.Choose):
			d.typeIdx = (d.typeIdx + 1) % len(entityTypes)
			return nil
		case d.focus == fieldEntityType && key.Matches(k, d.keys.ChooseBack):
			d.typeIdx = (d.typeIdx + len(entityTypes) - 1) % len(entityTypes)
			return nil
		}
	}

	// Text and pastes go to the focused input; textinput turns pasted line
	// breaks into spaces, so a paste never submits the form.
	var cmd tea.Cmd
	if in := d.input(d.focus); in != nil {
		*in, cmd = in.Update(msg)
	}
	return cmd
}

func (d *issueDialog) moveFocus(step int) tea.Cmd {
	d.focus = (d.focus + step + fieldCount) % fieldCount
	for field := range fieldCount {
		if in := d.input(field); in != nil {
			in.Blur()
		}
	}
	// The entity type keys show in the hint bar only where they work, which
	// also keeps the bar within 60 columns.
	d.keys.Choose.SetEnabled(d.focus == fieldEntityType)

	if in := d.input(d.focus); in != nil {
		return in.Focus()
	}
	return nil
}

// request validates every field and builds the issue request; the error
// names the first bad value.
func (d *issueDialog) request() (client.IssueRequest, int, error) {
	// The entity ID is sent as typed: the service keeps spaces at its
	// ends, so trimming them here would send another ID than the one shown.
	entityID := d.entityID.Value()
	if err := validateEntityID(entityID); err != nil {
		return client.IssueRequest{}, fieldEntityID, err
	}

	ips, err := parseIPList(d.ips.Value())
	if err != nil {
		return client.IssueRequest{}, fieldIPs, err
	}

	dnsNames, err := parseDNSNames(d.dnsNames.Value())
	if err != nil {
		return client.IssueRequest{}, fieldDNSNames, err
	}

	ttl, err := parseTTL(d.ttl.Value())
	if err != nil {
		return client.IssueRequest{}, fieldTTL, err
	}

	// Like the entity ID, the common name is sent as typed.
	commonName := d.cn.Value()
	if err := validateCommonName(commonName, entityID); err != nil {
		return client.IssueRequest{}, fieldCommonName, err
	}

	return client.IssueRequest{
		EntityType:  entityTypes[d.typeIdx],
		EntityID:    entityID,
		IPAddresses: ips,
		DNSNames:    dnsNames,
		TTL:         ttl,
		CommonName:  commonName,
	}, 0, nil
}

// edgeSpaces returns the first warning not shown yet about a space at
// either end of the entity ID or the common name, and the field it is
// about. It returns "" when every such warning has been shown.
func (d *issueDialog) edgeSpaces(req client.IssueRequest) (string, int) {
	checks := []struct {
		field       int
		name, value string
	}{
		{fieldEntityID, "entity ID", req.EntityID},
		{fieldCommonName, "common name", req.CommonName},
	}
	for _, c := range checks {
		if warning := edgeSpaceWarning(c.name, c.value); warning != "" && !d.warned[warning] {
			return warning, c.field
		}
	}
	return "", 0
}

func (d *issueDialog) submit() tea.Cmd {
	req, field, err := d.request()
	if err != nil {
		d.errText, d.warnText = err.Error(), ""
		return d.moveFocus(field - d.focus)
	}
	if warning, field := d.edgeSpaces(req); warning != "" {
		d.errText, d.warnText = "", warning
		d.warned[warning] = true
		return d.moveFocus(field - d.focus)
	}

	// The form stays open with its values until the server accepts the
	// request, so a rejection can be corrected and sent again.
	d.errText, d.warnText = "", ""
	id, run := d.c.startAction(action{kind: actionIssue, domainID: d.domainID, entity: req.EntityID, issue: req})
	d.pending = id
	return run
}

// finish takes the result of the form's request. It reports whether the
// form stays open: only after an error, which the form then shows in full.
func (d *issueDialog) finish(msg actionDoneMsg) bool {
	d.pending = 0
	if msg.err == nil {
		return false
	}
	d.errText = describeError("Issue", msg.err)
	return true
}

// View draws the form in a box.
func (d *issueDialog) View() string {
	st := d.c.Styles
	label := func(field int, text string) string {
		if d.focus == field {
			return st.FieldFocused.Render("› " + text)
		}
		return st.FieldLabel.Render("  " + text)
	}

	var types []string
	for i, t := range entityTypes {
		// Brackets mark the choice without colour as well.
		if i == d.typeIdx {
			types = append(types, st.ChoiceActive.Render("["+t+"]"))
		} else {
			types = append(types, st.Choice.Render(" "+t+" "))
		}
	}

	header := []string{st.Title.Render("Issue a certificate"), ""}
	lines := []string{
		label(fieldEntityID, "Entity ID    ") + d.inputView(fieldEntityID),
		label(fieldEntityType, "Entity type  ") + strings.Join(types, " "),
		label(fieldIPs, "IP addresses ") + d.inputView(fieldIPs),
		label(fieldDNSNames, "DNS names    ") + d.inputView(fieldDNSNames),
		label(fieldTTL, "TTL          ") + d.inputView(fieldTTL),
		label(fieldCommonName, "Common name  ") + d.inputView(fieldCommonName),
		"",
	}
	message, notice := d.message()
	lines = append(lines, message)

	// Up and down move between fields, so on a short terminal the window
	// follows the focused field, and down to a notice such as an error as
	// far as it fits. It follows only when the focus, the message or the
	// size changed, so pgup and pgdn can scroll the rest into view.
	first, last := -1, -1
	state := fmt.Sprintf("%d\x00%s\x00%dx%d", d.focus, message, d.width, d.frame.height)
	if state != d.followed {
		d.followed = state
		first, last = d.focus, d.focus
		if notice {
			last = len(lines) - 1
		}
	}
	d.frame.muted = st.Muted
	return d.frame.renderPinned(st.Dialog, header, lines, nil, first, last)
}

// message draws the line below the fields: the request in flight, an
// error, a warning, or the hint of the focused field. notice is false for
// the hint.
func (d *issueDialog) message() (message string, notice bool) {
	st := d.c.Styles
	width := min(dialogTextWidth(d.width), 72)
	switch {
	case d.pending != 0:
		return st.Info.Render("Issuing…"), true
	case d.errText != "":
		return st.FieldError.Width(width).Render(d.errText), true
	case d.warnText != "":
		return st.Warning.Width(width).Render(d.warnText), true
	case d.rejectedInput() != "":
		return st.FieldError.Width(width).Render(d.rejectedInput()), true
	}
	return st.Muted.Width(width).Render(issueFieldHints[d.focus]), false
}

// ShortHelp lists the form's keys for the hint bar.
func (d *issueDialog) ShortHelp() []key.Binding {
	return []key.Binding{d.keys.Next, d.keys.Choose, d.keys.Submit, d.keys.Cancel}
}

// FullHelp lists the form's keys for the help overlay.
func (d *issueDialog) FullHelp() [][]key.Binding {
	return [][]key.Binding{{d.keys.Next, d.keys.Prev, d.keys.Choose}, {d.keys.Submit, d.keys.Cancel, d.keys.ScrollUp}}
}
