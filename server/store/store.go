// Package store keeps the local server's domains, certificates,
// revocations and used download tokens in an SQLite database
// (modernc.org/sqlite, pure Go) in WAL mode.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// File names inside the data folder.
const (
	DatabaseFile = "certs.db"
	SealKeyFile  = "certs.db.key"
)

// Errors returned by the store; callers map them to API statuses.
var (
	ErrNotFound       = errors.New("not found")
	ErrAliasTaken     = errors.New("alias taken")
	ErrSerialTaken    = errors.New("serial already used")
	ErrAlreadyRevoked = errors.New("already revoked")
	ErrTokenUsed      = errors.New("token already used")
)

// Store is an open database. Writes go through one connection, so writers
// do not contend for SQLite's write lock. Reads use a pool of connections,
// which WAL mode lets run beside the writer.
type Store struct {
	write  *sql.DB
	read   *sql.DB
	sealer *sealer

	// writeMu serializes write transactions with the list index updates
	// that follow their commits.
	writeMu    sync.Mutex
	index      listIndex
	insertStmt *sql.Stmt // prepared once on the write connection

	inserts     insertQueue
	checkpoints *checkpointer

	// stmtMu guards the lazily prepared read statements.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
}

// Option changes how Open sets up a store.
type Option func(*options)

type options struct {
	logger *slog.Logger
}

// WithLogger sets where the store logs the failures it handles by itself,
// such as a background WAL checkpoint; the default discards them.
func WithLogger(logger *slog.Logger) Option {
	return func(o *options) { o.logger = logger }
}

// Open opens or creates the database and its key encryption key in dir,
// which must exist with mode 0700.
func Open(ctx context.Context, dir string, opts ...Option) (*Store, error) {
	settings := options{logger: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(&settings)
	}
	dbPath := filepath.Join(dir, DatabaseFile)
	keyPath := filepath.Join(dir, SealKeyFile)

	// A database whose key file is gone must not get a fresh key: its sealed
	// private keys would become unreadable without a word.
	if _, err := os.Stat(dbPath); err == nil && !keyFileExists(keyPath) {
		return nil, fmt.Errorf("%s exists but its key file %s is missing: restore the key file, or move the database away to start empty", dbPath, keyPath)
	}
	seal, err := loadOrCreateSealer(keyPath)
	if err != nil {
		return nil, err
	}

	write, err := openDB(dbPath, 1, fallbackCheckpointPages)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, err
	}
	err = verifySealKey(ctx, write, seal)
	if errors.Is(err, errWrongSealKey) {
		write.Close()
		return nil, fmt.Errorf("key file %s does not belong to database %s (%w): restore the key file that was created with this database", keyPath, dbPath, err)
	}
	if err != nil {
		write.Close()
		return nil, err
	}
	// SQLite creates its files with the process umask; the WAL holds
	// recent rows, so it gets the same mode as the database.
	for _, path := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
		if err := os.Chmod(path, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			write.Close()
			return nil, fmt.Errorf("restrict %s to 0600: %w", path, err)
		}
	}
	read, err := openDB(dbPath, 4, 0)
	if err != nil {
		write.Close()
		return nil, err
	}
	s := &Store{write: write, read: read, sealer: seal, stmts: map[string]*sql.Stmt{}}
	if s.insertStmt, err = write.PrepareContext(ctx, insertCertificateQuery); err != nil {
		s.Close()
		return nil, fmt.Errorf("prepare certificate insert: %w", err)
	}
	if err := s.index.load(ctx, s); err != nil {
		s.Close()
		return nil, err
	}
	s.checkpoints = startCheckpointer(read, write, settings.logger)
	return s, nil
}

// openDB opens a pool of at most conns connections. synchronous=NORMAL in WAL
// mode keeps every committed transaction across a crash of the process; only
// a power loss can drop the last commits. autoCheckpoint is the WAL size in
// pages at which a committing connection checkpoints; 0 turns that off.
func openDB(path string, conns, autoCheckpoint int) (*sql.DB, error) {
	query := url.Values{}
	query.Add("_pragma", "journal_mode(WAL)")
	query.Add("_pragma", "synchronous(NORMAL)")
	query.Add("_pragma", "busy_timeout(10000)")
	query.Add("_pragma", "foreign_keys(1)")
	query.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", autoCheckpoint))
	dsn := "file:" + path + "?" + query.Encode()

	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// Close stops the checkpointer and closes both connection pools. Closing
// the last connection checkpoints the whole WAL.
func (s *Store) Close() error {
	if s.checkpoints != nil {
		s.checkpoints.close()
	}
	s.stmtMu.Lock()
	for _, stmt := range s.stmts {
		stmt.Close()
	}
	s.stmts = map[string]*sql.Stmt{}
	s.stmtMu.Unlock()
	if s.insertStmt != nil {
		s.insertStmt.Close()
	}

	return errors.Join(s.read.Close(), s.write.Close())
}

// IntegrityCheck runs SQLite's integrity_check and returns an error unless
// the database reports "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var result string
	if err := s.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("integrity check failed: %s", result)
	}
	return nil
}

// readStmt returns a prepared statement on the read pool, preparing it once.
func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()

	if stmt, ok := s.stmts[query]; ok {
		return stmt, nil
	}
	stmt, err := s.read.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare query: %w", err)
	}
	s.stmts[query] = stmt
	return stmt, nil
}
