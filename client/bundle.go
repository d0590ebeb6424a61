package client

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DownloadToken calls GET /{domainID}/certs/{serial}/download/token.
func (s *CertsService) DownloadToken(ctx context.Context, domainID, serial string) (string, error) {
	path, err := s.path(domainID, map[string]string{"serial number": serial}, serial, "download", "token")
	if err != nil {
		return "", err
	}

	var out tokenJSON
	err = s.client.do(ctx, call{
		method: "GET",
		url:    path,
		query:  domainQuery(domainID),
		result: &out,
	})
	if err != nil {
		return "", err
	}
	if out.Token == "" {
		return "", errors.New("the download token response contains no token")
	}

	return string(out.Token), nil
}

// Download calls GET /{domainID}/certs/{entityID}/download and verifies the bundle.
// It reads the JSON response (base64 of each PEM) and the zip response
// (cert.pem, key.pem, ca.pem or ca.crt). The error matches ErrInvalidBundle
// and names the check when the bundle is inconsistent. A 401 is not
// followed by a token refresh, since it concerns the download token.
//
// The service accepts a download token once. When the connection drops, the
// request may be sent again with the same token (Go's transport replays a
// GET on a reused connection, and the client retries GETs), and that attempt
// gets 401 if the first one reached the server. Such a 401 also matches
// errTokenSpent, and DownloadSerial then retries with a fresh token.
func (s *CertsService) Download(ctx context.Context, domainID, entityID, token string) (Bundle, error) {
	path, err := s.path(domainID, map[string]string{"entity ID": entityID, "download token": token}, entityID, "download")
	if err != nil {
		return Bundle{}, err
	}

	query := domainQuery(domainID)
	query.Set("downloadToken", token)

	ctx, writes := countWrites(ctx)
	var body []byte
	err = s.client.do(ctx, call{
		method:    "GET",
		url:       path,
		query:     query,
		accept:    "application/json, application/zip",
		raw:       &body,
		limit:     limitBundle,
		secrets:   []string{token, url.QueryEscape(token)},
		noRefresh: true,
	})
	if err := markTokenError(err, writes); err != nil {
		return Bundle{}, err
	}

	return decodeBundle(body)
}

// errTokenSpent marks the 401 of a download request that was written more
// than once: an earlier attempt whose connection dropped may have spent the
// single-use token.
var errTokenSpent = errors.New("the request was sent again after its connection dropped, " +
	"and the first attempt may have spent the single-use download token; request a new token")

// bundleJSON is the JSON response of the bundle download.
type bundleJSON struct {
	Certificate string `json:"certificate"`
	PrivateKey  string `json:"private_key"`
	CA          string `json:"ca"`
}

// decodeBundle reads a bundle response, JSON or zip, and verifies it.
func decodeBundle(body []byte) (Bundle, error) {
	var certPEM, keyPEM, caPEM []byte

	if isZip(body) {
		files, err := readZip(body, "cert.pem", "key.pem", "ca.pem", "ca.crt")
		if err != nil {
			return Bundle{}, err
		}
		if files["ca.pem"] != nil && files["ca.crt"] != nil {
			return Bundle{}, fmt.Errorf("%w: the zip contains both ca.pem and ca.crt", ErrInvalidBundle)
		}
		certPEM, keyPEM = files["cert.pem"], files["key.pem"]
		caPEM = files["ca.pem"]
		if caPEM == nil {
			caPEM = files["ca.crt"]
		}
	} else {
		var out bundleJSON
		if err := json.Unmarshal(body, &out); err != nil {
			return Bundle{}, fmt.Errorf("%w: the response is neither a zip nor the expected JSON: %v", ErrInvalidBundle, err)
		}

		var err error
		if certPEM, err = decodeBase64("certificate", out.Certificate); err != nil {
			return Bundle{}, err
		}
		if keyPEM, err = decodeBase64("private_key", out.PrivateKey); err != nil {
			return Bundle{}, err
		}
		if caPEM, err = decodeBase64("ca", out.CA); err != nil {
			return Bundle{}, err
		}
	}

	return verifyBundle(certPEM, keyPEM, caPEM)
}

// decodeBase64 decodes one field of the JSON bundle, padded or not.
func decodeBase64(field, text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, fmt.Errorf("%w: the %q field is missing", ErrInvalidBundle, field)
	}

	data, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "="))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the %q field is not base64: %v", ErrInvalidBundle, field, err)
	}

	return data, nil
}

