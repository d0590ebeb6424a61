package ca

import (
	"bytes"
	"crypto/x509/pkix"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/certs-tui/certs-tui/internal/revocation"
)

// ReasonName returns the API name of an RFC 5280 reason code.
func ReasonName(code int) string {
	return revocation.Name(code)
}

// ParseReason reads a revocation reason given as the API's snake_case name
// (key_compromise) or as RFC 5280 spells it (keyCompromise). An empty name
// means unspecified. remove_from_crl is rejected because it only undoes a
// certificate hold on a delta CRL, which this CA does not issue.
func ParseReason(name string) (int, error) {
	if name == "" {
		return ocsp.Unspecified, nil
	}
	normalized := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	for code, known := range revocation.Names {
		if code == ocsp.RemoveFromCRL {
			continue
		}
		if strings.ReplaceAll(known, "_", "") == normalized {
			return code, nil
		}
	}
	return 0, fmt.Errorf("invalid revocation reason %q: use one of %s", name, strings.Join(RevocationReasonNames(), ", "))
}

// RevocationReasonNames lists the reasons accepted by ParseReason, in code order.
func RevocationReasonNames() []string {
	var names []string
	for code := 0; code <= ocsp.AACompromise; code++ {
		if name, ok := revocation.Names[code]; ok && code != ocsp.RemoveFromCRL {
			names = append(names, name)
		}
	}
	return names
}

// OCSPValidity is the gap between an OCSP response's thisUpdate and nextUpdate.
const OCSPValidity = time.Hour

// IssuedBy reports whether an OCSP request names the intermediate CA as
// the issuer, by comparing the hashes of its name and public key.
func (a *Authority) IssuedBy(req *ocsp.Request) bool {
	if !req.HashAlgorithm.Available() {
		return false
	}
	nameHash := req.HashAlgorithm.New()
	nameHash.Write(a.Intermediate.RawSubject)

	spki, err := subjectPublicKeyBits(a.Intermediate.PublicKey)
	if err != nil {
		return false
	}
	keyHash := req.HashAlgorithm.New()
	keyHash.Write(spki)

	return bytes.Equal(nameHash.Sum(nil), req.IssuerNameHash) && bytes.Equal(keyHash.Sum(nil), req.IssuerKeyHash)
}

// OCSPResponse signs a response to req with the intermediate CA as the
// responder. status is ocsp.Good, ocsp.Revoked or ocsp.Unknown; revokedAt
// and reason apply to ocsp.Revoked only.
func (a *Authority) OCSPResponse(req *ocsp.Request, status int, revokedAt time.Time, reason int, now time.Time) ([]byte, error) {
	return a.OCSPResponseWithExtensions(req, status, revokedAt, reason, now, nil)
}

// OCSPResponseWithExtensions is OCSPResponse with responseExtensions, such
// as the nonce that OCSPRequestNonce found in the request.
func (a *Authority) OCSPResponseWithExtensions(req *ocsp.Request, status int, revokedAt time.Time, reason int, now time.Time, extensions []pkix.Extension) ([]byte, error) {
	der, err := a.encodeOCSPResponse(req, status, revokedAt, reason, now, extensions)
	if err != nil {
		return nil, fmt.Errorf("sign OCSP response for serial %s: %w", req.SerialNumber, err)
	}
	return der, nil
}
