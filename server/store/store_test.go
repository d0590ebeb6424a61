package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/store"
)

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestMigrationsRecordVersion(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	st.Close()
	st = openStore(t, dir) // a second open must not apply anything again
	st.Close()

	db, err := sql.Open("sqlite", filepath.Join(dir, store.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var versions int
	var mode string
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if versions != 3 || mode != "wal" {
		t.Errorf("schema_migrations has %d rows, journal mode %q; want 3 and wal", versions, mode)
	}

	if _, err := db.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(context.Background(), dir); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("open a database of a newer schema: %v", err)
	}
}

func TestUseTokenOnce(t *testing.T) {
	st := openStore(t, t.TempDir())
	ctx := context.Background()
	now := time.Now()
	if err := st.UseToken(ctx, "nonce-1", now.Add(time.Minute), now); err != nil {
		t.Fatal(err)
	}
	if err := st.UseToken(ctx, "nonce-1", now.Add(time.Minute), now); !errors.Is(err, store.ErrTokenUsed) {
		t.Errorf("second use: %v, want ErrTokenUsed", err)
	}
	if err := st.UseToken(ctx, "nonce-2", now.Add(time.Minute), now); err != nil {
		t.Errorf("another token: %v", err)
	}
}

func TestDomainAliasUnique(t *testing.T) {
	st := openStore(t, t.TempDir())
	ctx := context.Background()
	now := time.Now()
	if err := st.CreateDomain(ctx, store.Domain{ID: "a", Name: "A", Alias: "x", Status: "active", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	err := st.CreateDomain(ctx, store.Domain{ID: "b", Name: "B", Alias: "x", Status: "active", CreatedAt: now})
	if !errors.Is(err, store.ErrAliasTaken) {
		t.Errorf("repeated alias: %v, want ErrAliasTaken", err)
	}
	if _, err := st.Domain(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing domain: %v, want ErrNotFound", err)
	}
}

func TestCRLNumberGrows(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	first, err := st.NextCRLNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = openStore(t, dir)
	second, err := st.NextCRLNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if second.Cmp(first) <= 0 {
		t.Errorf("CRL number %s after restart, not above %s", second, first)
	}
}
