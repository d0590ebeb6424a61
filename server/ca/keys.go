package ca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"strings"
)

// Key algorithm names accepted by NewKey and the --key-algorithm flag.
const (
	RSA2048   = "rsa-2048"
	RSA3072   = "rsa-3072"
	ECDSAP256 = "ecdsa-p256"
	Ed25519   = "ed25519"
)

// DefaultKeyAlgorithm is used when a configuration names no algorithm.
const DefaultKeyAlgorithm = ECDSAP256

// KeyAlgorithms lists every supported key algorithm name.
var KeyAlgorithms = []string{RSA2048, RSA3072, ECDSAP256, Ed25519}

// CheckKeyAlgorithm returns an error naming the value and the accepted names
// when name is not a supported key algorithm.
func CheckKeyAlgorithm(name string) error {
	for _, known := range KeyAlgorithms {
		if name == known {
			return nil
		}
	}
	return fmt.Errorf("invalid key algorithm %q: use one of %s", name, strings.Join(KeyAlgorithms, ", "))
}

// NewKey generates a private key of the named algorithm.
func NewKey(algorithm string) (crypto.Signer, error) {
	switch algorithm {
	case RSA2048:
		return rsa.GenerateKey(rand.Reader, 2048)
	case RSA3072:
		return rsa.GenerateKey(rand.Reader, 3072)
	case ECDSAP256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case Ed25519:
		_, key, err := ed25519.GenerateKey(rand.Reader)
		return key, err
	default:
		return nil, CheckKeyAlgorithm(algorithm)
	}
}

// AlgorithmOf names the key algorithm of a public key, so that a renewal
// can generate a key of the same kind as the certificate it replaces.
func AlgorithmOf(pub crypto.PublicKey) (string, error) {
	switch key := pub.(type) {
	case *rsa.PublicKey:
		switch key.N.BitLen() {
		case 2048:
			return RSA2048, nil
		case 3072:
			return RSA3072, nil
		}
		return "", fmt.Errorf("unsupported RSA key size %d bits", key.N.BitLen())
	case *ecdsa.PublicKey:
		if key.Curve == elliptic.P256() {
			return ECDSAP256, nil
		}
		return "", fmt.Errorf("unsupported ECDSA curve %s", key.Curve.Params().Name)
	case ed25519.PublicKey:
		return Ed25519, nil
	default:
		return "", fmt.Errorf("unsupported public key type %T", pub)
	}
}

// MarshalKeyPEM encodes a private key as a PKCS #8 "PRIVATE KEY" PEM block.
func MarshalKeyPEM(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// ParseKeyPEM decodes a PKCS #8 "PRIVATE KEY" PEM block into a signer.
func ParseKeyPEM(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("no PRIVATE KEY PEM block found")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse private key: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("private key of type %T cannot sign", key)
	}
	return signer, nil
}

// CertificatePEM encodes DER certificates as consecutive CERTIFICATE PEM
// blocks. It sizes the output once and encodes in place, because list pages
// encode 50 or more certificates per request and encoding/pem's buffer
// growth allocated several times the output size.
func CertificatePEM(ders ...[]byte) []byte {
	const (
		header = "-----BEGIN CERTIFICATE-----\n"
		footer = "-----END CERTIFICATE-----\n"
		// 48 bytes encode to one full PEM line of 64 characters.
		bytesPerLine = 48
	)
	size := 0
	for _, der := range ders {
		lines := (len(der) + bytesPerLine - 1) / bytesPerLine
		size += len(header) + base64.StdEncoding.EncodedLen(len(der)) + lines + len(footer)
	}

	out := make([]byte, 0, size)
	for _, der := range ders {
		out = append(out, header...)
		for len(der) > 0 {
			n := min(bytesPerLine, len(der))
			out = base64.StdEncoding.AppendEncode(out, der[:n])
			out = append(out, '\n')
			der = der[n:]
		}
		out = append(out, footer...)
	}
	return out
}
