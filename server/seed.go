package server

import (
	"context"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"runtime"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/store"
)

// SeedEntities is how many entities Seed spreads certificates over:
// certificate i belongs to entity fmt.Sprintf("seed-%04d", i%SeedEntities).
const SeedEntities = 100

// seedBatch is how many certificates Seed stores per transaction.
const seedBatch = 2000

// Seed stores n real certificates in a domain, for tests and benchmarks
// that need many rows. Each is a leaf signed by the issuing CA with its own
// random serial, but all share one private key, and the certificates of an
// entity are copies of one template re-signed with a new serial
// (ca.Restamp). So seeding costs about one signature per certificate.
// Entity types cycle through cvm, computation and backend.
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

	templates := make([]store.Certificate, min(n, SeedEntities))
	for i := range templates {
		if templates[i], err = s.seedTemplate(domainID, i, key.Public()); err != nil {
			return err
		}
	}

	// One goroutine stores a batch while the others sign the next one.
	batches := make(chan []store.NewCertificate, 1)
	stored := make(chan error, 1)
	go func() {
		var err error
		for batch := range batches {
			if err == nil {
				_, err = s.store.InsertCertificates(ctx, batch)
			}
		}
		stored <- err
	}()

	signErr := s.signSeedBatches(ctx, templates, keyPEM, n, batches)
	close(batches)
	if err := errors.Join(signErr, <-stored); err != nil {
		return fmt.Errorf("seed domain %q: %w", domainID, err)
	}
	return nil
}

// signSeedBatches restamps n certificates from the templates and sends them
// in batches of seedBatch.
func (s *Server) signSeedBatches(ctx context.Context, templates []store.Certificate, keyPEM []byte, n int, batches chan<- []store.NewCertificate) error {
	for start := 0; start < n; start += seedBatch {
		end := min(start+seedBatch, n)
		batch := make([]store.NewCertificate, end-start)

		group, _ := errgroup.WithContext(ctx)
		group.SetLimit(runtime.GOMAXPROCS(0))
		for i := start; i < end; i++ {
			group.Go(func() error {
				c := templates[i%len(templates)]
				serial := ca.NewFixedSerial()
				der, err := s.authority.Restamp(c.DER, serial)
				c.Serial, c.DER = serial.String(), der
				batch[i-start] = store.NewCertificate{Certificate: c, KeyPEM: keyPEM}
				return err
			})
		}
		if err := group.Wait(); err != nil {
			return err
		}
		batches <- batch
	}
	return nil
}

// seedTemplate issues the certificate that Seed copies for entity number i.
func (s *Server) seedTemplate(domainID string, i int, pub any) (store.Certificate, error) {
	entityID := fmt.Sprintf("seed-%04d", i%SeedEntities)
	entityType := entityTypes[i%len(entityTypes)]
	now := s.now()
	serial := ca.NewFixedSerial()
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
