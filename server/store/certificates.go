package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Certificate is a stored certificate with its revocation state.
type Certificate struct {
	ID          int64 // row id; larger is newer
	Serial      string
	DomainID    string
	EntityID    string
	EntityType  string
	DER         []byte
	IssuedAt    time.Time
	ExpiresAt   time.Time
	RenewedFrom string // empty unless issued by renewal
	Deleted     bool
	Revoked     bool
	RevokedAt   time.Time
	Reason      int // RFC 5280 reason code, when revoked
}

// NewCertificate is a certificate to insert with its private key PEM, which
// the store encrypts before writing.
type NewCertificate struct {
	Certificate
	KeyPEM []byte
}

const certificateColumns = `c.id, c.serial, c.domain_id, c.entity_id, c.entity_type, c.der,
	c.issued_at, c.expires_at, COALESCE(c.renewed_from, ''), c.deleted,
	r.revoked_at, r.reason`

const insertCertificateQuery = `INSERT INTO certificates
	(serial, domain_id, entity_id, entity_type, der, sealed_key, issued_at, expires_at, renewed_from)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

const certificateFrom = ` FROM certificates c LEFT JOIN revocations r ON r.certificate_id = c.id `

// insertAll inserts certs inside tx with the prepared insert and returns
// their row ids. It returns ErrSerialTaken when a serial repeats and, for a
// renewal, ErrAlreadyRevoked when the replaced certificate is revoked.
func (s *Store) insertAll(ctx context.Context, tx *sql.Tx, insert *sql.Stmt, certs []NewCertificate) ([]int64, error) {
	ids := make([]int64, 0, len(certs))
	for _, c := range certs {
		if c.RenewedFrom != "" {
			if err := checkNotRevoked(ctx, tx, c.RenewedFrom); err != nil {
				return nil, err
			}
		}
		var renewedFrom any
		if c.RenewedFrom != "" {
			renewedFrom = c.RenewedFrom
		}
		res, err := insert.ExecContext(ctx, c.Serial, c.DomainID, c.EntityID, c.EntityType, c.DER,
			s.sealer.seal(c.KeyPEM, c.Serial), c.IssuedAt.UnixNano(), c.ExpiresAt.UnixNano(), renewedFrom)
		if err != nil {
			if isUniqueViolation(err, "certificates.serial") {
				return nil, fmt.Errorf("%w: %s", ErrSerialTaken, c.Serial)
			}
			return nil, fmt.Errorf("insert certificate %s: %w", c.Serial, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func checkNotRevoked(ctx context.Context, tx *sql.Tx, serial string) error {
	var revoked int
	err := tx.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM revocations r JOIN certificates c ON c.id = r.certificate_id WHERE c.serial = ?`, serial).Scan(&revoked)
	if err != nil {
		return fmt.Errorf("check revocation of %s: %w", serial, err)
	}
	if revoked > 0 {
		return fmt.Errorf("%w: %s", ErrAlreadyRevoked, serial)
	}
	return nil
}

// CertificateInDomain returns the certificate with the decimal serial in
// the domain, deleted ones included, or ErrNotFound.
func (s *Store) CertificateInDomain(ctx context.Context, domainID, serial string) (Certificate, error) {
	stmt, err := s.readStmt(ctx, `SELECT `+certificateColumns+certificateFrom+`WHERE c.serial = ? AND c.domain_id = ?`)
	if err != nil {
		return Certificate{}, err
	}
	return scanOne(stmt.QueryRowContext(ctx, serial, domainID))
}

// CertificateBySerial returns the certificate with the decimal serial in any
// domain, or ErrNotFound. The OCSP responder uses it.
func (s *Store) CertificateBySerial(ctx context.Context, serial string) (Certificate, error) {
	stmt, err := s.readStmt(ctx, `SELECT `+certificateColumns+certificateFrom+`WHERE c.serial = ?`)
	if err != nil {
		return Certificate{}, err
	}
	return scanOne(stmt.QueryRowContext(ctx, serial))
}

func scanOne(row *sql.Row) (Certificate, error) {
	c, err := scanCertificate(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, ErrNotFound
	}
	return c, err
}

func scanCertificate(row rowScanner) (Certificate, error) {
	var c Certificate
	var issued, expires int64
	var deleted int
	var revokedAt, reason sql.NullInt64
	err := row.Scan(&c.ID, &c.Serial, &c.DomainID, &c.EntityID, &c.EntityType, &c.DER,
		&issued, &expires, &c.RenewedFrom, &deleted, &revokedAt, &reason)
	if err != nil {
		return Certificate{}, err
	}
	c.IssuedAt = time.Unix(0, issued).UTC()
	c.ExpiresAt = time.Unix(0, expires).UTC()
	c.Deleted = deleted != 0
	if revokedAt.Valid {
		c.Revoked = true
		c.RevokedAt = time.Unix(0, revokedAt.Int64).UTC()
		c.Reason = int(reason.Int64)
	}
	return c, nil
}

// PrivateKey returns the decrypted private key PEM of a certificate.
func (s *Store) PrivateKey(ctx context.Context, id int64) ([]byte, error) {
	var serial string
	var sealed []byte
	err := s.read.QueryRowContext(ctx, `SELECT serial, sealed_key FROM certificates WHERE id = ?`, id).Scan(&serial, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read key of certificate %d: %w", id, err)
	}
	return s.sealer.open(sealed, serial)
}
