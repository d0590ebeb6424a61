package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/certs-tui/certs-tui/server/internal/securefile"
)

// sealKeySize is the AES-256 key length in bytes.
const sealKeySize = 32

// sealer encrypts issued private keys with AES-256-GCM under a key kept in
// its own 0600 file, so the database file alone yields no private key.
type sealer struct {
	aead cipher.AEAD
}

// loadOrCreateSealer reads the key file at path, creating it with a new
// random key when it does not exist yet.
func loadOrCreateSealer(path string) (*sealer, error) {
	key, err := securefile.ReadPrivate(path)
	if errors.Is(err, fs.ErrNotExist) {
		key = make([]byte, sealKeySize)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("generate key encryption key: %w", err)
		}
		if err := securefile.WriteNew(path, key); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("read key encryption key: %w", err)
	}
	if len(key) != sealKeySize {
		return nil, fmt.Errorf("key encryption key %s has %d bytes, expected %d", path, len(key), sealKeySize)
	}

	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

// seal encrypts plaintext with a random nonce prepended. The serial is
// authenticated data, so a sealed key copied onto another row fails to open.
func (s *sealer) seal(plaintext []byte, serial string) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		// crypto/rand.Read does not return errors since Go 1.24; it crashes instead.
		panic(err)
	}
	return s.aead.Seal(nonce, nonce, plaintext, []byte(serial))
}

// open decrypts what seal produced for the same serial.
func (s *sealer) open(sealed []byte, serial string) ([]byte, error) {
	size := s.aead.NonceSize()
	if len(sealed) < size {
		return nil, fmt.Errorf("sealed key of serial %s is truncated", serial)
	}
	plaintext, err := s.aead.Open(nil, sealed[:size], sealed[size:], []byte(serial))
	if err != nil {
		return nil, fmt.Errorf("decrypt key of serial %s (wrong key file?): %w", serial, err)
	}
	return plaintext, nil
}

// errWrongSealKey marks a key file that cannot open what the database holds.
var errWrongSealKey = errors.New("wrong key encryption key")

// sealCheckData is the authenticated data of the seal check value. It
// differs from every serial, so the check value cannot pass for a sealed
// private key.
const sealCheckData = "certs-tui seal check"

// verifySealKey checks that the sealer's key is the one the database was
// sealed with, by opening the check value in seal_check. A database from
// before seal_check existed has no check value, so the key is tried on the
// oldest sealed private key instead. Then a new check value is stored.
func verifySealKey(ctx context.Context, db *sql.DB, s *sealer) error {
	var sealed []byte
	err := db.QueryRowContext(ctx, `SELECT sealed FROM seal_check WHERE id = 1`).Scan(&sealed)
	if err == nil {
		if _, err := s.open(sealed, sealCheckData); err != nil {
			return fmt.Errorf("%w: it cannot decrypt the check value stored in the database", errWrongSealKey)
		}
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read seal check value: %w", err)
	}

	var serial string
	err = db.QueryRowContext(ctx, `SELECT serial, sealed_key FROM certificates ORDER BY id LIMIT 1`).Scan(&serial, &sealed)
	switch {
	case err == nil:
		if _, err := s.open(sealed, serial); err != nil {
			return fmt.Errorf("%w: it cannot decrypt the private key of certificate %s", errWrongSealKey, serial)
		}
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("read a sealed key: %w", err)
	}

	check := s.seal([]byte("certs-tui"), sealCheckData)
	if _, err := db.ExecContext(ctx, `INSERT INTO seal_check(id, sealed) VALUES (1, ?)`, check); err != nil {
		return fmt.Errorf("store seal check value: %w", err)
	}
	return nil
}

// keyFileExists reports whether path exists, for callers deciding between
// a new and an existing data folder.
func keyFileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
