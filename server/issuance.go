package server

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net"
	"time"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/store"
)

// leafSpec is the content of a new leaf certificate, shared by issue and renew.
type leafSpec struct {
	DomainID    string
	EntityID    string
	EntityType  string
	Subject     pkix.Name
	DNSNames    []string
	IPAddresses []net.IP
	TTL         time.Duration
	Algorithm   string
	RenewedFrom string
}

// serialAttempts bounds retries after a serial collision. With random
// 128-bit serials a collision becomes likely only near 2^64 certificates.
const serialAttempts = 3

// issueLeaf generates a key, signs a leaf and stores both in one transaction.
func (s *Server) issueLeaf(ctx context.Context, spec leafSpec) (store.Certificate, error) {
	key, err := ca.NewKey(spec.Algorithm)
	if err != nil {
		return store.Certificate{}, err
	}
	keyPEM, err := ca.MarshalKeyPEM(key)
	if err != nil {
		return store.Certificate{}, err
	}

	for attempt := 1; ; attempt++ {
		now := s.now()
		serial, err := ca.NewSerial()
		if err != nil {
			return store.Certificate{}, err
		}
		der, err := s.authority.Issue(ca.LeafRequest{
			Serial:      serial,
			Subject:     spec.Subject,
			DNSNames:    spec.DNSNames,
			IPAddresses: spec.IPAddresses,
			TTL:         spec.TTL,
			PublicKey:   key.Public(),
			Now:         now,
		})
		if errors.Is(err, ca.ErrOutlivesIssuer) {
			return store.Certificate{}, newProblem(kindInvalid, "invalid ttl %s: %v; choose a shorter ttl", spec.TTL, err)
		}
		if err != nil {
			return store.Certificate{}, err
		}

		cert := store.Certificate{
			Serial:      serial.String(),
			DomainID:    spec.DomainID,
			EntityID:    spec.EntityID,
			EntityType:  spec.EntityType,
			DER:         der,
			IssuedAt:    now.Add(-ca.ClockSkew).Truncate(time.Second).UTC(),
			ExpiresAt:   now.Add(spec.TTL).Truncate(time.Second).UTC(),
			RenewedFrom: spec.RenewedFrom,
		}
		ids, err := s.store.InsertCertificates(ctx, []store.NewCertificate{{Certificate: cert, KeyPEM: keyPEM}})
		if errors.Is(err, store.ErrSerialTaken) && attempt < serialAttempts {
			s.logger.WarnContext(ctx, "serial collision, retrying with a new serial", "serial", cert.Serial)
			continue
		}
		if errors.Is(err, store.ErrAlreadyRevoked) {
			return store.Certificate{}, newProblem(kindConflict, "certificate %s was revoked meanwhile: revoked certificates cannot be renewed", spec.RenewedFrom)
		}
		if err != nil {
			return store.Certificate{}, err
		}
		cert.ID = ids[0]
		return cert, nil
	}
}

// renewSpec derives the spec of a renewal from the certificate it replaces:
// same entity, subject, SANs, key algorithm and validity length.
func renewSpec(old store.Certificate) (leafSpec, error) {
	parsed, err := x509.ParseCertificate(old.DER)
	if err != nil {
		return leafSpec{}, err
	}
	algorithm, err := ca.AlgorithmOf(parsed.PublicKey)
	if err != nil {
		return leafSpec{}, err
	}
	// NotBefore was backdated by the clock skew allowance, so the requested
	// TTL is the span from NotBefore+skew to NotAfter.
	ttl := parsed.NotAfter.Sub(parsed.NotBefore.Add(ca.ClockSkew))
	return leafSpec{
		DomainID:    old.DomainID,
		EntityID:    old.EntityID,
		EntityType:  old.EntityType,
		Subject:     parsed.Subject,
		DNSNames:    parsed.DNSNames,
		IPAddresses: parsed.IPAddresses,
		TTL:         ttl,
		Algorithm:   algorithm,
		RenewedFrom: old.Serial,
	}, nil
}

// leafAlgorithm is the key algorithm of new leaves: that of the issuing CA,
// so leaves match the CA the data folder was created with.
func (s *Server) leafAlgorithm() string {
	algorithm, err := ca.AlgorithmOf(s.authority.Intermediate.PublicKey)
	if err != nil {
		return ca.DefaultKeyAlgorithm
	}
	return algorithm
}
