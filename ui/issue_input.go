package ui

import (
	"fmt"

	"charm.land/bubbles/v2/textinput"
)

// input returns the text input of field, or nil for the entity type.
func (d *issueDialog) input(field int) *textinput.Model {
	switch field {
	case fieldEntityID:
		return &d.entityID
	case fieldIPs:
		return &d.ips
	case fieldDNSNames:
		return &d.dnsNames
	case fieldTTL:
		return &d.ttl
	case fieldCommonName:
		return &d.cn
	}
	return nil
}

// inputView draws the text input of field, with invisible characters as
// escapes (see escapedInputView).
func (d *issueDialog) inputView(field int) string {
	return escapedInputView(*d.input(field), &d.offsets[field])
}

// rejectedInput returns a message naming the first character of the focused
// input that the service rejects, and "" when there is none. The form shows
// it while the operator types, before enter.
func (d *issueDialog) rejectedInput() string {
	in := d.input(d.focus)
	if in == nil {
		return ""
	}
	for _, r := range in.Value() {
		if rejectedRune(r) {
			// Short, so that it fits one row of the form at 60 columns.
			return fmt.Sprintf("Delete the invisible %U; the service rejects it", r)
		}
	}
	return ""
}
