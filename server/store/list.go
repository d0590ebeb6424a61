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

// A domain-wide page is the id range the list index gives, read in one
// index range scan. A page of one entity comes from the entity index with
// OFFSET, which is fast while entities have few certificates each.
const (
	listRangeQuery = `SELECT ` + certificateColumns + certificateFrom + `
		WHERE c.domain_id = ? AND c.deleted = 0 AND c.id BETWEEN ? AND ? ORDER BY c.id DESC`
	listEntityQuery = `SELECT ` + certificateColumns + certificateFrom + `WHERE c.id IN (
		SELECT id FROM certificates WHERE domain_id = ? AND entity_id = ? AND deleted = 0 ORDER BY id DESC LIMIT ? OFFSET ?
	) ORDER BY c.id DESC`
	countEntityQuery = `SELECT COUNT(*) FROM certificates WHERE domain_id = ? AND entity_id = ? AND deleted = 0`
)

// ListCertificates returns a page of listed certificates, newest first, and
// the number of all matches.
func (s *Store) ListCertificates(ctx context.Context, q ListQuery) ([]Certificate, int, error) {
	if q.EntityID == "" {
		lowest, highest, total, ok := s.index.page(q.DomainID, q.Limit, q.Offset)
		if !ok {
			return []Certificate{}, total, nil
		}
		certs, err := s.queryCertificates(ctx, listRangeQuery, q.Limit, q.DomainID, lowest, highest)
		return certs, total, err
	}

	countStmt, err := s.readStmt(ctx, countEntityQuery)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := countStmt.QueryRowContext(ctx, q.DomainID, q.EntityID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count certificates of entity %s: %w", q.EntityID, err)
	}
	certs, err := s.queryCertificates(ctx, listEntityQuery, q.Limit, q.DomainID, q.EntityID, q.Limit, q.Offset)
	return certs, total, err
}

// queryCertificates runs a prepared read query returning certificate rows.
func (s *Store) queryCertificates(ctx context.Context, query string, capacity int, args ...any) ([]Certificate, error) {
	stmt, err := s.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("list certificates: %w", err)
	}
	defer rows.Close()

	certs := make([]Certificate, 0, capacity)
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, fmt.Errorf("read certificate row: %w", err)
		}
		certs = append(certs, c)
	}
	return certs, rows.Err()
}
