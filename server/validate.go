package server

import (
	"math/big"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxIDLength bounds entity and domain IDs, in characters.
const maxIDLength = 128

// Entity types the API accepts.
var entityTypes = []string{"cvm", "computation", "backend"}

// invisibleRune reports whether r is a control character or a code point
// that renders as nothing or reorders the text around it. These are format
// characters (category Cf, such as U+200B, U+FEFF and the bidi overrides
// U+202A-U+202E), bidi and join controls, variation selectors, other
// default-ignorable code points (such as U+3164) and the line and paragraph
// separators. They let two different IDs look the same on a terminal.
func invisibleRune(r rune) bool {
	return unicode.IsControl(r) ||
		unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Bidi_Control, unicode.Join_Control,
			unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// checkID validates an entity or domain ID: 1 to 128 characters of valid
// UTF-8, no control or invisible characters (see invisibleRune) and no
// slash.
func checkID(what, value string) error {
	if value == "" {
		return newProblem(kindInvalid, "missing %s", what)
	}
	if !utf8.ValidString(value) {
		return newProblem(kindInvalid, "invalid %s %q: not valid UTF-8", what, value)
	}
	if value == "." || value == ".." {
		return newProblem(kindInvalid, "invalid %s %q: \".\" and \"..\" are path segments, not IDs", what, value)
	}
	if n := utf8.RuneCountInString(value); n > maxIDLength {
		return newProblem(kindInvalid, "invalid %s %.40q...: %d characters, at most %d allowed", what, value, n, maxIDLength)
	}
	for _, r := range value {
		if invisibleRune(r) {
			return newProblem(kindInvalid, "invalid %s %+q: control and invisible characters (%U) are not allowed", what, value, r)
		}
		if r == '/' {
			return newProblem(kindInvalid, "invalid %s %q: slashes are not allowed", what, value)
		}
	}
	return nil
}

// checkEntityType accepts cvm, computation and backend.
func checkEntityType(value string) error {
	for _, known := range entityTypes {
		if value == known {
			return nil
		}
	}
	return newProblem(kindInvalid, "invalid entity type %q: use one of %s", value, strings.Join(entityTypes, ", "))
}

// parseSerial reads a serial in decimal, or in hexadecimal with a 0x
// prefix, with colons between bytes, or with any letter a-f, and returns its
// decimal form. Digits alone are read as decimal, the form the API prints.
func parseSerial(value string) (string, error) {
	invalid := func(reason string) error {
		return newProblem(kindInvalid, "invalid serial number %q: %s; give it in decimal or in hex (0x1f, 1f:2a)", value, reason)
	}
	if value == "" {
		return "", invalid("empty")
	}
	if len(value) > 128 {
		return "", invalid("too long")
	}

	digits, base := value, 10
	switch {
	case strings.HasPrefix(value, "0x") || strings.HasPrefix(value, "0X"):
		digits, base = value[2:], 16
	case strings.Contains(value, ":"):
		digits, base = strings.ReplaceAll(value, ":", ""), 16
	case strings.ContainsAny(value, "abcdefABCDEF"):
		base = 16
	}
	if digits == "" {
		return "", invalid("no digits")
	}
	n, ok := new(big.Int).SetString(digits, base)
	if !ok || strings.ContainsAny(digits, "+-_") {
		return "", invalid("not a number")
	}
	if n.Sign() <= 0 {
		return "", invalid("serials are positive")
	}
	return n.String(), nil
}

// Page size bounds of list calls.
const (
	maxPageLimit     = 1000
	defaultPageLimit = 50
)

// parsePage reads the limit and offset query values, with defaults.
func parsePage(limitValue, offsetValue string) (limit, offset int, err error) {
	limit, offset = defaultPageLimit, 0
	if limitValue != "" {
		limit, err = strconv.Atoi(limitValue)
		if err != nil || limit < 1 || limit > maxPageLimit {
			return 0, 0, newProblem(kindInvalid, "invalid limit %q: use a whole number from 1 to %d", limitValue, maxPageLimit)
		}
	}
	if offsetValue != "" {
		offset, err = strconv.Atoi(offsetValue)
		if err != nil || offset < 0 {
			return 0, 0, newProblem(kindInvalid, "invalid offset %q: use a whole number of 0 or more", offsetValue)
		}
	}
	return limit, offset, nil
}

// defaultTTL is the validity of a leaf when the request gives no TTL.
const defaultTTL = 30 * 24 * time.Hour

// minTTL is the shortest validity a request may ask for.
const minTTL = time.Minute

// parseTTL reads a Go duration such as "720h"; empty means defaultTTL.
func parseTTL(value string) (time.Duration, error) {
	if value == "" {
		return defaultTTL, nil
	}
	ttl, err := time.ParseDuration(value)
	if err != nil {
		return 0, newProblem(kindInvalid, "invalid ttl %q: use a Go duration such as 720h or 90m", value)
	}
	if ttl <= 0 {
		return 0, newProblem(kindInvalid, "invalid ttl %+q: it must be positive", value)
	}
	if ttl < minTTL {
		return 0, newProblem(kindInvalid, "invalid ttl %+q: the minimum is %s, because a shorter certificate expires before it can be used", value, minTTL)
	}
	return ttl, nil
}

// Caps on the SANs of one certificate. Certificates with thousands of SANs
// slow down every TLS handshake and every client parsing them, and no
// entity of this API needs more.
const (
	maxIPAddresses = 100
	maxDNSNames    = 100
	maxDNSNameLen  = 253 // 255 octets on the wire (RFC 1035 section 2.3.4), as dotted text without the trailing dot
)

// parseIPs reads IPv4 and IPv6 addresses and drops repeats, comparing the
// normalised forms, so "10.0.0.1" and "::ffff:10.0.0.1" count once.
func parseIPs(values []string) ([]net.IP, error) {
	ips := make([]net.IP, 0, min(len(values), maxIPAddresses))
	seen := make(map[netip.Addr]bool, min(len(values), maxIPAddresses))
	for _, v := range values {
		addr, err := netip.ParseAddr(v)
		if err != nil || addr.Zone() != "" {
			return nil, newProblem(kindInvalid, "invalid IP address %+q in ip_addresses", v)
		}
		addr = addr.Unmap()
		if seen[addr] {
			continue
		}
		if len(ips) == maxIPAddresses {
			return nil, newProblem(kindInvalid, "too many ip_addresses: at most %d distinct addresses are allowed in one certificate", maxIPAddresses)
		}
		seen[addr] = true
		ips = append(ips, net.IP(addr.AsSlice()))
	}
	return ips, nil
}

// checkDNSNames validates host names of letters, digits, hyphens and dots,
// with an optional leading "*." wildcard label, and returns them without
// repeats. Names differing only in letter case count once, because DNS
// compares names without case.
func checkDNSNames(names []string) ([]string, error) {
	unique := make([]string, 0, min(len(names), maxDNSNames))
	seen := make(map[string]bool, min(len(names), maxDNSNames))
	for _, name := range names {
		if !validDNSName(name) {
			return nil, newProblem(kindInvalid, "invalid DNS name %+.80q in dns_names: use letters, digits, hyphens and dots, at most %d characters and 63 per label", name, maxDNSNameLen)
		}
		// A dNSName has no root dot (RFC 5280 section 4.2.1.6), and with one
		// a TLS client would not match the name, so the dot is dropped.
		name = strings.TrimSuffix(name, ".")
		key := strings.ToLower(name)
		if seen[key] {
			continue
		}
		if len(unique) == maxDNSNames {
			return nil, newProblem(kindInvalid, "too many dns_names: at most %d distinct names are allowed in one certificate", maxDNSNames)
		}
		seen[key] = true
		unique = append(unique, name)
	}
	return unique, nil
}

func validDNSName(name string) bool {
	if name == "" || len(strings.TrimSuffix(name, ".")) > maxDNSNameLen {
		return false
	}
	name = strings.TrimPrefix(name, "*.")
	for _, label := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// checkText validates a free-text field such as a domain name: required
// when required is set, at most maxLen characters, no control or invisible
// characters (see invisibleRune).
func checkText(what, value string, required bool, maxLen int) error {
	if value == "" {
		if required {
			return newProblem(kindInvalid, "missing %s", what)
		}
		return nil
	}
	if !utf8.ValidString(value) || utf8.RuneCountInString(value) > maxLen {
		return newProblem(kindInvalid, "invalid %s %.40q: at most %d characters of UTF-8 text", what, value, maxLen)
	}
	for _, r := range value {
		if invisibleRune(r) {
			return newProblem(kindInvalid, "invalid %s %+q: control and invisible characters (%U) are not allowed", what, value, r)
		}
	}
	return nil
}
