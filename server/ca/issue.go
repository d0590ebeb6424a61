package ca

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"
)

// ErrOutlivesIssuer is returned when a requested validity would end after
// the intermediate CA's own NotAfter.
var ErrOutlivesIssuer = errors.New("validity would outlive the issuing CA")

// LeafRequest describes one leaf certificate to sign.
type LeafRequest struct {
	Serial      *big.Int
	Subject     pkix.Name
	DNSNames    []string
	IPAddresses []net.IP
	TTL         time.Duration
	PublicKey   crypto.PublicKey
	Now         time.Time
}

// Issue signs a leaf certificate for a client and server. NotBefore is Now
// minus ClockSkew, NotAfter is Now plus TTL. It returns the DER bytes.
func (a *Authority) Issue(req LeafRequest) ([]byte, error) {
	notAfter := req.Now.Add(req.TTL)
	if notAfter.After(a.Intermediate.NotAfter) {
		return nil, fmt.Errorf("%w: %s ends at %s, the issuing CA at %s",
			ErrOutlivesIssuer, req.TTL, notAfter.UTC().Format(time.RFC3339), a.Intermediate.NotAfter.UTC().Format(time.RFC3339))
	}
	ski, err := subjectKeyID(req.PublicKey)
	if err != nil {
		return nil, err
	}

	usage := x509.KeyUsageDigitalSignature
	if _, isRSA := req.PublicKey.(*rsa.PublicKey); isRSA {
		// RSA key exchange in TLS 1.2 encrypts with the certificate key.
		usage |= x509.KeyUsageKeyEncipherment
	}
	template := &x509.Certificate{
		SerialNumber:          req.Serial,
		Subject:               req.Subject,
		NotBefore:             req.Now.Add(-ClockSkew),
		NotAfter:              notAfter,
		KeyUsage:              usage,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  false,
		DNSNames:              req.DNSNames,
		IPAddresses:           req.IPAddresses,
		SubjectKeyId:          ski,
		CRLDistributionPoints: []string{a.CRLURL()},
		OCSPServer:            []string{a.OCSPURL()},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, a.Intermediate, req.PublicKey, a.intermediateKey)
	if err != nil {
		return nil, fmt.Errorf("sign certificate %s: %w", req.Serial, err)
	}
	return der, nil
}

// subjectKeyID computes the key identifier by RFC 7093 section 2 method 1:
// the leftmost 160 bits of the SHA-256 of the subjectPublicKey bits. Go only
// fills it in by itself for CA certificates.
func subjectKeyID(pub crypto.PublicKey) ([]byte, error) {
	bits, err := subjectPublicKeyBits(pub)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(bits)
	return sum[:20], nil
}

// subjectPublicKeyBits returns the subjectPublicKey BIT STRING contents of
// pub, the input of key identifiers and of OCSP issuer key hashes.
func subjectPublicKeyBits(pub crypto.PublicKey) ([]byte, error) {
	spki, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	var info struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
	if _, err := asn1.Unmarshal(spki, &info); err != nil {
		return nil, fmt.Errorf("decode public key info: %w", err)
	}
	return info.PublicKey.Bytes, nil
}

// ParseCertificatesPEM decodes every CERTIFICATE block of data.
func ParseCertificatesPEM(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New("no CERTIFICATE PEM block found")
	}
	return certs, nil
}
