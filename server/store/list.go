package store

import (
	"context"
	"fmt"
)

// ListQuery selects a page of a domain's listed (not deleted) certificates.
type ListQuery struct {
	DomainID string
	EntityID string // empty for every entity
	Limit    int
	Offset   int
}

// The page's row ids come from the covering index alone, so the skipped
// offset rows are never joined or read from the table; only the page itself
// is joined with revocations.
const (
	listAllQuery = `SELECT ` + certificateColumns + certificateFrom + `WHERE c.id IN (
		SELECT id FROM certificates WHERE domain_id = ? AND deleted = 0 ORDER BY id DESC LIMIT ? OFFSET ?
	) ORDER BY c.id DESC`
	listEntityQuery = `SELECT ` + certificateColumns + certificateFrom + `WHERE c.id IN (
		SELECT id FROM certificates WHERE domain_id = ? AND entity_id = ? AND deleted = 0 ORDER BY id DESC LIMIT ? OFFSET ?
	) ORDER BY c.id DESC`
	countAllQuery    = `SELECT certificate_count FROM domains WHERE id = ?`
	countEntityQuery = `SELECT COUNT(*) FROM certificates WHERE domain_id = ? AND entity_id = ? AND deleted = 0`
)

// ListCertificates returns a page of listed certificates, newest first, and
// the number of all matches. The domain-wide total is a counter kept with
// every insert and delete, so it costs no scan.
func (s *Store) ListCertificates(ctx context.Context, q ListQuery) ([]Certificate, int, error) {
	listSQL, countSQL := listAllQuery, countAllQuery
	listArgs := []any{q.DomainID, q.Limit, q.Offset}
	countArgs := []any{q.DomainID}
	if q.EntityID != "" {
		listSQL, countSQL = listEntityQuery, countEntityQuery
		listArgs = []any{q.DomainID, q.EntityID, q.Limit, q.Offset}
		countArgs = []any{q.DomainID, q.EntityID}
	}

	countStmt, err := s.readStmt(ctx, countSQL)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := countStmt.QueryRowContext(ctx, countArgs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count certificates of domain %s: %w", q.DomainID, err)
	}

	listStmt, err := s.readStmt(ctx, listSQL)
	if err != nil {
		return nil, 0, err
	}
	rows, err := listStmt.QueryContext(ctx, listArgs...)
	if err != nil {
		return nil, 0, fmt.Errorf("list certificates of domain %s: %w", q.DomainID, err)
	}
	defer rows.Close()

	certs := make([]Certificate, 0, q.Limit)
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("read certificate row: %w", err)
		}
		certs = append(certs, c)
	}
	return certs, total, rows.Err()
}
