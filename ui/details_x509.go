package ui

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // SHA-1 fingerprints are shown for comparison with other tools, not for security
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"math/big"
	"strings"

	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// hexSerial formats a serial number as colon-separated upper-case hex bytes,
// the form openssl and browsers print. A serial that is not a decimal number
// is returned as "-".
func hexSerial(decimal string) string {
	n, ok := new(big.Int).SetString(decimal, 10)
	if !ok || n.Sign() < 0 {
		return "-"
	}
	return colonHex(n.Bytes())
}

// colonHex formats bytes as AB:CD:EF. An empty slice is "00", because a zero
// serial is encoded as one zero byte.
func colonHex(b []byte) string {
	if len(b) == 0 {
		return "00"
	}

	parts := make([]string, len(b))
	for i, v := range b {
		parts[i] = fmt.Sprintf("%02X", v)
	}
	return strings.Join(parts, ":")
}

// fingerprints returns the SHA-256 and SHA-1 fingerprints of the DER form.
func fingerprints(cert *x509.Certificate) (sha256Hex, sha1Hex string) {
	s256 := sha256.Sum256(cert.Raw)
	s1 := sha1.Sum(cert.Raw) //nolint:gosec // display only
	return colonHex(s256[:]), colonHex(s1[:])
}

// publicKeyText names the public key algorithm with its size or curve.
func publicKeyText(cert *x509.Certificate) string {
	switch key := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d bits", key.N.BitLen())
	case *ecdsa.PublicKey:
		return "ECDSA " + key.Curve.Params().Name
	case ed25519.PublicKey:
		return "Ed25519"
	}
	return cert.PublicKeyAlgorithm.String()
}

// keyUsageNames lists the key usage bits in RFC 5280 order.
var keyUsageNames = []struct {
	bit  x509.KeyUsage
	name string
}{
	{x509.KeyUsageDigitalSignature, "digital signature"},
	{x509.KeyUsageContentCommitment, "content commitment"},
	{x509.KeyUsageKeyEncipherment, "key encipherment"},
	{x509.KeyUsageDataEncipherment, "data encipherment"},
	{x509.KeyUsageKeyAgreement, "key agreement"},
	{x509.KeyUsageCertSign, "certificate sign"},
	{x509.KeyUsageCRLSign, "CRL sign"},
	{x509.KeyUsageEncipherOnly, "encipher only"},
	{x509.KeyUsageDecipherOnly, "decipher only"},
}

// keyUsageText lists the key usages set in the certificate, or "none".
func keyUsageText(usage x509.KeyUsage) string {
	var names []string
	for _, u := range keyUsageNames {
		if usage&u.bit != 0 {
			names = append(names, u.name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// extKeyUsageNames are the display names of the extended key usages crypto/x509 defines.
var extKeyUsageNames = map[x509.ExtKeyUsage]string{
	x509.ExtKeyUsageAny:             "any",
	x509.ExtKeyUsageServerAuth:      "server auth",
	x509.ExtKeyUsageClientAuth:      "client auth",
	x509.ExtKeyUsageCodeSigning:     "code signing",
	x509.ExtKeyUsageEmailProtection: "email protection",
	x509.ExtKeyUsageIPSECEndSystem:  "IPsec end system",
	x509.ExtKeyUsageIPSECTunnel:     "IPsec tunnel",
	x509.ExtKeyUsageIPSECUser:       "IPsec user",
	x509.ExtKeyUsageTimeStamping:    "time stamping",
	x509.ExtKeyUsageOCSPSigning:     "OCSP signing",
}

// extKeyUsageText lists the extended key usages, with unknown ones by OID.
func extKeyUsageText(cert *x509.Certificate) string {
	var names []string
	for _, u := range cert.ExtKeyUsage {
		name, ok := extKeyUsageNames[u]
		if !ok {
			name = fmt.Sprintf("usage %d", u)
		}
		names = append(names, name)
	}
	for _, oid := range cert.UnknownExtKeyUsage {
		names = append(names, oid.String())
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// basicConstraintsText describes the CA flag and the path length limit.
func basicConstraintsText(cert *x509.Certificate) string {
	switch {
	case !cert.BasicConstraintsValid:
		return "absent"
	case !cert.IsCA:
		return "CA: no"
	case cert.MaxPathLen > 0 || cert.MaxPathLenZero:
		return fmt.Sprintf("CA: yes, path length %d", cert.MaxPathLen)
	}
	return "CA: yes, no path length limit"
}

// sanText lists the DNS names, IP addresses, email addresses and URIs of
// the certificate, sanitized. This service issues DNS and IP names only, but
// certificates from other services carry the others.
func sanText(cert *x509.Certificate) string {
	var parts []string
	for _, name := range cert.DNSNames {
		parts = append(parts, "DNS:"+sanitize.Text(name))
	}
	for _, ip := range cert.IPAddresses {
		parts = append(parts, "IP:"+ip.String())
	}
	for _, email := range cert.EmailAddresses {
		parts = append(parts, "email:"+sanitize.Text(email))
	}
	for _, uri := range cert.URIs {
		parts = append(parts, "URI:"+sanitize.Text(uri.String()))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// x509Field is one labelled line of a certificate's description.
type x509Field struct {
	label string
	value string
}

// x509Fields describes the parts of a certificate that do not depend on the
// service: names, key, signature, usages, constraints and fingerprints. Every
// string taken from the certificate is sanitized.
func x509Fields(cert *x509.Certificate) []x509Field {
	sum256, sum1 := fingerprints(cert)
	return []x509Field{
		{"Subject", sanitize.Text(cert.Subject.String())},
		{"Issuer", sanitize.Text(cert.Issuer.String())},
		{"SANs", sanText(cert)},
		{"Public key", publicKeyText(cert)},
		{"Signature", cert.SignatureAlgorithm.String()},
		{"Key usage", keyUsageText(cert.KeyUsage)},
		{"Extended key usage", extKeyUsageText(cert)},
		{"Basic constraints", basicConstraintsText(cert)},
		{"SHA-256", sum256},
		{"SHA-1", sum1},
	}
}
