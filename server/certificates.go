package server

import (
	"crypto/x509/pkix"
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/store"
	"golang.org/x/crypto/ocsp"
)

// certificateInPath loads the domain and certificate named by the request
// path, checking both values, or returns a 400 or 404 problem.
func (s *Server) certificateInPath(r *http.Request) (store.Certificate, error) {
	d, err := s.domainInPath(r)
	if err != nil {
		return store.Certificate{}, err
	}
	raw := r.PathValue("serial")
	serial, err := parseSerial(raw)
	if err != nil {
		return store.Certificate{}, err
	}
	c, err := s.store.CertificateInDomain(r.Context(), d.ID, serial)
	if errors.Is(err, store.ErrNotFound) {
		return store.Certificate{}, newProblem(kindNotFound, "certificate with serial %s not found in domain %q", raw, d.ID)
	}
	return c, err
}

// domainInPath loads the domain named by the path. The domainID query
// value, which the hosted API also carries, must match the path when given.
func (s *Server) domainInPath(r *http.Request) (store.Domain, error) {
	id := r.PathValue("domainID")
	if q, ok := r.URL.Query()["domainID"]; ok && (len(q) != 1 || q[0] != id) {
		return store.Domain{}, newProblem(kindInvalid, "query domainID %q differs from domain %q in the path: send the same value or leave the query out", q[0], id)
	}
	return s.domain(r.Context(), id)
}

// issueBody is the JSON body of an issue request. IPAddresses is a pointer
// so that a missing field is distinguished from an empty list.
type issueBody struct {
	IPAddresses *[]string `json:"ip_addresses"`
	TTL         string    `json:"ttl"`
	DNSNames    []string  `json:"dns_names"`
	CommonName  string    `json:"common_name"`
}

// handleIssue serves POST /{domainID}/certs/issue/{entityType}/{entityID}.
func (s *Server) handleIssue(w http.ResponseWriter, r *http.Request) error {
	entityType, entityID := r.PathValue("entityType"), r.PathValue("entityID")
	if err := checkEntityType(entityType); err != nil {
		return err
	}
	if err := checkID("entity ID", entityID); err != nil {
		return err
	}
	d, err := s.domainInPath(r)
	if err != nil {
		return err
	}

	var body issueBody
	if err := decodeJSON(r, &body, true); err != nil {
		return err
	}
	if body.IPAddresses == nil {
		return newProblem(kindInvalid, `missing ip_addresses: send a list of IP addresses, or [] for none`)
	}
	ips, err := parseIPs(*body.IPAddresses)
	if err != nil {
		return err
	}
	dnsNames, err := checkDNSNames(body.DNSNames)
	if err != nil {
		return err
	}
	ttl, err := parseTTL(body.TTL)
	if err != nil {
		return err
	}
	commonName, err := leafCommonName(entityID, body.CommonName)
	if err != nil {
		return err
	}

	cert, err := s.issueLeaf(r.Context(), leafSpec{
		DomainID:    d.ID,
		EntityID:    entityID,
		EntityType:  entityType,
		Subject:     pkix.Name{CommonName: commonName, OrganizationalUnit: []string{entityType}},
		DNSNames:    dnsNames,
		IPAddresses: ips,
		TTL:         ttl,
		Algorithm:   s.leafAlgorithm(),
	})
	if err != nil {
		return err
	}
	s.logger.InfoContext(r.Context(), "issued certificate", "domain_id", d.ID, "entity_id", entityID, "serial", cert.Serial)
	writeJSON(w, http.StatusCreated, toCertificateJSON(cert))
	return nil
}

// maxCommonNameLength is ub-common-name of RFC 5280 appendix A, in characters.
const maxCommonNameLength = 64

// leafCommonName returns the subject common name of a new leaf: the
// requested one, else the entity ID when it fits in a common name.
func leafCommonName(entityID, requested string) (string, error) {
	if requested != "" {
		if err := checkText("common_name", requested, false, maxCommonNameLength); err != nil {
			return "", err
		}
		return requested, nil
	}
	if n := utf8.RuneCountInString(entityID); n > maxCommonNameLength {
		return "", newProblem(kindInvalid, "entity ID %+.40q... has %d characters, too long for the certificate's common name: pass a common_name of at most %d characters", entityID, n, maxCommonNameLength)
	}
	return entityID, nil
}

