package config

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"
	"unicode"
)

func boolValue(value any) (bool, error) {
	b, ok := value.(bool)
	if !ok {
		return false, fmt.Errorf("must be true or false, not %s", describe(value))
	}
	return b, nil
}

func stringValue(value any) (string, error) {
	s, ok := value.(string)
	if !ok {
		return "", fmt.Errorf("must be text in quotes, not %s", describe(value))
	}
	if hasControl(s) {
		return "", fmt.Errorf("must not contain control characters such as line breaks")
	}
	return s, nil
}

// CheckURL accepts an http or https URL with a host and no user name or
// password, because credentials in a URL end up in logs and headers.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("invalid URL %q; write it as https://host/path or http://127.0.0.1:9010", raw)
	}
	if u.User != nil {
		return fmt.Errorf("URL %q contains a user name or password; remove it and give the token in token or token_file", u.Redacted())
	}
	return nil
}

func urlValue(value any) (string, error) {
	s, err := stringValue(value)
	if err != nil {
		return "", err
	}
	if err := CheckURL(s); err != nil {
		return "", err
	}
	return s, nil
}

// CheckDomainID accepts a non-empty domain ID without spaces or control
// characters.
func CheckDomainID(id string) error {
	if id == "" {
		return fmt.Errorf("empty domain ID")
	}
	if strings.ContainsFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return fmt.Errorf("domain ID %q contains a space or control character", id)
	}
	return nil
}

func domainsValue(value any) ([]string, error) {
	list, ok := value.([]any)
	if !ok {
		return nil, fmt.Errorf(`must be a list of domain IDs, such as ["d1", "d2"], not %s`, describe(value))
	}

	ids := make([]string, 0, len(list))
	for i, item := range list {
		id, ok := item.(string)
		if !ok {
			return nil, fmt.Errorf("entry %d must be a domain ID in quotes, not %s", i+1, describe(item))
		}
		if err := CheckDomainID(id); err != nil {
			return nil, fmt.Errorf("entry %d: %w", i+1, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// CheckToken accepts a bearer token: not empty, with no spaces or control
// characters, which could not travel in an Authorization header.
func CheckToken(token string) error {
	if token == "" {
		return fmt.Errorf("empty token")
	}
	if strings.ContainsFunc(token, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return fmt.Errorf("the token contains a space or control character")
	}
	return nil
}

func tokenValue(value any) (string, error) {
	s, ok := value.(string)
	if !ok {
		return "", fmt.Errorf("must be the token in quotes, not %s", describe(value))
	}
	if err := CheckToken(s); err != nil {
		return "", err
	}
	return s, nil
}

func durationValue(value any) (time.Duration, error) {
	s, ok := value.(string)
	if !ok {
		return 0, fmt.Errorf(`must be a duration in quotes, such as "14d" or "36h", not %s`, describe(value))
	}
	d, err := ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be longer than zero, not %q", s)
	}
	return d, nil
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// CheckPrivate rejects a secret file that users other than its owner may
// read or write, as ssh does for private keys. Windows has no such mode bits.
func CheckPrivate(path string, info fs.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if mode := info.Mode().Perm(); mode&0o077 != 0 {
		return fmt.Errorf("%s contains a token but other users may read or write it (mode %04o); run chmod 600 %s", path, mode, path)
	}
	return nil
}

// checkTokenPermissions applies CheckPrivate to the config file when any
// profile writes a token in it.
func checkTokenPermissions(f *File, doc *document) error {
	for _, name := range f.Names() {
		if f.Profiles[name].Token == "" {
			continue
		}
		info, err := os.Stat(f.Path)
		if err != nil {
			return err
		}
		if err := CheckPrivate(f.Path, info); err != nil {
			return doc.errorAt([]string{"profiles", name, keyToken}, "%s", err.Error())
		}
		return nil
	}
	return nil
}
