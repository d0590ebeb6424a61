package config

import (
	"fmt"
	"slices"
	"strings"
)

// Profile keys as written in the file.
const (
	keyLocal              = "local"
	keyData               = "data"
	keyURL                = "url"
	keyDomainsURL         = "domains_url"
	keyDomains            = "domains"
	keyToken              = "token"
	keyTokenFile          = "token_file"
	keyCAFile             = "ca_file"
	keyInsecureSkipVerify = "insecure_skip_verify"
	keyDownloadDir        = "download_dir"
	keyReadOnly           = "read_only"
	keyLogFile            = "log_file"
	keyExpiringWithin     = "expiring_within"
	keyTheme              = "theme"
	keyUsersURL           = "users_url"
	keyColors             = "colors"
)

// ProfileKeys returns every key a profile may hold, in the order the README
// documents them.
func ProfileKeys() []string {
	return []string{
		keyLocal, keyData, keyURL, keyDomainsURL, keyDomains, keyToken, keyTokenFile,
		keyCAFile, keyInsecureSkipVerify, keyDownloadDir, keyReadOnly, keyLogFile, keyExpiringWithin,
		keyTheme, keyColors, keyUsersURL,
	}
}

// build checks the decoded tree and turns it into a File. Every error names
// the dotted key and, where the document records it, the line.
func build(doc *document) (*File, error) {
	f := &File{Profiles: map[string]Profile{}}

	for _, key := range keysByLine(doc, doc.tree) {
		value := doc.tree[key]
		switch key {
		case "default_profile":
			name, ok := value.(string)
			if !ok {
				return nil, doc.errorAt([]string{key}, "must be a profile name in quotes, not %s", describe(value))
			}
			f.DefaultProfile = name

		case "profiles":
			table, ok := value.(map[string]any)
			if !ok {
				return nil, doc.errorAt([]string{key}, "must be a table of named profiles, not %s", describe(value))
			}
			for _, name := range keysByLine(doc, table, key) {
				p, err := buildProfile(doc, name, table[name])
				if err != nil {
					return nil, err
				}
				f.Profiles[name] = p
			}

		default:
			if slices.Contains(ProfileKeys(), key) {
				return nil, doc.errorAt([]string{key},
					"is a profile setting; move it into a profile, such as [profiles.work] in TOML or profiles: work: in YAML")
			}
			return nil, doc.errorAt([]string{key}, "unknown key; the top-level keys are default_profile and profiles")
		}
	}

	if f.DefaultProfile != "" {
		if _, ok := f.Profiles[f.DefaultProfile]; !ok {
			return nil, doc.errorAt([]string{"default_profile"}, "names profile %q, which is not defined; the profiles are: %s",
				f.DefaultProfile, strings.Join(f.Names(), ", "))
		}
	}
	return f, nil
}

// buildProfile reads the keys of one profile and checks them together.
func buildProfile(doc *document, name string, value any) (Profile, error) {
	path := []string{"profiles", name}
	if strings.TrimSpace(name) == "" {
		return Profile{}, doc.errorAt(path, "a profile name must not be empty")
	}
	table, ok := value.(map[string]any)
	if !ok {
		return Profile{}, doc.errorAt(path, "must be a table of settings, not %s", describe(value))
	}

	p := Profile{Name: name}
	for _, key := range keysByLine(doc, table, path...) {
		keyPath := append(slices.Clone(path), key)
		if err := setProfileKey(&p, key, table[key]); err != nil {
			return Profile{}, doc.errorAt(keyPath, "%s", err.Error())
		}
	}

	if key, err := checkProfile(&p); err != nil {
		return Profile{}, doc.errorAt(append(slices.Clone(path), key), "%s", err.Error())
	}
	return p, nil
}

// setProfileKey stores one value, checking its type and its format.
func setProfileKey(p *Profile, key string, value any) error {
	var err error
	switch key {
	case keyLocal:
		p.Local, err = boolValue(value)
	case keyReadOnly:
		p.ReadOnly, err = boolValue(value)
	case keyInsecureSkipVerify:
		p.InsecureSkipVerify, err = boolValue(value)
	case keyData:
		p.DataDir, err = stringValue(value)
	case keyURL:
		p.URL, err = urlValue(value)
	case keyDomainsURL:
		p.DomainsURL, err = urlValue(value)
	case keyDomains:
		p.Domains, err = domainsValue(value)
	case keyToken:
		p.Token, err = tokenValue(value)
	case keyTokenFile:
		p.TokenFile, err = stringValue(value)
	case keyCAFile:
		p.CAFile, err = stringValue(value)
	case keyDownloadDir:
		p.DownloadDir, err = stringValue(value)
	case keyLogFile:
		p.LogFile, err = stringValue(value)
	case keyExpiringWithin:
		p.ExpiringWithin, err = durationValue(value)
	case keyUsersURL:
		p.UsersURL, err = urlValue(value)
	case keyTheme:
		p.Theme, err = themeValue(value)
	case keyColors:
		p.Colors, err = colorsValue(value)
	default:
		err = fmt.Errorf("unknown key; a profile may hold: %s", strings.Join(ProfileKeys(), ", "))
	}
	return err
}

// checkProfile rejects settings that contradict each other and returns the
// key to blame.
func checkProfile(p *Profile) (string, error) {
	switch {
	case p.Local && p.URL != "":
		return keyURL, fmt.Errorf("a profile with local = true cannot also have a url; remove one of them")
	case p.URL != "" && p.DataDir != "":
		return keyData, fmt.Errorf("data is the local-mode server's folder and has no use with a url; remove it")
	case p.Token != "" && p.TokenFile != "":
		return keyTokenFile, fmt.Errorf("set either token or token_file, not both")
	case p.Local && (p.Token != "" || p.TokenFile != ""):
		return keyToken, fmt.Errorf("a local profile gets a new token on every run; remove the token settings")
	case p.Local && (p.CAFile != "" || p.InsecureSkipVerify || p.DomainsURL != ""):
		return keyLocal, fmt.Errorf("ca_file, insecure_skip_verify and domains_url apply only to a profile with a url")
	case p.Local && p.UsersURL != "":
		return keyUsersURL, fmt.Errorf("a local profile gets a new token on every run, so it needs no users_url; remove it")
	}
	return "", nil
}

// errorAt builds an *Error for the dotted key path; the caller fills Path.
func (doc *document) errorAt(key []string, format string, args ...any) *Error {
	return &Error{
		Line:    doc.lineOf(key...),
		Key:     strings.Join(key, "."),
		Message: fmt.Sprintf(format, args...),
	}
}

// keysByLine returns the keys of table in the order they appear in the file,
// so the first error reported is the first one an operator reads.
func keysByLine(doc *document, table map[string]any, parent ...string) []string {
	keys := make([]string, 0, len(table))
	lines := make(map[string]int, len(table))
	for key := range table {
		keys = append(keys, key)
		lines[key] = doc.lineOf(append(slices.Clone(parent), key)...)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if lines[a] != lines[b] {
			return lines[a] - lines[b]
		}
		return strings.Compare(a, b)
	})
	return keys
}
