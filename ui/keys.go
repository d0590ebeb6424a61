package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/ui/components/table"
)

// KeyMap holds every key of the console. Help and the hint bar are built from
// it, so disabling a binding also removes it from both.
type KeyMap struct {
	Move table.KeyMap

	Open        key.Binding
	Back        key.Binding
	Filter      key.Binding
	FilterApply key.Binding // in the filter prompt
	FilterClear key.Binding // in the filter prompt
	Sort        key.Binding
	SortReverse key.Binding
	FullSerial  key.Binding
	Issue       key.Binding
	Renew       key.Binding
	Revoke      key.Binding
	Delete      key.Binding
	Download    key.Binding
	Refresh     key.Binding
	CA          key.Binding
	Expiry      key.Binding
	Mark        key.Binding
	MarkAll     key.Binding
	ClearMarks  key.Binding
	Palette     key.Binding
	SerialForm  key.Binding
	Help        key.Binding
	Quit        key.Binding
	ForceQuit   key.Binding
}

// DefaultKeyMap returns the default keys. In read-only mode the keys that
// change certificates are disabled, which hides them from help.
func DefaultKeyMap(readOnly bool) KeyMap {
	k := KeyMap{
		Move:        table.DefaultKeyMap(),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:        key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", "back")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		FilterApply: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter, query server")),
		FilterClear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort column")),
		SortReverse: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),
		FullSerial:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "full serials")),
		Issue:       key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "issue")),
		Renew:       key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "renew")),
		Revoke:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "revoke")),
		Delete:      key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "delete entity")),
		Download:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "download")),
		Refresh:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
		CA:          key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "CA chain")),
		Expiry:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "expiry overview")),
		Mark:        key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark for bulk")),
		MarkAll:     key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "mark all shown")),
		ClearMarks:  key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "clear marks")),
		Palette:     key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command")),
		SerialForm:  key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "serials in hex/decimal")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
	}

	if readOnly {
		for _, b := range k.writeKeys() {
			b.SetEnabled(false)
		}
	}
	return k
}

// writeKeys returns the bindings of actions that change certificates.
func (k *KeyMap) writeKeys() []*key.Binding {
	return []*key.Binding{&k.Issue, &k.Renew, &k.Revoke, &k.Delete, &k.Mark, &k.MarkAll, &k.ClearMarks}
}

// rejectedWrite returns the name of the write action a key would run when the
// console is read-only, or "" when the key is not one of them.
func (k *KeyMap) rejectedWrite(pressed string) string {
	for _, b := range k.writeKeys() {
		if b.Enabled() {
			continue
		}
		for _, name := range b.Keys() {
			if name == pressed {
				return b.Help().Desc
			}
		}
	}
	return ""
}

// scrollByKey scrolls view when msg is one of the movement keys: a line,
// a page, or to the top or bottom. Other keys leave the view as it is.
func scrollByKey(view *viewport.Model, m *table.KeyMap, msg tea.KeyPressMsg) {
	switch {
	case key.Matches(msg, m.Up):
		view.ScrollUp(1)
	case key.Matches(msg, m.Down):
		view.ScrollDown(1)
	case key.Matches(msg, m.PageUp):
		view.PageUp()
	case key.Matches(msg, m.PageDown):
		view.PageDown()
	case key.Matches(msg, m.Home):
		view.GotoTop()
	case key.Matches(msg, m.End):
		view.GotoBottom()
	}
}
