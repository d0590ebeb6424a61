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

// A page is the id range the list index gives, read in one index range
// scan of the domain's or the entity's index.
const (
	listRangeQuery = `SELECT ` + certificateColumns + certificateFrom + `
		WHERE c.domain_id = ? AND c.deleted = 0 AND c.id BETWEEN ? AND ? ORDER BY c.id DESC`
	listEntityRangeQuery = `SELECT ` + certificateColumns + certificateFrom + `
		WHERE c.domain_id = ? AND c.entity_id = ? AND c.deleted = 0 AND c.id BETWEEN ? AND ? ORDER BY c.id DESC`
)

// ListCertificates returns a page of listed certificates, newest first, and
// the number of all matches.
func (s *Store) ListCertificates(ctx context.Context, q ListQuery) ([]Certificate, int, error) {
	key := listKey{domainID: q.DomainID, entityID: q.EntityID}
	lowest, highest, total, ok := s.index.page(key, q.Limit, q.Offset)
	if !ok {
		return []Certificate{}, total, nil
	}
	if q.EntityID == "" {
		certs, err := s.queryCertificates(ctx, listRangeQuery, q.Limit, q.DomainID, lowest, highest)
		return certs, total, err
	}
	certs, err := s.queryCertificates(ctx, listEntityRangeQuery, q.Limit, q.DomainID, q.EntityID, lowest, highest)
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
