// Package sanitize makes untrusted text safe to draw in a terminal. Every
// string that comes from a certs service or a certificate passes through Text
// before the console draws it, so a crafted entity ID cannot move the cursor,
// change colours, set the window title or write to the clipboard.
package sanitize

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Text removes terminal escape sequences (CSI, OSC, DCS and the rest) and then
// every remaining C0 control, DEL and C1 control. Invalid UTF-8 bytes are
// dropped by ansi.Strip. Tabs and line breaks become
// single spaces, because each value is drawn on one line.
func Text(s string) string {
	if isPlain(s) {
		return s
	}

	s = ansi.Strip(s)

	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case isControl(r):
			// Dropped: C0, DEL and C1 controls have no visible form.
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII only, the common case, which
// needs no copy.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// isControl reports C0 controls, DEL and the C1 range U+0080 to U+009F.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f)
}
