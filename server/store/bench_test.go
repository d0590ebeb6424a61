package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/certs-tui/certs-tui/server/store"
)

// BenchmarkInsertCertificate measures the store's share of one issuance:
// sealing the key, the insert and the commit of one certificate, one after
// another. A leaf's DER and key PEM are about 700 and 240 bytes.
func BenchmarkInsertCertificate(b *testing.B) {
	st, err := store.Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	createDomain(b, st, "d1")
	ctx := context.Background()
	der := bytes.Repeat([]byte{0x30}, 700)
	keyPEM := bytes.Repeat([]byte{'k'}, 240)

	serial := 0
	for b.Loop() {
		serial++
		c := newCertificate("d1", fmt.Sprintf("entity-%d", serial%100), fmt.Sprint(serial))
		c.DER, c.KeyPEM = der, keyPEM
		if _, err := st.InsertCertificates(ctx, []store.NewCertificate{c}); err != nil {
			b.Fatal(err)
		}
	}
}
