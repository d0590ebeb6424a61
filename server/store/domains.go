package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Domain is a stored workspace.
type Domain struct {
	ID        string
	Name      string
	Alias     string // empty when none
	Status    string
	CreatedAt time.Time
}

// CreateDomain inserts a domain. It returns ErrAliasTaken when another
// domain already has the same non-empty alias.
func (s *Store) CreateDomain(ctx context.Context, d Domain) error {
	var alias any
	if d.Alias != "" {
		alias = d.Alias
	}
	_, err := s.write.ExecContext(ctx,
		`INSERT INTO domains(id, name, alias, status, created_at) VALUES (?, ?, ?, ?, ?)`,
		d.ID, d.Name, alias, d.Status, d.CreatedAt.UnixNano())
	if err != nil {
		if isUniqueViolation(err, "domains.alias") {
			return fmt.Errorf("%w: %q", ErrAliasTaken, d.Alias)
		}
		return fmt.Errorf("insert domain %s: %w", d.ID, err)
	}
	return nil
}

// Domain returns the domain with the given ID, or ErrNotFound.
func (s *Store) Domain(ctx context.Context, id string) (Domain, error) {
	row := s.read.QueryRowContext(ctx,
		`SELECT id, name, COALESCE(alias, ''), status, created_at FROM domains WHERE id = ?`, id)
	d, err := scanDomain(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Domain{}, ErrNotFound
	}
	return d, err
}

// Domains returns a page of domains, oldest first, and the total count.
func (s *Store) Domains(ctx context.Context, limit, offset int) ([]Domain, int, error) {
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM domains`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count domains: %w", err)
	}

	rows, err := s.read.QueryContext(ctx,
		`SELECT id, name, COALESCE(alias, ''), status, created_at FROM domains
		 ORDER BY created_at, id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list domains: %w", err)
	}
	defer rows.Close()

	domains := []Domain{}
	for rows.Next() {
		d, err := scanDomain(rows)
		if err != nil {
			return nil, 0, err
		}
		domains = append(domains, d)
	}
	return domains, total, rows.Err()
}

type rowScanner interface{ Scan(dest ...any) error }

func scanDomain(row rowScanner) (Domain, error) {
	var d Domain
	var created int64
	if err := row.Scan(&d.ID, &d.Name, &d.Alias, &d.Status, &created); err != nil {
		return Domain{}, err
	}
	d.CreatedAt = time.Unix(0, created).UTC()
	return d, nil
}

// isUniqueViolation reports whether err is SQLite's UNIQUE constraint
// failure on column (written "table.column").
func isUniqueViolation(err error, column string) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") && strings.Contains(msg, column)
}
