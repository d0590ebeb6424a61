// Package config reads the certs-tui config file: named profiles holding the
// console's settings, in TOML or YAML.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// File names looked up in the config folder, in this order.
const (
	TOMLName = "config.toml"
	YAMLName = "config.yaml"
)

// File is a loaded config file.
type File struct {
	Path           string
	DefaultProfile string // profile used when --profile is not given; empty for none
	Profiles       map[string]Profile
}

// Profile is one named set of console settings. Paths are absolute: a "~/"
// prefix is the home folder and a relative path is taken from the config
// file's folder.
type Profile struct {
	Name               string
	Local              bool   // use the embedded local-mode server
	DataDir            string // data folder of the local-mode server
	URL                string // certs service base URL
	DomainsURL         string
	Domains            []string // domain IDs to show when the service cannot list them
	Token              string   // bearer token written in the file itself
	TokenFile          string   // file holding the bearer token
	CAFile             string
	InsecureSkipVerify bool
	DownloadDir        string
	ReadOnly           bool
	LogFile            string
	ExpiringWithin     time.Duration     // zero when the profile does not set it
	UsersURL           string            // users service that issues tokens after a login
	Theme              string            // built-in theme name; empty for the default
	Colors             map[string]string // role colour overrides, checked by theme.Choice.Check
}

// Error is an invalid config file, naming the file and, where known, the line
// and the key.
type Error struct {
	Path    string
	Line    int    // 1-based; zero when unknown
	Key     string // dotted key such as profiles.work.url; empty when the file does not parse
	Message string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("config file ")
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ", line %d", e.Line)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, ", key %s", e.Key)
	}
	b.WriteString(": ")
	b.WriteString(e.Message)
	return b.String()
}

// Find returns the config file in dir, or "" when there is none. Having both
// config.toml and config.yaml is an error, because the choice between them
// would be a silent guess.
func Find(dir string) (string, error) {
	var found []string
	for _, name := range []string{TOMLName, YAMLName} {
		path := filepath.Join(dir, name)
		_, err := os.Stat(path)
		if err == nil {
			found = append(found, path)
			continue
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("config file %s: %w", path, err)
		}
	}

	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	default:
		return "", fmt.Errorf("both %s and %s exist; keep one of them", found[0], found[1])
	}
}

// Load reads and checks the config file at path. The format follows the
// extension: .toml, or .yaml and .yml.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", path, err)
	}

	var doc *document
	switch strings.ToLower(filepath.Ext(path)) {
	case ".toml":
		doc, err = parseTOML(data)
	case ".yaml", ".yml":
		doc, err = parseYAML(data)
	default:
		return nil, &Error{Path: path, Message: "unknown format; name the file config.toml or config.yaml"}
	}
	if err != nil {
		return nil, withPath(err, path)
	}

	file, err := build(doc)
	if err != nil {
		return nil, withPath(err, path)
	}
	file.Path = path

	if err := resolvePaths(file); err != nil {
		return nil, withPath(err, path)
	}
	if err := checkTokenPermissions(file, doc); err != nil {
		return nil, withPath(err, path)
	}
	return file, nil
}

// Names returns the profile names, sorted.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Profiles))
	for name := range f.Profiles {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Profile returns the profile called name, or the default profile when name
// is empty. With no name and no default profile it returns a zero Profile.
func (f *File) Profile(name string) (Profile, error) {
	if name == "" {
		name = f.DefaultProfile
	}
	if name == "" {
		return Profile{}, nil
	}

	p, ok := f.Profiles[name]
	if !ok {
		return Profile{}, f.unknownProfile(name)
	}
	return p, nil
}

func (f *File) unknownProfile(name string) error {
	names := f.Names()
	if len(names) == 0 {
		return fmt.Errorf("profile %q not found: config file %s has no profiles", name, f.Path)
	}
	return fmt.Errorf("profile %q not found in config file %s; the profiles are: %s",
		name, f.Path, strings.Join(names, ", "))
}

// withPath fills the file path into a config *Error, or prefixes any other
// error with it.
func withPath(err error, path string) error {
	var cfgErr *Error
	if errors.As(err, &cfgErr) {
		cfgErr.Path = path
		return cfgErr
	}
	return fmt.Errorf("config file %s: %w", path, err)
}

// resolvePaths makes every path setting of every profile absolute.
func resolvePaths(f *File) error {
	base := filepath.Dir(f.Path)
	for name, p := range f.Profiles {
		fields := []*string{&p.DataDir, &p.TokenFile, &p.CAFile, &p.DownloadDir, &p.LogFile}
		for _, field := range fields {
			resolved, err := ExpandPath(*field, base)
			if err != nil {
				return err
			}
			*field = resolved
		}
		f.Profiles[name] = p
	}
	return nil
}

// ExpandPath replaces a leading "~/" with the home folder and makes a
// relative path absolute from base. An empty path stays empty.
func ExpandPath(path, base string) (string, error) {
	if path == "" {
		return "", nil
	}

	if path == "~" || strings.HasPrefix(path, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot expand %q: %w", path, err)
		}
		path = filepath.Join(home, strings.TrimPrefix(path, "~"))
	}

	if !filepath.IsAbs(path) {
		path = filepath.Join(base, path)
	}
	return filepath.Clean(path), nil
}
