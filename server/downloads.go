package server

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/store"
)

// handleDownloadToken serves GET /{domainID}/certs/{serial}/download/token.
func (s *Server) handleDownloadToken(w http.ResponseWriter, r *http.Request) error {
	c, err := s.certificateInPath(r)
	if err != nil {
		return err
	}
	if c.Deleted {
		return deletedEntityProblem(c)
	}
	token := s.tokens.sign(downloadClaims{
		Kind:     tokenKindCertificate,
		DomainID: c.DomainID,
		Serial:   c.Serial,
		EntityID: c.EntityID,
		Expires:  s.now().Add(downloadTokenTTL).Unix(),
	})
	writeJSON(w, http.StatusOK, map[string]string{"token": token})
	return nil
}

// deletedEntityProblem is the 404 for a bundle of a deleted entity's
// certificate. Deleting an entity retires its keys, so they stay sealed in
// the database but are never handed out again.
func deletedEntityProblem(c store.Certificate) error {
	return newProblem(kindNotFound, "certificate %s belongs to entity %+q, which was deleted: its private key can no longer be downloaded", c.Serial, c.EntityID)
}

// bundleJSON is the body of a bundle download: each field is the base64 of
// a PEM file.
type bundleJSON struct {
	Certificate string `json:"certificate"`
	PrivateKey  string `json:"private_key"`
	CA          string `json:"ca"`
}

// handleDownload serves GET /{domainID}/certs/{entityID}/download. The
// token comes as downloadToken, or under the older query name token.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	token := query.Get("downloadToken")
	if token == "" {
		token = query.Get("token")
	}
	claims, err := s.tokens.verify(token, tokenKindCertificate, s.now())
	if err != nil {
		return err
	}

	domainID, entityID := r.PathValue("domainID"), r.PathValue("entityID")
	if claims.DomainID != domainID {
		return newProblem(kindForbidden, "download token is for another domain than %q: request a token in this domain", domainID)
	}
	if claims.EntityID != entityID {
		return newProblem(kindForbidden, "download token is for another entity than %q: request a token for a certificate of this entity", entityID)
	}

	c, err := s.store.CertificateInDomain(r.Context(), claims.DomainID, claims.Serial)
	if errors.Is(err, store.ErrNotFound) {
		return newProblem(kindNotFound, "certificate %s of the download token no longer exists", claims.Serial)
	}
	if err != nil {
		return err
	}
	if c.Deleted {
		return deletedEntityProblem(c)
	}
	keyPEM, err := s.store.PrivateKey(r.Context(), c.ID)
	if err != nil {
		return err
	}
	if err := s.useToken(r, claims); err != nil {
		return err
	}

	s.logger.InfoContext(r.Context(), "downloaded certificate bundle", "domain_id", c.DomainID, "serial", c.Serial)
	writeJSON(w, http.StatusOK, bundleJSON{
		Certificate: base64.StdEncoding.EncodeToString(ca.CertificatePEM(c.DER)),
		PrivateKey:  base64.StdEncoding.EncodeToString(keyPEM),
		CA:          base64.StdEncoding.EncodeToString(s.authority.ChainPEM()),
	})
	return nil
}

// useToken records the token as used, or returns a 401 problem when it was
// used before.
func (s *Server) useToken(r *http.Request, claims downloadClaims) error {
	err := s.store.UseToken(r.Context(), claims.Nonce, unixTime(claims.Expires), s.now())
	if errors.Is(err, store.ErrTokenUsed) {
		return newProblem(kindUnauthorized, "download token was already used: each token works once, request a new one")
	}
	return err
}

// handleCAToken serves GET /certs/get-ca/token.
func (s *Server) handleCAToken(w http.ResponseWriter, r *http.Request) error {
	token := s.tokens.sign(downloadClaims{Kind: tokenKindCA, Expires: s.now().Add(downloadTokenTTL).Unix()})
	writeJSON(w, http.StatusOK, map[string]string{"token": token})
	return nil
}

// pemMediaType is the media type that selects the plain PEM CA download.
const pemMediaType = "application/x-pem-file"

// handleDownloadCA serves GET /certs/download-ca?token=: a zip holding
// ca.crt, or the PEM itself when the request accepts application/x-pem-file.
func (s *Server) handleDownloadCA(w http.ResponseWriter, r *http.Request) error {
	claims, err := s.tokens.verify(r.URL.Query().Get("token"), tokenKindCA, s.now())
	if err != nil {
		return err
	}
	if err := s.useToken(r, claims); err != nil {
		return err
	}

	chain := s.authority.ChainPEM()
	if acceptsPEM(r.Header.Values("Accept")) {
		w.Header().Set("Content-Type", pemMediaType)
		w.Header().Set("Content-Disposition", `attachment; filename="ca.crt"`)
		writeBody(w, chain)
		return nil
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create("ca.crt")
	if err != nil {
		return err
	}
	if _, err := f.Write(chain); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="ca.zip"`)
	writeBody(w, buf.Bytes())
	return nil
}

// acceptsPEM reports whether an Accept header names application/x-pem-file.
func acceptsPEM(accept []string) bool {
	for _, header := range accept {
		for _, part := range strings.Split(header, ",") {
			mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err == nil && mediaType == pemMediaType {
				return true
			}
		}
	}
	return false
}

// writeBody writes a response body. A write error means the client has
// gone after the status was sent, so there is no one left to tell.
func writeBody(w http.ResponseWriter, body []byte) {
	_, _ = w.Write(body)
}
