package server

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/certs-tui/certs-tui/server/internal/securefile"
)

// Secret files in the data folder, each 0600.
const (
	TokenFile            = "token"
	downloadTokenKeyFile = "download-token.key"
)

// minTokenLength rejects given bearer tokens too short to resist guessing.
const minTokenLength = 16

// loadSecrets sets the bearer token and the download token signing key,
// generating and storing each on first start.
func (s *Server) loadSecrets() error {
	if s.cfg.Token != "" {
		if len(s.cfg.Token) < minTokenLength {
			return fmt.Errorf("bearer token too short (%d characters): use at least %d", len(s.cfg.Token), minTokenLength)
		}
		s.token = s.cfg.Token
	} else {
		path := filepath.Join(s.cfg.DataDir, TokenFile)
		token, err := loadOrCreateSecret(path, func() []byte {
			return []byte(base64.RawURLEncoding.EncodeToString(randomBytes(32)) + "\n")
		})
		if err != nil {
			return err
		}
		s.token = strings.TrimSpace(string(token))
		s.tokenPath = path
		if len(s.token) < minTokenLength {
			return fmt.Errorf("token file %s contains fewer than %d characters: replace it or remove it to get a new one", path, minTokenLength)
		}
	}

	key, err := loadOrCreateSecret(filepath.Join(s.cfg.DataDir, downloadTokenKeyFile), func() []byte { return randomBytes(32) })
	if err != nil {
		return err
	}
	s.tokens = tokenSigner{key: key}
	return nil
}

// loadOrCreateSecret reads a 0600 secret file, writing generate() there
// first when the file does not exist.
func loadOrCreateSecret(path string, generate func() []byte) ([]byte, error) {
	data, err := securefile.ReadPrivate(path)
	if err == nil {
		return data, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read secret file: %w", err)
	}
	data = generate()
	if err := securefile.WriteNew(path, data); err != nil {
		return nil, err
	}
	return data, nil
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand.Read does not return errors since Go 1.24; it crashes instead.
		panic(err)
	}
	return b
}
