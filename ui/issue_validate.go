package ui

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/certs-tui/certs-tui/internal/config"
	"github.com/certs-tui/certs-tui/ui/sanitize"
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
// control characters, no whitespace and no slash.
func validateEntityID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("entity ID is missing; type the ID of the CVM, computation or backend")
	case utf8.RuneCountInString(id) > maxEntityIDLength:
		return fmt.Errorf("entity ID is %d characters long; use at most %d", utf8.RuneCountInString(id), maxEntityIDLength)
	}

	if id == "." || id == ".." {
		return fmt.Errorf("entity ID %q names a path segment; choose another ID", id)
	}
	for _, r := range id {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '/' {
			return fmt.Errorf("entity ID %q contains %q; remove spaces, slashes and control characters", id, r)
		}
		// An invisible or bidi character makes two IDs look alike on
		// screen, so the local server rejects it too.
		if sanitize.IsInvisible(r) {
			return fmt.Errorf("entity ID %+q contains the invisible character %U; remove it", id, r)
		}
	}
	return nil
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
			return nil, fmt.Errorf("IP address %q is not a valid IPv4 or IPv6 address", f)
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
		return "", fmt.Errorf("TTL %q is not a duration; write it like 30d, 1d12h, 720h or 90m", text)
	}
	if d < minTTL {
		return "", fmt.Errorf("TTL %q is too short; use at least %s", text, minTTL)
	}
	return d.String(), nil
}
