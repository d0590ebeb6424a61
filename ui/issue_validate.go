package ui

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/certs-tui/certs-tui/internal/config"
)

// entityTypes are the entity types the certs service accepts, default first.
var entityTypes = []string{"cvm", "computation", "backend"}

// minTTL is the shortest TTL the local server accepts: a shorter one would
// give a certificate that expires before it can be used.
const minTTL = time.Minute

// maxEntityIDLength bounds an entity ID in characters, as the local server does.
const maxEntityIDLength = 128

// validateEntityID checks an entity ID with the local server's rules, so the
// operator sees the problem before anything is sent: 1 to 128 characters, no
// control or invisible character (see rejectedRune), no slash, and not "."
// or "..". Spaces are allowed inside the ID and at its ends. The form warns
// about spaces at the ends separately (see edgeSpaceWarning).
func validateEntityID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("entity ID is missing; type the ID of the CVM, computation or backend")
	case utf8.RuneCountInString(id) > maxEntityIDLength:
		return fmt.Errorf("entity ID is %d characters long; use at most %d", utf8.RuneCountInString(id), maxEntityIDLength)
	}

	if id == "." || id == ".." {
		return fmt.Errorf("entity ID %s names a path segment; choose another ID", quoteInput(id))
	}
	for _, r := range id {
		if r == '/' {
			return fmt.Errorf("entity ID %s contains a slash; remove it", quoteInput(id))
		}
		if err := checkRune("entity ID", id, r); err != nil {
			return err
		}
	}
	return nil
}

// maxCommonNameLength is ub-common-name of RFC 5280 appendix A, in
// characters. The local server rejects a longer common name.
const maxCommonNameLength = 64

// validateCommonName checks the optional common name with the local
// server's rules: at most 64 characters and no control or invisible
// character. An empty common name makes the service use the entity ID, so
// then the entity ID must fit in a common name.
func validateCommonName(commonName, entityID string) error {
	if commonName == "" {
		if n := utf8.RuneCountInString(entityID); n > maxCommonNameLength {
			return fmt.Errorf("entity ID has %d characters, too long for a certificate's common name (maximum %d): enter a shorter common name", n, maxCommonNameLength)
		}
		return nil
	}

	if n := utf8.RuneCountInString(commonName); n > maxCommonNameLength {
		return fmt.Errorf("common name is %d characters long, above the maximum of %d: shorten it", n, maxCommonNameLength)
	}
	for _, r := range commonName {
		if err := checkRune("common name", commonName, r); err != nil {
			return err
		}
	}
	return nil
}

// rejectedRune reports whether the local server rejects r in an entity ID
// or a common name. These are the control characters and the code points
// that draw nothing or reorder the text around them: Unicode categories
// Cf, Zl and Zp, the bidi and join controls, variation selectors and the
// other default-ignorable code points. They let two different IDs look the
// same on a terminal.
func rejectedRune(r rune) bool {
	return unicode.IsControl(r) ||
		unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Bidi_Control, unicode.Join_Control,
			unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}

// checkRune returns an error naming r by its code point when the server
// rejects it in the field what.
func checkRune(what, value string, r rune) error {
	switch {
	case unicode.IsControl(r):
		return fmt.Errorf("%s %s contains the control character %U; remove it", what, quoteInput(value), r)
	case rejectedRune(r):
		return fmt.Errorf("%s %s contains the invisible character %U; remove it", what, quoteInput(value), r)
	}
	return nil
}

// edgeSpaceWarning returns a warning when value starts or ends with a
// space, which the service keeps as part of the value, and "" otherwise.
func edgeSpaceWarning(what, value string) string {
	var where string
	switch trimmed := strings.TrimSpace(value); {
	case trimmed == value:
		return ""
	case strings.TrimLeftFunc(value, unicode.IsSpace) == value:
		where = "ends"
	case strings.TrimRightFunc(value, unicode.IsSpace) == value:
		where = "starts"
	default:
		where = "starts and ends"
	}
	return fmt.Sprintf("%s %s %s with a space, which the service keeps as part of it; press enter again to send it as shown, or delete the space", what, quoteInput(value), where)
}

// parseIPList splits addresses on commas and spaces and checks each one is
// an IPv4 or IPv6 address. Duplicates are kept once.
func parseIPList(text string) ([]string, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })

	seen := make(map[string]bool, len(fields))
	ips := make([]string, 0, len(fields))
	for _, f := range fields {
		addr, err := netip.ParseAddr(f)
		if err != nil || addr.Zone() != "" {
			return nil, fmt.Errorf("IP address %s is not a valid IPv4 or IPv6 address", quoteInput(f))
		}

		s := addr.String()
		if !seen[s] {
			seen[s] = true
			ips = append(ips, s)
		}
	}
	return ips, nil
}

// parseTTL parses a Go duration ("720h", "90m") that may start with whole
// days ("30d", "1d12h"), as the rest of certs-tui does, and returns it as a
// Go duration string. Empty text returns "", the service default.
func parseTTL(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", nil
	}

	d, err := config.ParseDuration(text)
	if err != nil {
		return "", fmt.Errorf("TTL %s is not a duration; write it like 30d, 1d12h, 720h or 90m", quoteInput(text))
	}
	if d < minTTL {
		return "", fmt.Errorf("TTL %s is too short; use at least %s", quoteInput(text), minTTL)
	}
	return d.String(), nil
}
