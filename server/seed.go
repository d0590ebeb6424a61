package server

import (
	"context"
	"crypto/x509/pkix"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/store"
)

// SeedEntities is how many entities Seed spreads certificates over:
// certificate i belongs to entity fmt.Sprintf("seed-%04d", i%SeedEntities).
const SeedEntities = 1000

// seedBatch is how many certificates Seed stores per transaction.
const seedBatch = 2000

// Seed stores n real certificates in a domain, for tests and benchmarks
// that need many rows. Each is a leaf signed by the issuing CA with its own
// random serial, but all share one private key, which makes seeding cost
// a signature per certificate instead of a key generation. Entity types
// cycle through cvm, computation and backend.
func (s *Server) Seed(ctx context.Context, domainID string, n int) error {
	if _, err := s.store.Domain(ctx, domainID); err != nil {
		return fmt.Errorf("seed domain %q: %w", domainID, err)
	}
	key, err := ca.NewKey(s.leafAlgorithm())
	if err != nil {
		return err
	}
	keyPEM, err := ca.MarshalKeyPEM(key)
	if err != nil {
		return err
	}

	for start := 0; start < n; start += seedBatch {
		end := min(start+seedBatch, n)
		batch := make([]store.NewCertificate, end-start)

		group, _ := errgroup.WithContext(ctx)
		group.SetLimit(runtime.GOMAXPROCS(0))
		for i := start; i < end; i++ {
			group.Go(func() error {
				c, err := s.seedCertificate(domainID, i, key.Public())
				batch[i-start] = store.NewCertificate{Certificate: c, KeyPEM: keyPEM}
				return err
			})
		}
		if err := group.Wait(); err != nil {
			return err
		}
		if _, err := s.store.InsertCertificates(ctx, batch); err != nil {
			return fmt.Errorf("seed domain %q: %w", domainID, err)
		}
	}
	return nil
}

func (s *Server) seedCertificate(domainID string, i int, pub any) (store.Certificate, error) {
	entityID := fmt.Sprintf("seed-%04d", i%SeedEntities)
	entityType := entityTypes[i%len(entityTypes)]
	now := s.now()
	serial, err := ca.NewSerial()
	if err != nil {
		return store.Certificate{}, err
	}
	der, err := s.authority.Issue(ca.LeafRequest{
		Serial:    serial,
		Subject:   pkix.Name{CommonName: entityID, OrganizationalUnit: []string{entityType}},
		DNSNames:  []string{entityID + ".seed.test"},
		TTL:       defaultTTL,
		PublicKey: pub,
		Now:       now,
	})
	if err != nil {
		return store.Certificate{}, err
	}
	return store.Certificate{
		Serial:     serial.String(),
		DomainID:   domainID,
		EntityID:   entityID,
		EntityType: entityType,
		DER:        der,
		IssuedAt:   now.Add(-ca.ClockSkew).Truncate(time.Second).UTC(),
		ExpiresAt:  now.Add(defaultTTL).Truncate(time.Second).UTC(),
	}, nil
}
