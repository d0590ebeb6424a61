package ui

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// newTestCA signs a CA certificate named name with parentKey under parent,
// or self-signed when parent is nil.
func newTestCA(t *testing.T, name string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

func TestCARoleFromCertificate(t *testing.T) {
	root, rootKey := newTestCA(t, "Test Root", nil, nil)
	issuing, issuingKey := newTestCA(t, "Test Issuing", root, rootKey)
	middle, _ := newTestCA(t, "Test Middle", issuing, issuingKey)

	cases := []struct {
		name  string
		index int
		cert  *x509.Certificate
		want  string
	}{
		{"single self-signed", 0, root, "root CA, which issues the certificates"},
		{"root last", 2, root, "root CA"},
		{"issuing first", 0, issuing, "issuing CA"},
		{"intermediate", 1, middle, "intermediate CA"},
		{"last but not self-signed", 1, issuing, "intermediate CA"},
	}
	for _, tc := range cases {
		if got := caRole(tc.index, tc.cert); got != tc.want {
			t.Errorf("%s: caRole = %q, want %q", tc.name, got, tc.want)
		}
	}
}
