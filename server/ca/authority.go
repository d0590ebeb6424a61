// Package ca is the certificate authority of the local server: a root CA,
// an issuing intermediate CA, leaf issuance, CRLs and OCSP responses.
package ca

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/certs-tui/certs-tui/server/internal/securefile"
)

// Validity periods of the two CA certificates.
const (
	RootValidity         = 10 * 365 * 24 * time.Hour
	IntermediateValidity = 5 * 365 * 24 * time.Hour
)

// ClockSkew is how far NotBefore is set before the issuance time, so that
// peers whose clocks run slightly behind accept a fresh certificate.
const ClockSkew = 5 * time.Minute

// File names of the CA inside its folder.
const (
	rootCertFile         = "root.crt"
	rootKeyFile          = "root.key"
	intermediateCertFile = "intermediate.crt"
	intermediateKeyFile  = "intermediate.key"
)

// Authority is a root CA and the intermediate CA that signs leaves, CRLs
// and OCSP responses.
type Authority struct {
	Root            *x509.Certificate
	Intermediate    *x509.Certificate
	intermediateKey crypto.Signer
	rootKey         crypto.Signer
	baseURL         string
}

// Create generates a new root and intermediate CA with keys of the named
// algorithm. baseURL is the server's public URL, used for the CRL and OCSP
// locations written into leaves.
func Create(algorithm, baseURL string, now time.Time) (*Authority, error) {
	rootKey, err := NewKey(algorithm)
	if err != nil {
		return nil, fmt.Errorf("generate root CA key: %w", err)
	}
	rootTemplate := &x509.Certificate{
		SerialNumber:          mustSerial(),
		Subject:               pkix.Name{CommonName: "certs-tui local root CA", Organization: []string{"certs-tui local"}},
		NotBefore:             now.Add(-ClockSkew),
		NotAfter:              now.Add(RootValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            1,
	}
	rootDER, err := x509.CreateCertificate(rand.Reader, rootTemplate, rootTemplate, rootKey.Public(), rootKey)
	if err != nil {
		return nil, fmt.Errorf("sign root CA certificate: %w", err)
	}
	root, err := x509.ParseCertificate(rootDER)
	if err != nil {
		return nil, fmt.Errorf("parse new root CA certificate: %w", err)
	}

	interKey, err := NewKey(algorithm)
	if err != nil {
		return nil, fmt.Errorf("generate intermediate CA key: %w", err)
	}
	// The intermediate signs OCSP responses itself, hence DigitalSignature;
	// MaxPathLenZero lets it sign leaves only.
	interTemplate := &x509.Certificate{
		SerialNumber:          mustSerial(),
		Subject:               pkix.Name{CommonName: "certs-tui local issuing CA", Organization: []string{"certs-tui local"}},
		NotBefore:             now.Add(-ClockSkew),
		NotAfter:              now.Add(IntermediateValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
	}
	interDER, err := x509.CreateCertificate(rand.Reader, interTemplate, root, interKey.Public(), rootKey)
	if err != nil {
		return nil, fmt.Errorf("sign intermediate CA certificate: %w", err)
	}
	inter, err := x509.ParseCertificate(interDER)
	if err != nil {
		return nil, fmt.Errorf("parse new intermediate CA certificate: %w", err)
	}

	return &Authority{Root: root, Intermediate: inter, intermediateKey: interKey, rootKey: rootKey, baseURL: baseURL}, nil
}

// Save writes the CA into dir: certificates and 0600 key files, each
// written atomically. It never replaces an existing file.
func (a *Authority) Save(dir string) error {
	if err := securefile.EnsureDir(dir); err != nil {
		return err
	}
	rootKeyPEM, err := MarshalKeyPEM(a.rootKey)
	if err != nil {
		return err
	}
	interKeyPEM, err := MarshalKeyPEM(a.intermediateKey)
	if err != nil {
		return err
	}

	// Keys first: a CA folder with certificates but no keys would be unusable.
	files := []struct {
		name string
		data []byte
	}{
		{rootKeyFile, rootKeyPEM},
		{intermediateKeyFile, interKeyPEM},
		{rootCertFile, CertificatePEM(a.Root.Raw)},
		{intermediateCertFile, CertificatePEM(a.Intermediate.Raw)},
	}
	for _, f := range files {
		if err := securefile.WriteNew(filepath.Join(dir, f.name), f.data); err != nil {
			return fmt.Errorf("save CA: %w", err)
		}
	}
	return nil
}

// Exists reports whether dir holds a saved CA.
func Exists(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, intermediateCertFile))
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}

// Load reads a CA saved by Save and checks that each certificate matches
// its key and that the intermediate chains to the root.
func Load(dir, baseURL string) (*Authority, error) {
	root, rootKey, err := loadPair(dir, rootCertFile, rootKeyFile)
	if err != nil {
		return nil, err
	}
	inter, interKey, err := loadPair(dir, intermediateCertFile, intermediateKeyFile)
	if err != nil {
		return nil, err
	}
	if err := inter.CheckSignatureFrom(root); err != nil {
		return nil, fmt.Errorf("intermediate CA in %s is not signed by the root CA there: %w", dir, err)
	}
	return &Authority{Root: root, Intermediate: inter, intermediateKey: interKey, rootKey: rootKey, baseURL: baseURL}, nil
}

func loadPair(dir, certName, keyName string) (*x509.Certificate, crypto.Signer, error) {
	certPath := filepath.Join(dir, certName)
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, nil, fmt.Errorf("read CA certificate: %w", err)
	}
	certs, err := ParseCertificatesPEM(certPEM)
	if err != nil || len(certs) != 1 {
		return nil, nil, fmt.Errorf("%s must hold exactly one PEM certificate: %v", certPath, err)
	}

	keyPath := filepath.Join(dir, keyName)
	keyPEM, err := securefile.ReadPrivate(keyPath)
	if err != nil {
		return nil, nil, fmt.Errorf("read CA key: %w", err)
	}
	key, err := ParseKeyPEM(keyPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", keyPath, err)
	}

	type publicKeyEqual interface{ Equal(crypto.PublicKey) bool }
	pub, ok := key.Public().(publicKeyEqual)
	if !ok || !pub.Equal(certs[0].PublicKey) {
		return nil, nil, fmt.Errorf("%s does not match the certificate in %s", keyPath, certPath)
	}
	return certs[0], key, nil
}

// ChainPEM returns the CA chain as PEM, intermediate first, then root.
func (a *Authority) ChainPEM() []byte {
	return CertificatePEM(a.Intermediate.Raw, a.Root.Raw)
}

// CRLURL is the CRL location written into issued leaves.
func (a *Authority) CRLURL() string { return a.baseURL + "/certs/crl" }

// OCSPURL is the OCSP responder location written into issued leaves.
func (a *Authority) OCSPURL() string { return a.baseURL + "/certs/ocsp" }

// serialLimit is 2^128: serials are random positive 128-bit integers.
var serialLimit = new(big.Int).Lsh(big.NewInt(1), 128)

// NewSerial returns a random positive serial of at most 128 bits. Callers
// that store serials must still reject a repeat, which the store's unique
// index does.
func NewSerial() (*big.Int, error) {
	for {
		n, err := rand.Int(rand.Reader, serialLimit)
		if err != nil {
			return nil, fmt.Errorf("generate serial: %w", err)
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}

func mustSerial() *big.Int {
	n, err := NewSerial()
	if err != nil {
		// crypto/rand.Read does not return errors since Go 1.24; it crashes instead.
		panic(err)
	}
	return n
}
