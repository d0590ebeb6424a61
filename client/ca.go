package client

import (
	"context"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"

	"golang.org/x/crypto/ocsp"

	"github.com/certs-tui/certs-tui/internal/revocation"
)

// Token calls GET /certs/get-ca/token.
func (s *CAService) Token(ctx context.Context) (string, error) {
	var out tokenJSON
	err := s.client.do(ctx, call{
		method: "GET",
		url:    s.client.baseURL + "/certs/get-ca/token",
		result: &out,
	})
	if err != nil {
		return "", err
	}
	if out.Token == "" {
		return "", errors.New("the CA token response contains no token")
	}

	return string(out.Token), nil
}

// Chain downloads the CA chain: it calls Token, then Download. The service
// accepts a CA token once. So when the download fails on the connection,
// with 502, 503 or 504, or with a 401 after a dropped attempt spent the
// token, it is tried up to twice more with a fresh token, as in
// DownloadSerial.
func (s *CAService) Chain(ctx context.Context) (CAChain, error) {
	return withFreshTokens(ctx, s.client, "CA chain", s.Token, s.Download)
}

// Download calls GET /certs/download-ca, asking for PEM and reading a zip
// response (ca.crt or ca.pem inside) as well. Every certificate must parse
// and the chain must verify to its own root. A 401 of a request that was
// sent again after its connection dropped also matches errTokenSpent.
func (s *CAService) Download(ctx context.Context, token string) (CAChain, error) {
	if err := checkSegment("CA token", token); err != nil {
		return CAChain{}, err
	}

	ctx, writes := countWrites(ctx)
	var body []byte
	err := s.client.do(ctx, call{
		method:    "GET",
		url:       s.client.baseURL + "/certs/download-ca",
		query:     url.Values{"token": {token}},
		accept:    "application/x-pem-file, application/zip",
		raw:       &body,
		limit:     limitBundle,
		secrets:   []string{token, url.QueryEscape(token)},
		noRefresh: true,
	})
	if err := markTokenError(err, writes); err != nil {
		return CAChain{}, err
	}

	return decodeCAChain(body)
}

// decodeCAChain reads a CA response, zip or PEM, and verifies the chain.
func decodeCAChain(body []byte) (CAChain, error) {
	chainPEM := body

	if isZip(body) {
		files, err := readZip(body, "ca.crt", "ca.pem")
		if err != nil {
			return CAChain{}, err
		}
		if files["ca.crt"] != nil && files["ca.pem"] != nil {
			return CAChain{}, fmt.Errorf("%w: the zip contains both ca.crt and ca.pem", ErrInvalidBundle)
		}
		chainPEM = files["ca.crt"]
		if chainPEM == nil {
			chainPEM = files["ca.pem"]
		}
	}

	certs, err := parseCertificates("CA chain", chainPEM)
	if err != nil {
		return CAChain{}, err
	}
	for i, cert := range certs {
		if !cert.IsCA {
			return CAChain{}, fmt.Errorf("%w: certificate %d of the CA chain (%s) is not a CA", ErrInvalidBundle, i+1, capText(cert.Subject.String()))
		}
	}
	if err := checkChain(certs[0], certs); err != nil {
		return CAChain{}, err
	}

	return CAChain{PEM: chainPEM, Certificates: certs}, nil
}

// CRL calls GET /certs/crl. It reads DER, or PEM from services that send
// it. The caller checks the signature with CheckSignatureFrom, since only
// the caller has the trusted CA.
func (s *CAService) CRL(ctx context.Context) (*x509.RevocationList, error) {
	var body []byte
	err := s.client.do(ctx, call{
		method: "GET",
		url:    s.client.baseURL + "/certs/crl",
		accept: "application/pkix-crl",
		raw:    &body,
		limit:  limitList,
	})
	if err != nil {
		return nil, err
	}

	der := body
	if block, _ := pem.Decode(body); block != nil {
		if block.Type != "X509 CRL" {
			return nil, fmt.Errorf("the CRL response is a %q PEM block, expected X509 CRL", capText(block.Type))
		}
		der = block.Bytes
	}

	crl, err := x509.ParseRevocationList(der)
	if err != nil {
		return nil, fmt.Errorf("the CRL response does not parse: %w", err)
	}

	return crl, nil
}

// OCSP calls POST /certs/ocsp for cert, issued by issuer. The response
// signature is checked against issuer.
func (s *CAService) OCSP(ctx context.Context, cert, issuer *x509.Certificate) (OCSPStatus, error) {
	if cert == nil || issuer == nil {
		return OCSPStatus{}, errors.New("OCSP needs both the certificate and its issuer")
	}

	request, err := ocsp.CreateRequest(cert, issuer, nil)
	if err != nil {
		return OCSPStatus{}, fmt.Errorf("build the OCSP request: %w", err)
	}

	var body []byte
	err = s.client.do(ctx, call{
		method:      "POST",
		url:         s.client.baseURL + "/certs/ocsp",
		rawBody:     request,
		contentType: "application/ocsp-request",
		accept:      "application/ocsp-response",
		raw:         &body,
	})
	if err != nil {
		return OCSPStatus{}, err
	}

	resp, err := parseOCSPResponse(body, cert, issuer)
	if err != nil {
		return OCSPStatus{}, fmt.Errorf("the OCSP response for serial %s is invalid: %w", cert.SerialNumber, err)
	}
	if resp.SerialNumber == nil || resp.SerialNumber.Cmp(cert.SerialNumber) != 0 {
		return OCSPStatus{}, fmt.Errorf("the OCSP response is for serial %s, expected %s", resp.SerialNumber, cert.SerialNumber)
	}

	status := OCSPStatus{ThisUpdate: resp.ThisUpdate, NextUpdate: resp.NextUpdate}
	switch resp.Status {
	case ocsp.Good:
		status.Status = OCSPGood
	case ocsp.Revoked:
		status.Status = OCSPRevoked
		status.RevokedAt = resp.RevokedAt
		status.Reason = ReasonName(resp.RevocationReason)
	default:
		status.Status = OCSPUnknown
	}

	return status, nil
}

// ReasonName returns the API name of an RFC 5280 CRL reason code, such as
// key_compromise for 1, or "reason_N" for a code RFC 5280 does not define.
func ReasonName(code int) string {
	return revocation.Name(code)
}

// parseOCSPResponse parses an OCSP response and checks its signature against
// issuer. golang.org/x/crypto/ocsp (v0.59.0) has no Ed25519 support, so for an
// Ed25519 issuer the response is parsed unchecked and its signature over the
// raw TBSResponseData is verified here. Such a response must be signed by the
// issuer itself: a delegated responder certificate is not supported.
func parseOCSPResponse(body []byte, cert, issuer *x509.Certificate) (*ocsp.Response, error) {
	if _, ok := issuer.PublicKey.(ed25519.PublicKey); !ok {
		return ocsp.ParseResponseForCert(body, cert, issuer)
	}

	resp, err := ocsp.ParseResponseForCert(body, cert, nil)
	if err != nil {
		return nil, err
	}
	if resp.Certificate != nil {
		return nil, errors.New("a delegated OCSP responder certificate is not supported for Ed25519 issuers")
	}
	if err := issuer.CheckSignature(x509.PureEd25519, resp.TBSResponseData, resp.Signature); err != nil {
		return nil, fmt.Errorf("invalid Ed25519 signature: %w", err)
	}

	return resp, nil
}
