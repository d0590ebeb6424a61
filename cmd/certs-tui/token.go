package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/certs-tui/certs-tui/internal/config"
)

// maxTokenFileSize bounds what is read from a token file, so a wrong path
// (a log, a disk image) fails fast instead of filling memory. Real bearer
// tokens, JWTs included, are a few kilobytes at most.
const maxTokenFileSize = 64 << 10

// resolveToken finds the bearer token of a remote service: --token-file,
// then CERTS_TUI_TOKEN, then the profile's token or token_file, then a users
// service login. The service rejects every call without a token, so with no
// way to get one this fails here, before the console opens.
func resolveToken(fs *pflag.FlagSet, f *consoleFlags, env environment, p config.Profile, s *settings) error {
	switch {
	case fs.Changed(flagTokenFile):
		path, err := config.ExpandPath(f.tokenFile, env.workDir)
		if err != nil {
			return err
		}
		s.tokenSource = "--" + flagTokenFile + " " + path
		s.token, err = readTokenFile(path)
		return err

	case env.getenv(envToken) != "":
		s.tokenSource = envToken
		s.token = strings.TrimSpace(env.getenv(envToken))
		if err := config.CheckToken(s.token); err != nil {
			return fmt.Errorf("%s: %w", envToken, err)
		}
		return nil

	case p.Token != "":
		s.tokenSource = fmt.Sprintf("profile %s of %s", p.Name, s.configPath)
		s.token = p.Token
		return nil

	case p.TokenFile != "":
		s.tokenSource = fmt.Sprintf("token_file %s of profile %s", p.TokenFile, p.Name)
		var err error
		s.token, err = readTokenFile(p.TokenFile)
		return err
	}

	if s.usersURL != "" {
		return resolveLogin(env, s)
	}

	return fmt.Errorf("no token for %s: set %s, pass --%s FILE, or add token_file to a profile in the config file",
		s.url, envToken, flagTokenFile)
}

// readTokenFile reads a bearer token from a file that only its owner may
// read, trimming the surrounding white space and final newline.
func readTokenFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("token file %s cannot be read: %w", path, pathCause(err))
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("token file %s is not a regular file", path)
	}
	if info.Size() > maxTokenFileSize {
		return "", fmt.Errorf("token file %s is %d bytes, more than a token can be (%d); check the path", path, info.Size(), maxTokenFileSize)
	}
	if err := config.CheckPrivate(path, info); err != nil {
		return "", err
	}

	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("token file %s cannot be read: %w", path, pathCause(err))
	}
	token := strings.TrimSpace(string(data))
	if err := config.CheckToken(token); err != nil {
		return "", fmt.Errorf("token file %s: %w", path, err)
	}
	return token, nil
}

// newLocalToken returns a random bearer token for one run of the embedded
// server: 32 bytes from crypto/rand, base64url without padding.
func newLocalToken() (string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("cannot generate the local server token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(buf), nil
}
