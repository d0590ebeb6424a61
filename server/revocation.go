package server

import (
	"context"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"net/http"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/store"
)

// cachedCRL is the last signed CRL and the revocation generation it covers.
type cachedCRL struct {
	der        []byte
	generation uint64
	thisUpdate time.Time
}

// crlRefresh is the maximum age of a cached CRL. An older one is signed
// again even without new revocations, well inside its CRLValidity.
const crlRefresh = time.Hour

// revocationsChanged marks the cached CRL stale.
func (s *Server) revocationsChanged() {
	s.crlMu.Lock()
	s.revocationGeneration++
	s.crlMu.Unlock()
}

// currentCRL returns a CRL reflecting every revocation so far, signing a
// new one when a revocation happened since the cached one.
func (s *Server) currentCRL(ctx context.Context) ([]byte, error) {
	s.crlMu.Lock()
	defer s.crlMu.Unlock()

	now := s.now()
	cached := s.crlCache
	if cached.der != nil && cached.generation == s.revocationGeneration && now.Sub(cached.thisUpdate) < crlRefresh && !now.Before(cached.thisUpdate) {
		return cached.der, nil
	}

	generation := s.revocationGeneration
	der, err := s.signCRL(ctx, now)
	if err != nil {
		return nil, err
	}
	s.crlCache = cachedCRL{der: der, generation: generation, thisUpdate: now}
	return der, nil
}

// signCRL reads every revocation and signs a CRL with the next CRL number.
func (s *Server) signCRL(ctx context.Context, now time.Time) ([]byte, error) {
	revocations, err := s.store.Revocations(ctx)
	if err != nil {
		return nil, err
	}
	entries := make([]x509.RevocationListEntry, 0, len(revocations))
	for _, rev := range revocations {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: rev.Serial, RevocationTime: rev.RevokedAt, ReasonCode: rev.Reason})
	}
	number, err := s.store.NextCRLNumber(ctx)
	if err != nil {
		return nil, err
	}
	return s.authority.CRL(entries, number, now)
}

// handleCRL serves GET /certs/crl.
func (s *Server) handleCRL(w http.ResponseWriter, r *http.Request) error {
	der, err := s.currentCRL(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pkix-crl")
	writeBody(w, der)
	return nil
}

// handleOCSP serves POST /certs/ocsp (RFC 6960 over HTTP POST).
func (s *Server) handleOCSP(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return newProblem(kindTooLarge, "OCSP request larger than %d bytes", tooLarge.Limit)
	}
	if err != nil {
		return newProblem(kindInvalid, "read OCSP request: %v", err)
	}
	req, err := ocsp.ParseRequest(body)
	if err != nil {
		return newProblem(kindInvalid, "malformed OCSP request: %v", err)
	}
	nonce, err := ca.OCSPRequestNonce(body)
	if err != nil {
		return newProblem(kindInvalid, "malformed OCSP request: %v", err)
	}
	var extensions []pkix.Extension
	if nonce != nil {
		extensions = append(extensions, *nonce)
	}

	status, revokedAt, reason, err := s.ocspStatus(r.Context(), req)
	if err != nil {
		return err
	}
	der, err := s.authority.OCSPResponseWithExtensions(req, status, revokedAt, reason, s.now(), extensions)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/ocsp-response")
	writeBody(w, der)
	return nil
}

// ocspStatus looks up the certificate an OCSP request names. A certificate
// of another issuer, or a serial never issued, is unknown.
func (s *Server) ocspStatus(ctx context.Context, req *ocsp.Request) (status int, revokedAt time.Time, reason int, err error) {
	if req.SerialNumber == nil || req.SerialNumber.Sign() <= 0 || !s.authority.IssuedBy(req) {
		return ocsp.Unknown, time.Time{}, 0, nil
	}
	c, err := s.store.CertificateBySerial(ctx, req.SerialNumber.String())
	if errors.Is(err, store.ErrNotFound) {
		return ocsp.Unknown, time.Time{}, 0, nil
	}
	if err != nil {
		return 0, time.Time{}, 0, err
	}
	if c.Revoked {
		return ocsp.Revoked, c.RevokedAt, c.Reason, nil
	}
	return ocsp.Good, time.Time{}, 0, nil
}

func unixTime(seconds int64) time.Time { return time.Unix(seconds, 0).UTC() }