// handleRenew serves PATCH /{domainID}/certs/{serial}/renew.
func (s *Server) handleRenew(w http.ResponseWriter, r *http.Request) error {
	old, err := s.certificateInPath(r)
	if err != nil {
		return err
	}
	if old.Revoked {
		return newProblem(kindConflict, "certificate %s is revoked: revoked certificates cannot be renewed, issue a new one", old.Serial)
	}
	spec, err := renewSpec(old)
	if err != nil {
		return err
	}

	cert, err := s.issueLeaf(r.Context(), spec)
	if err != nil {
		var p *problem
		if errors.As(err, &p) && p.kind == kindInvalid {
			// The request had no TTL; the only invalid case is a validity
			// that the issuing CA can no longer cover.
			return newProblem(kindConflict, "certificate %s cannot be renewed with its validity: %s", old.Serial, p.message)
		}
		return err
	}
	s.logger.InfoContext(r.Context(), "renewed certificate", "domain_id", old.DomainID, "serial", cert.Serial, "renewed_from", old.Serial)
	writeJSON(w, http.StatusOK, toCertificateJSON(cert))
	return nil
}

// handleRevoke serves PATCH /{domainID}/certs/{serial}/revoke.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) error {
	c, err := s.certificateInPath(r)
	if err != nil {
		return err
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &body, false); err != nil {
		return err
	}
	reason, err := ca.ParseReason(body.Reason)
	if err != nil {
		return newProblem(kindInvalid, "%v", err)
	}

	err = s.store.Revoke(r.Context(), c.ID, c.Serial, s.now(), reason)
	if errors.Is(err, store.ErrAlreadyRevoked) {
		return newProblem(kindConflict, "certificate %s is already revoked", c.Serial)
	}
	if err != nil {
		return err
	}
	s.revocationsChanged()
	s.logger.InfoContext(r.Context(), "revoked certificate", "domain_id", c.DomainID, "serial", c.Serial, "reason", ca.ReasonName(reason))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleGet serves GET /{domainID}/certs/{serial}.
func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) error {
	c, err := s.certificateInPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCertificateJSON(c))
	return nil
}

// certificatePage is the JSON body of a list call.
type certificatePage struct {
	Total        int               `json:"total"`
	Offset       int               `json:"offset"`
	Limit        int               `json:"limit"`
	Certificates []certificateJSON `json:"certificates"`
}

// handleList serves GET /{domainID}/certs.
func (s *Server) handleList(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	limit, offset, err := parsePage(query.Get("limit"), query.Get("offset"))
	if err != nil {
		return err
	}
	entityID := query.Get("entity_id")
	if entityID != "" {
		if err := checkID("entity_id", entityID); err != nil {
			return err
		}
	}
	d, err := s.domainInPath(r)
	if err != nil {
		return err
	}

	certs, total, err := s.store.ListCertificates(r.Context(), store.ListQuery{DomainID: d.ID, EntityID: entityID, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	page := certificatePage{Total: total, Offset: offset, Limit: limit, Certificates: make([]certificateJSON, 0, len(certs))}
	for _, c := range certs {
		page.Certificates = append(page.Certificates, toCertificateJSON(c))
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// handleDeleteEntity serves DELETE /{domainID}/certs?entity_id=.
func (s *Server) handleDeleteEntity(w http.ResponseWriter, r *http.Request) error {
	entityID := r.URL.Query().Get("entity_id")
	if err := checkID("entity_id", entityID); err != nil {
		return err
	}
	d, err := s.domainInPath(r)
	if err != nil {
		return err
	}

	removed, err := s.store.DeleteEntity(r.Context(), d.ID, entityID, s.now(), ocsp.CessationOfOperation)
	if errors.Is(err, store.ErrNotFound) {
		return newProblem(kindNotFound, "entity %q has no certificates in domain %q", entityID, d.ID)
	}
	if err != nil {
		return err
	}
	s.revocationsChanged()
	s.logger.InfoContext(r.Context(), "deleted entity certificates", "domain_id", d.ID, "entity_id", entityID, "count", removed)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
