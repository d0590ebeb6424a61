// Package sanitize makes untrusted text safe to draw in a terminal. Every
// string that comes from a certs service or a certificate passes through Text
// before the console draws it, so a crafted entity ID cannot move the cursor,
// change colours, set the window title or write to the clipboard. An
// invisible or bidi character cannot hide or reorder text or shift columns.
package sanitize

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Text removes terminal escape sequences (CSI, OSC, DCS and the rest) and then
// every remaining C0 control, DEL and C1 control. Invalid UTF-8 bytes are
// dropped by ansi.Strip. Tabs and line breaks, U+2028 and U+2029 included,
// become single spaces, because each value is drawn on one line. Invisible
// characters (Unicode category Cf, such as U+200B, U+FEFF and the bidi
// controls U+202A to U+202E and U+2066 to U+2069, and the other default
// ignorable code points such as U+3164) become a visible escape like
// <U+202E>, so the operator sees that they are there and can type them.
// Space separators other than U+0020, such as the no-break space U+00A0,
// are escaped the same way, because they look like a plain space.
func Text(s string) string {
	if isPlain(s) {
		return s
	}

	s = ansi.Strip(s)

	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteByte(' ')
		case isControl(r):
			// Dropped: C0, DEL and C1 controls have no visible form.
		case IsInvisible(r) || isLookalikeSpace(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
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

// IsInvisible reports characters that draw nothing or reorder the text
// around them: format characters (category Cf) and the other default
// ignorable code points. Variation selectors are kept, because emoji need
// them.
func IsInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// isLookalikeSpace reports space separators (category Zs) other than the
// ASCII space, which an operator cannot tell from it or type.
func isLookalikeSpace(r rune) bool {
	return r != ' ' && unicode.Is(unicode.Zs, r)
}