// verifyBundle checks that every PEM parses, that the key matches the
// certificate and that the certificate chains to the CA of the bundle.
func verifyBundle(certPEM, keyPEM, caPEM []byte) (Bundle, error) {
	if len(certPEM) == 0 {
		return Bundle{}, fmt.Errorf("%w: the certificate is missing", ErrInvalidBundle)
	}
	if len(keyPEM) == 0 {
		return Bundle{}, fmt.Errorf("%w: the private key is missing", ErrInvalidBundle)
	}
	if len(caPEM) == 0 {
		return Bundle{}, fmt.Errorf("%w: the CA chain is missing", ErrInvalidBundle)
	}

	certs, err := parseCertificates("certificate", certPEM)
	if err != nil {
		return Bundle{}, err
	}
	chain, err := parseCertificates("CA chain", caPEM)
	if err != nil {
		return Bundle{}, err
	}
	key, err := parsePrivateKey(keyPEM)
	if err != nil {
		return Bundle{}, err
	}

	leaf := certs[0]
	if err := checkKeyMatches(leaf, key); err != nil {
		return Bundle{}, err
	}

	// Extra certificates after the leaf in the certificate file are taken
	// as intermediates.
	if err := checkChain(leaf, append(certs[1:], chain...)); err != nil {
		return Bundle{}, err
	}

	return Bundle{
		CertificatePEM: certPEM,
		PrivateKeyPEM:  keyPEM,
		CAPEM:          caPEM,
		Certificate:    leaf,
		Chain:          chain,
	}, nil
}

// parseCertificates parses every PEM block of data, which must all be
// certificates, and requires at least one. label names data in errors.
func parseCertificates(label string, data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate

	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("%w: the %s contains a %q PEM block, expected CERTIFICATE", ErrInvalidBundle, label, capText(block.Type))
		}

		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: certificate %d of the %s does not parse: %v", ErrInvalidBundle, len(certs)+1, label, err)
		}
		certs = append(certs, cert)
	}

	if len(certs) == 0 {
		return nil, fmt.Errorf("%w: the %s contains no PEM certificate", ErrInvalidBundle, label)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, fmt.Errorf("%w: the %s has data after its last PEM block", ErrInvalidBundle, label)
	}

	return certs, nil
}

// parsePrivateKey parses a PKCS #8, PKCS #1 or SEC 1 private key PEM.
func parsePrivateKey(data []byte) (crypto.Signer, error) {
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("%w: the private key contains no PEM block", ErrInvalidBundle)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, fmt.Errorf("%w: the private key file contains more than one PEM block", ErrInvalidBundle)
	}

	var (
		key any
		err error
	)
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("%w: the private key is a %q PEM block, expected PRIVATE KEY", ErrInvalidBundle, capText(block.Type))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the private key does not parse: %v", ErrInvalidBundle, err)
	}

	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: the private key type %T cannot sign", ErrInvalidBundle, key)
	}

	return signer, nil
}

// checkKeyMatches compares the public half of key with the certificate's key.
func checkKeyMatches(cert *x509.Certificate, key crypto.Signer) error {
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(cert.PublicKey) {
		return fmt.Errorf("%w: the private key does not match the certificate (serial %s)", ErrInvalidBundle, cert.SerialNumber)
	}
	return nil
}

// checkChain verifies that leaf chains to a self-signed certificate of
// pool, the others serving as intermediates. When pool contains no
// self-signed certificate, its certificates are the trust anchors. It
// checks at a moment when every certificate is valid, so an expired bundle
// still passes this consistency check.
func checkChain(leaf *x509.Certificate, pool []*x509.Certificate) error {
	roots := x509.NewCertPool()
	intermediates := x509.NewCertPool()
	anchors := 0

	for _, cert := range pool {
		if isSelfSigned(cert) {
			roots.AddCert(cert)
			anchors++
		} else {
			intermediates.AddCert(cert)
		}
	}
	if anchors == 0 {
		for _, cert := range pool {
			roots.AddCert(cert)
		}
	}

	_, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: intermediates,
		CurrentTime:   commonValidTime(append([]*x509.Certificate{leaf}, pool...)),
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return fmt.Errorf("%w: the certificate does not chain to the CA in the bundle: %v", ErrInvalidBundle, err)
	}

	return nil
}

// isSelfSigned reports whether cert is signed by its own key.
func isSelfSigned(cert *x509.Certificate) bool {
	return cert.CheckSignatureFrom(cert) == nil
}

// commonValidTime returns the latest NotBefore of certs when it lies inside
// every validity period, else the current time.
func commonValidTime(certs []*x509.Certificate) time.Time {
	var latest time.Time
	for _, cert := range certs {
		if cert.NotBefore.After(latest) {
			latest = cert.NotBefore
		}
	}

	for _, cert := range certs {
		if latest.After(cert.NotAfter) {
			return time.Now()
		}
	}

	return latest
}
