package client

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

const testToken = "access-token-7f3a9c"

// newTestClient starts an httptest server with handler and returns a
// client pointed at it with testToken.
func newTestClient(t testing.TB, handler http.Handler, edit ...func(*Config)) (*Client, *httptest.Server) {
	t.Helper()

	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)

	cfg := Config{BaseURL: srv.URL, Token: testToken, Version: "1.2.3", Timeout: 5 * time.Second}
	for _, e := range edit {
		e(&cfg)
	}

	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	return c, srv
}

// logBuffer collects log lines for checks on what was logged.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// testPKI is a root CA, an intermediate CA and a leaf with its key.
type testPKI struct {
	root, inter, leaf          *x509.Certificate
	rootKey, interKey, leafKey *ecdsa.PrivateKey

	leafPEM, keyPEM, chainPEM []byte // chainPEM is intermediate, then root
}

var serialCounter struct {
	sync.Mutex
	n int64
}

func nextSerial() *big.Int {
	serialCounter.Lock()
	defer serialCounter.Unlock()
	serialCounter.n++
	return big.NewInt(1000 + serialCounter.n)
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func signCert(t testing.TB, tmpl, parent *x509.Certificate, pub any, parentKey *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func certPEM(cert *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
}

func keyPEM(t testing.TB, key *ecdsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// newTestPKI builds a fresh three-level PKI valid from an hour ago for a day.
func newTestPKI(t testing.TB) *testPKI {
	t.Helper()

	now := time.Now()
	p := &testPKI{rootKey: newKey(t), interKey: newKey(t), leafKey: newKey(t)}

	rootTmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: "Test Root CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(48 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	p.root = signCert(t, rootTmpl, rootTmpl, &p.rootKey.PublicKey, p.rootKey)

	interTmpl := &x509.Certificate{
		SerialNumber:          nextSerial(),
		Subject:               pkix.Name{CommonName: "Test Issuing CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(48 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	p.inter = signCert(t, interTmpl, p.root, &p.interKey.PublicKey, p.rootKey)

	p.leaf = p.issue(t, "cvm-1", p.leafKey)
	p.leafPEM = certPEM(p.leaf)
	p.keyPEM = keyPEM(t, p.leafKey)
	p.chainPEM = append(certPEM(p.inter), certPEM(p.root)...)

	return p
}

// issue signs a leaf for entity with the intermediate.
func (p *testPKI) issue(t testing.TB, entity string, key *ecdsa.PrivateKey) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: nextSerial(),
		Subject:      pkix.Name{CommonName: entity},
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
	}
	return signCert(t, tmpl, p.inter, &key.PublicKey, p.interKey)
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}
