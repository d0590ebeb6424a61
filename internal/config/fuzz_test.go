package config

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary text to both parsers and the profile checks:
// they may reject it, but only with an *Error, and must never panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(validTOML), true)
	f.Add([]byte(validYAML), false)
	f.Add([]byte("profiles = { w = { url = 1 } }"), true)
	f.Add([]byte("[profiles]\nw.domains = [1, \"a\"]\n"), true)
	f.Add([]byte("profiles:\n  w: &a {local: true}\n  v: *a\n"), false)
	f.Add([]byte("profiles: [1, 2]\n"), false)

	f.Fuzz(func(t *testing.T, data []byte, isTOML bool) {
		parse := parseYAML
		if isTOML {
			parse = parseTOML
		}

		doc, err := parse(data)
		if err != nil {
			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("parse returned %T %v; want a *config.Error", err, err)
			}
			return
		}

		if _, err := build(doc); err != nil {
			var cfgErr *Error
			if !errors.As(err, &cfgErr) {
				t.Fatalf("build returned %T %v; want a *config.Error", err, err)
			}
		}
	})
}
