package server

import (
	"fmt"
	"net/url"
	"strings"
)

// CheckBaseURL validates the public URL of the server that goes into the
// CRL and OCSP URLs of every issued certificate, and returns it without a
// trailing slash. It must be an absolute http or https URL with a host and
// an optional path prefix, in printable ASCII without spaces. User info, a
// query or a fragment are rejected too, because the URL is copied into
// certificates that clients then fetch from.
func CheckBaseURL(raw string) (string, error) {
	invalid := func(reason string) error {
		return fmt.Errorf("invalid base URL %+q: %s; use an absolute http or https URL such as https://ca.example:9010", raw, reason)
	}

	for _, r := range raw {
		if r <= ' ' || r >= 0x7f {
			return "", invalid("it contains a space, a control character or a character outside ASCII (percent-encode it, or use the punycode form of a host name)")
		}
	}
	if strings.ContainsAny(raw, "?#") {
		return "", invalid("a query or fragment is not allowed")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", invalid("it does not parse as a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", invalid("the scheme must be http or https")
	}
	if u.Opaque != "" || u.Host == "" || u.Hostname() == "" {
		return "", invalid("the host is missing")
	}
	if u.User != nil {
		return "", invalid("user info is not allowed")
	}
	return strings.TrimSuffix(raw, "/"), nil
}
