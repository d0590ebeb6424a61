package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on the DNS names of one certificate, as the local server sets them.
const (
	maxDNSNames       = 100 // distinct names in one certificate
	maxDNSNameLength  = 253 // characters, without a trailing dot (RFC 1035 section 2.3.4)
	maxDNSLabelLength = 63  // characters in one label (RFC 1035 section 2.3.4)
)

// parseDNSNames splits names on commas and spaces and checks each with the
// local server's rules. A name has at most 253 characters without a
// trailing dot and may start with a "*." wildcard. Its labels have 1 to 63
// letters, digits and hyphens and neither start nor end with a hyphen.
// Repeats are kept once, with the first spelling, and compared as the
// server compares them: without letter case and without a trailing dot.
// Empty text returns no names.
func parseDNSNames(text string) ([]string, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })

	seen := make(map[string]bool, len(fields))
	names := make([]string, 0, len(fields))
	for _, name := range fields {
		if err := checkDNSName(name); err != nil {
			return nil, err
		}

		key := strings.ToLower(strings.TrimSuffix(name, "."))
		if seen[key] {
			continue
		}
		if len(names) == maxDNSNames {
			return nil, fmt.Errorf("more than %d distinct DNS names; a certificate may contain at most %d: remove some", maxDNSNames, maxDNSNames)
		}
		seen[key] = true
		names = append(names, name)
	}
	return names, nil
}

// checkDNSName returns an error naming name and its first problem when the
// local server would reject it.
func checkDNSName(name string) error {
	// The server counts bytes, which equal characters for the ASCII names
	// it accepts. Counting characters here keeps the message true for any
	// text, and a non-ASCII name is rejected below anyway.
	if n := utf8.RuneCountInString(strings.TrimSuffix(name, ".")); n > maxDNSNameLength {
		return fmt.Errorf("DNS name %s… is %d characters long; use at most %d", quoteInputPrefix(name, 40), n, maxDNSNameLength)
	}

	labels := strings.TrimSuffix(strings.TrimPrefix(name, "*."), ".")
	if labels == "" {
		return fmt.Errorf("DNS name %s has no labels; write a host name such as api.example.com or *.example.com", quoteInput(name))
	}
	for _, label := range strings.Split(labels, ".") {
		if err := checkDNSLabel(name, label); err != nil {
			return err
		}
	}
	return nil
}

// checkDNSLabel checks one label of name.
func checkDNSLabel(name, label string) error {
	switch n := utf8.RuneCountInString(label); {
	case n == 0:
		return fmt.Errorf("DNS name %s has an empty label; remove the extra dot", quoteInput(name))
	case n > maxDNSLabelLength:
		return fmt.Errorf("DNS name %s… has a label of %d characters; use at most %d per label", quoteInputPrefix(name, 40), n, maxDNSLabelLength)
	case label[0] == '-' || label[len(label)-1] == '-':
		return fmt.Errorf("DNS name %s has the label %s, which starts or ends with a hyphen; move or remove the hyphen", quoteInput(name), quoteInput(label))
	}

	for _, r := range label {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			continue
		case r == '*':
			return fmt.Errorf("DNS name %s has a * outside a leading \"*.\"; write a wildcard as *.example.com", quoteInput(name))
		case r > unicode.MaxASCII && !rejectedRune(r) && unicode.IsLetter(r):
			return fmt.Errorf("DNS name %s contains %s; write an internationalized name in its xn-- (punycode) form", quoteInput(name), quoteInput(string(r)))
		}
		return fmt.Errorf("DNS name %s contains the character %U; use only letters a-z, digits, hyphens and dots", quoteInput(name), r)
	}
	return nil
}
