package store

import (
	"context"
	"fmt"
	"math/big"
	"time"
)

// Revoke records the revocation of certificate id. It returns
// ErrAlreadyRevoked, changing nothing, when the certificate was revoked
// before.
func (s *Store) Revoke(ctx context.Context, id int64, serial string, at time.Time, reason int) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	res, err := s.write.ExecContext(ctx,
		`INSERT INTO revocations(certificate_id, serial, revoked_at, reason) VALUES (?, ?, ?, ?)
		 ON CONFLICT(certificate_id) DO NOTHING`, id, serial, at.UnixNano(), reason)
	if err != nil {
		return fmt.Errorf("revoke %s: %w", serial, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: %s", ErrAlreadyRevoked, serial)
	}
	return nil
}

// DeleteEntity revokes every listed certificate of the entity that is not
// revoked yet (with reason) and removes them all from listings. It returns
// how many certificates it removed, or ErrNotFound when none was listed.
func (s *Store) DeleteEntity(ctx context.Context, domainID, entityID string, at time.Time, reason int) (int, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin delete: %w", err)
	}
	defer tx.Rollback()

	// The list index holds the entity's listed ids and changes only under
	// writeMu, so it matches the database here.
	ids := idsJSON(s.index.entity(domainID, entityID))
	_, err = tx.ExecContext(ctx,
		`INSERT INTO revocations(certificate_id, serial, revoked_at, reason)
		 SELECT id, serial, ?, ? FROM certificates WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0
		 ON CONFLICT(certificate_id) DO NOTHING`, at.UnixNano(), reason, ids)
	if err != nil {
		return 0, fmt.Errorf("revoke certificates of entity %s: %w", entityID, err)
	}
	rows, err := tx.QueryContext(ctx,
		`UPDATE certificates SET deleted = 1 WHERE id IN (SELECT value FROM json_each(?)) AND deleted = 0 RETURNING id`, ids)
	if err != nil {
		return 0, fmt.Errorf("delete certificates of entity %s: %w", entityID, err)
	}
	var removed []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		removed = append(removed, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("delete certificates of entity %s: %w", entityID, err)
	}
	if len(removed) == 0 {
		return 0, fmt.Errorf("%w: no listed certificate of entity %q", ErrNotFound, entityID)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit delete: %w", err)
	}
	s.index.removeEntity(domainID, entityID, removed)
	return len(removed), nil
}

// Revocation is one entry of the CRL.
type Revocation struct {
	Serial    *big.Int
	RevokedAt time.Time
	Reason    int
}

// Revocations returns every revocation, deleted certificates included.
func (s *Store) Revocations(ctx context.Context) ([]Revocation, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT serial, revoked_at, reason FROM revocations ORDER BY certificate_id`)
	if err != nil {
		return nil, fmt.Errorf("list revocations: %w", err)
	}
	defer rows.Close()

	var out []Revocation
	for rows.Next() {
		var serial string
		var at int64
		var reason int
		if err := rows.Scan(&serial, &at, &reason); err != nil {
			return nil, err
		}
		n, ok := new(big.Int).SetString(serial, 10)
		if !ok {
			return nil, fmt.Errorf("stored serial %q is not decimal", serial)
		}
		out = append(out, Revocation{Serial: n, RevokedAt: time.Unix(0, at).UTC(), Reason: reason})
	}
	return out, rows.Err()
}

// RevocationCount returns the number of revocations, which changes whenever
// the CRL must change.
func (s *Store) RevocationCount(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM revocations`).Scan(&n)
	return n, err
}

// NextCRLNumber increments and returns the persistent CRL number, so that
// numbers keep increasing across restarts as RFC 5280 section 5.2.3 requires.
func (s *Store) NextCRLNumber(ctx context.Context) (*big.Int, error) {
	return s.nextCounter(ctx, "crl_number")
}

func (s *Store) nextCounter(ctx context.Context, name string) (*big.Int, error) {
	var value int64
	err := s.write.QueryRowContext(ctx,
		`INSERT INTO counters(name, value) VALUES (?, 1)
		 ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`, name).Scan(&value)
	if err != nil {
		return nil, fmt.Errorf("advance counter %s: %w", name, err)
	}
	return big.NewInt(value), nil
}

// UseToken records a download token id as used until expiresAt. It returns
// ErrTokenUsed when the id was recorded before. Records of expired tokens
// are dropped on the way, since an expired token is refused anyway.
func (s *Store) UseToken(ctx context.Context, id string, expiresAt, now time.Time) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, `DELETE FROM used_tokens WHERE expires_at < ?`, now.UnixNano()); err != nil {
		return fmt.Errorf("drop expired tokens: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO used_tokens(id, expires_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`, id, expiresAt.UnixNano())
	if err != nil {
		return fmt.Errorf("record token use: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrTokenUsed
	}
	return tx.Commit()
}
