package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations are applied in order, each in its own transaction, and
// recorded in schema_migrations. Append new steps; never edit a shipped one.
var migrations = []string{
	// 1: domains, certificates, revocations, used download tokens and counters.
	`CREATE TABLE domains (
		id          TEXT PRIMARY KEY,
		name        TEXT NOT NULL,
		alias       TEXT UNIQUE,
		status      TEXT NOT NULL,
		created_at  INTEGER NOT NULL
	);
	CREATE TABLE certificates (
		id           INTEGER PRIMARY KEY,
		serial       TEXT NOT NULL UNIQUE,
		domain_id    TEXT NOT NULL REFERENCES domains(id),
		entity_id    TEXT NOT NULL,
		entity_type  TEXT NOT NULL,
		der          BLOB NOT NULL,
		sealed_key   BLOB NOT NULL,
		issued_at    INTEGER NOT NULL,
		expires_at   INTEGER NOT NULL,
		renewed_from TEXT,
		deleted      INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX certificates_listing ON certificates(domain_id, deleted, id);
	CREATE INDEX certificates_entity ON certificates(domain_id, entity_id, deleted, id);
	CREATE TABLE revocations (
		certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id),
		serial         TEXT NOT NULL,
		revoked_at     INTEGER NOT NULL,
		reason         INTEGER NOT NULL
	);
	CREATE TABLE used_tokens (
		id         TEXT PRIMARY KEY,
		expires_at INTEGER NOT NULL
	);
	CREATE TABLE counters (
		name  TEXT PRIMARY KEY,
		value INTEGER NOT NULL
	);`,
	// 2: a value sealed with the key encryption key, so that Open can tell
	// a wrong key file before any private key is sealed with it.
	`CREATE TABLE seal_check (
		id     INTEGER PRIMARY KEY CHECK (id = 1),
		sealed BLOB NOT NULL
	);`,
	// 3: lists and entity deletes find their rows through the in-memory
	// list index (listindex.go), so these indexes only slowed issuance.
	`DROP INDEX certificates_listing;
	DROP INDEX certificates_entity;`,
}

// migrate brings the schema to the newest version.
func migrate(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	)`)
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}

	var current int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(migrations) {
		return fmt.Errorf("database schema version %d is newer than this program's %d: use a newer certs-tui", current, len(migrations))
	}

	for version := current + 1; version <= len(migrations); version++ {
		if err := applyMigration(ctx, db, version); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, version int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration %d: %w", version, err)
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, migrations[version-1]); err != nil {
		return fmt.Errorf("apply migration %d: %w", version, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, version, time.Now().Unix()); err != nil {
		return fmt.Errorf("record migration %d: %w", version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration %d: %w", version, err)
	}
	return nil
}
