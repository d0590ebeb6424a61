package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/internal/config"
	"github.com/certs-tui/certs-tui/ui"
)

// unsafeNameChars are the characters a profile name may not bring into the
// token file name.
var unsafeNameChars = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// tokenStore keeps the tokens of a users service login in a private file of
// the config folder: tokens/<profile>.json, mode 0600 in a 0700 folder. It
// writes only after the operator agreed, or when the file already existed,
// which means they agreed on an earlier run.
type tokenStore struct {
	path   string
	logger *slog.Logger

	mu      sync.Mutex
	enabled bool
}

// storedTokens is the file's JSON form.
type storedTokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func newTokenStore(env environment, profile string, logger *slog.Logger) *tokenStore {
	name := unsafeNameChars.ReplaceAllString(profile, "_")
	if name == "" || name == "." || name == ".." {
		name = "default"
	}
	return &tokenStore{path: filepath.Join(env.configHome, appName, "tokens", name+".json"), logger: logger}
}

// load reads stored tokens. It returns false without an error when there is
// no file, and rejects a file other users may read.
func (ts *tokenStore) load() (client.Tokens, bool, error) {
	info, err := os.Stat(ts.path)
	if errors.Is(err, os.ErrNotExist) {
		return client.Tokens{}, false, nil
	}
	if err != nil {
		return client.Tokens{}, false, fmt.Errorf("token store %s: %w", ts.path, err)
	}
	if err := config.CheckPrivate(ts.path, info); err != nil {
		return client.Tokens{}, false, err
	}
	if info.Size() > maxTokenFileSize {
		return client.Tokens{}, false, fmt.Errorf("token store %s is %d bytes, more than two tokens can be; delete it and log in again", ts.path, info.Size())
	}

	data, err := os.ReadFile(ts.path)
	if err != nil {
		return client.Tokens{}, false, fmt.Errorf("token store %s: %w", ts.path, err)
	}
	var stored storedTokens
	if err := json.Unmarshal(data, &stored); err != nil || stored.AccessToken == "" {
		return client.Tokens{}, false, fmt.Errorf("token store %s is not valid; delete it and log in again", ts.path)
	}

	ts.mu.Lock()
	ts.enabled = true
	ts.mu.Unlock()
	return client.Tokens{AccessToken: stored.AccessToken, RefreshToken: stored.RefreshToken}, true, nil
}

// enable records the operator's agreement and writes the tokens now. It is
// ui.Options.StoreTokens.
func (ts *tokenStore) enable(tokens client.Tokens) (string, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.enabled = true
	return ts.path, ts.write(tokens)
}

// onTokens is client.Config.OnTokens: after the operator agreed, every new
// pair from a login or refresh replaces the stored one.
func (ts *tokenStore) onTokens(tokens client.Tokens) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if !ts.enabled {
		return
	}
	if err := ts.write(tokens); err != nil {
		ts.logger.Warn("storing the refreshed tokens failed", "path", ts.path, "error", err)
	}
}

// write replaces the file atomically: a 0600 temporary file in the same
// folder, synced, then renamed over the old one. The caller holds mu.
func (ts *tokenStore) write(tokens client.Tokens) error {
	dir := filepath.Dir(ts.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create the token folder %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("restrict the token folder %s: %w", dir, err)
	}

	data, err := json.Marshal(storedTokens{AccessToken: tokens.AccessToken, RefreshToken: tokens.RefreshToken})
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tokens-*.tmp")
	if err != nil {
		return fmt.Errorf("create a temporary token file in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename

	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("restrict %s: %w", tmp.Name(), err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), ts.path); err != nil {
		return fmt.Errorf("replace %s: %w", ts.path, err)
	}
	return nil
}

// resolveLogin takes the tokens stored by an earlier login, or leaves the
// token empty so the console opens its login form.
func resolveLogin(env environment, s *settings) error {
	store := newTokenStore(env, s.profile, nil)
	tokens, ok, err := store.load()
	if err != nil {
		return err
	}
	if !ok {
		s.tokenSource = "login to " + s.usersURL
		return nil
	}

	s.tokenSource = "stored login tokens " + store.path
	s.token, s.refreshToken, s.tokensStored = tokens.AccessToken, tokens.RefreshToken, true
	return nil
}

// loginStore returns the token store of settings with a users service, or
// nil when the token is fixed.
func loginStore(s settings, env environment, logger *slog.Logger) *tokenStore {
	if s.usersURL == "" {
		return nil
	}
	store := newTokenStore(env, s.profile, logger)
	store.enabled = s.tokensStored
	return store
}

// wireLogin sets the console's login options. The storage question is only
// asked while the operator has not agreed yet.
func wireLogin(s settings, store *tokenStore, opts *ui.Options) {
	if store == nil {
		return
	}
	opts.UsersURL = s.usersURL
	opts.NeedsLogin = s.token == ""
	if !s.tokensStored {
		opts.StoreTokens = store.enable
	}
}
