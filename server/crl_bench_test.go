package server

import (
	"context"
	"fmt"
	"testing"

	"golang.org/x/crypto/ocsp"
)

// BenchmarkCRL measures signing a CRL with 10,000 revoked certificates:
// reading the revocations from SQLite, building and signing the list.
func BenchmarkCRL(b *testing.B) {
	s, err := Open(Config{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	domainID, err := s.DefaultDomainID(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Seed(ctx, domainID, 10_000); err != nil {
		b.Fatal(err)
	}
	for i := range SeedEntities {
		if _, err := s.store.DeleteEntity(ctx, domainID, fmt.Sprintf("seed-%04d", i), s.now(), ocsp.CessationOfOperation); err != nil {
			b.Fatal(err)
		}
	}

	var size int
	for b.Loop() {
		der, err := s.signCRL(ctx, s.now())
		if err != nil {
			b.Fatal(err)
		}
		size = len(der)
	}
	b.ReportMetric(float64(size), "crl-bytes")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/crl")
}
