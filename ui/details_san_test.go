package ui

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/url"
	"testing"
	"time"
)

func TestSANTextListsEveryKind(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	uri, err := url.Parse("spiffe://example.test/workload/\u202Eabc")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:   big.NewInt(7),
		Subject:        pkix.Name{CommonName: "other-service"},
		NotBefore:      time.Now().Add(-time.Hour),
		NotAfter:       time.Now().Add(time.Hour),
		DNSNames:       []string{"svc.example.test"},
		IPAddresses:    []net.IP{net.ParseIP("10.0.0.9")},
		EmailAddresses: []string{"ops@example.test"},
		URIs:           []*url.URL{uri},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}

	got := sanText(cert)
	want := "DNS:svc.example.test, IP:10.0.0.9, email:ops@example.test, URI:spiffe://example.test/workload/%E2%80%AEabc"
	if got != want {
		t.Errorf("sanText = %q, want %q", got, want)
	}
}
