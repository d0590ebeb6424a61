package sanitize

import "testing"

func TestText(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"plain", "cvm-01", "cvm-01"},
		{"colour sequence", "\x1b[31mred\x1b[0m", "red"},
		{"cursor movement", "a\x1b[2Jb\x1b[10;10Hc", "abc"},
		{"window title OSC", "\x1b]0;owned\x07name", "name"},
		{"clipboard OSC 52", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"},
		{"bell and backspace", "a\x07b\x08c", "abc"},
		{"DEL", "a\x7fb", "ab"},
		{"C1 CSI as one rune", "a\u009b31mb", "a31mb"},
		{"C1 NEL", "a\u0085b", "ab"},
		{"newline and tab", "a\nb\tc\r", "a b c "},
		{"invalid UTF-8", "a\xffb", "ab"},
		{"wide characters kept", "証明書-ü", "証明書-ü"},
		{"ESC starts a sequence", "a\x1bb", "a"},
		{"right-to-left override", "abc\u202Efed", "abc<U+202E>fed"},
		{"bidi isolate", "a\u2067b\u2069", "a<U+2067>b<U+2069>"},
		{"zero width space", "cvm\u200B-1", "cvm<U+200B>-1"},
		{"no-break space", "vm\u00a0x", "vm<U+00A0>x"},
		{"ideographic space", "vm\u3000x", "vm<U+3000>x"},
		{"ascii space kept", "vm x", "vm x"},
		{"byte order mark", "\uFEFFcvm", "<U+FEFF>cvm"},
		{"soft hyphen", "a\u00ADb", "a<U+00AD>b"},
		{"Hangul filler", "a\u3164b", "a<U+3164>b"},
		{"tag character", "a\U000E0041b", "a<U+E0041>b"},
		{"line separator", "a\u2028b\u2029c", "a b c"},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.in); got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTextLeavesNoControl(t *testing.T) {
	in := "\u202E\u200B\uFEFF\u2066\x1b[?1049h\x1bP1$r\x1b\\\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\x9b\x1b7\x1b8"

	for _, r := range Text(in) {
		if isControl(r) || IsInvisible(r) {
			t.Fatalf("Text(%q) kept control %U", in, r)
		}
	}
}

func BenchmarkTextPlain(b *testing.B) {
	for b.Loop() {
		Text("backend-0001-eu-west")
	}
}
