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

// listPageQuery reads the rows of a page by their row ids, given as a JSON
// array. A row deleted after the index gave its id is left out.
const listPageQuery = `SELECT ` + certificateColumns + certificateFrom + `
	WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted = 0 ORDER BY c.id DESC`

// ListCertificates returns a page of listed certificates, newest first, and
// the number of all matches.
func (s *Store) ListCertificates(ctx context.Context, q ListQuery) ([]Certificate, int, error) {
	ids, total := s.index.page(listKey{domainID: q.DomainID, entityID: q.EntityID}, q.Limit, q.Offset)
	if len(ids) == 0 {
		return []Certificate{}, total, nil
	}
	certs, err := s.queryCertificates(ctx, listPageQuery, len(ids), idsJSON(ids))
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
