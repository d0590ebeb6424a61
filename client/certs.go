package client

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// Issue calls POST /{domainID}/certs/issue/{entityType}/{entityID}.
//
// Some versions of the hosted service return 201 with an empty body or with
// only the serial number. The certificate then carries what is known
// (serial, entity) and an empty PEM, and the caller may Get it.
func (s *CertsService) Issue(ctx context.Context, domainID string, req IssueRequest) (Certificate, error) {
	path, err := s.path(domainID, map[string]string{"entity type": req.EntityType, "entity ID": req.EntityID},
		"issue", req.EntityType, req.EntityID)
	if err != nil {
		return Certificate{}, err
	}

	body := issueBody{
		IPAddresses: req.IPAddresses,
		DNSNames:    req.DNSNames,
		TTL:         req.TTL,
		CommonName:  req.CommonName,
	}
	if body.IPAddresses == nil {
		// The service requires the field, and accepts it empty.
		body.IPAddresses = []string{}
	}

	var out certificateJSON
	err = s.client.do(ctx, call{
		method:  "POST",
		url:     path,
		query:   domainQuery(domainID),
		body:    body,
		result:  &out,
		emptyOK: true,
		write:   true,
	})
	if err != nil {
		return Certificate{}, err
	}

	cert := out.toCertificate()
	cert.EntityID = cmp.Or(cert.EntityID, req.EntityID)
	cert.EntityType = cmp.Or(cert.EntityType, req.EntityType)

	return cert, nil
}

// issueBody is the JSON body of an issue call.
type issueBody struct {
	IPAddresses []string `json:"ip_addresses"`
	DNSNames    []string `json:"dns_names,omitempty"`
	TTL         string   `json:"ttl,omitempty"`
	CommonName  string   `json:"common_name,omitempty"`
}

// Renew calls PATCH /{domainID}/certs/{serial}/renew and returns the new certificate.
// When the service returns no body, the result is the zero Certificate.
func (s *CertsService) Renew(ctx context.Context, domainID, serial string) (Certificate, error) {
	path, err := s.path(domainID, map[string]string{"serial number": serial}, serial, "renew")
	if err != nil {
		return Certificate{}, err
	}

	var out certificateJSON
	err = s.client.do(ctx, call{
		method:  "PATCH",
		url:     path,
		query:   domainQuery(domainID),
		result:  &out,
		emptyOK: true,
		write:   true,
	})
	if err != nil {
		return Certificate{}, err
	}

	return out.toCertificate(), nil
}

// Revoke calls PATCH /{domainID}/certs/{serial}/revoke; reason may be empty.
// The reason is an RFC 5280 name such as key_compromise.
func (s *CertsService) Revoke(ctx context.Context, domainID, serial, reason string) error {
	path, err := s.path(domainID, map[string]string{"serial number": serial}, serial, "revoke")
	if err != nil {
		return err
	}

	cl := call{
		method: "PATCH",
		url:    path,
		query:  domainQuery(domainID),
		write:  true,
	}
	if reason != "" {
		cl.body = map[string]string{"reason": reason}
	}

	return s.client.do(ctx, cl)
}

// List calls GET /{domainID}/certs. A zero limit requests DefaultPageLimit entries.
func (s *CertsService) List(ctx context.Context, domainID string, opts ListOptions) (CertificatePage, error) {
	path, err := s.path(domainID, nil)
	if err != nil {
		return CertificatePage{}, err
	}

	limit := cmp.Or(opts.Limit, DefaultPageLimit)
	if err := checkPage(limit, opts.Offset); err != nil {
		return CertificatePage{}, err
	}

	query := domainQuery(domainID)
	query.Set("limit", strconv.Itoa(limit))
	query.Set("offset", strconv.Itoa(opts.Offset))
	if opts.EntityID != "" {
		query.Set("entity_id", opts.EntityID)
	}

	var out certificatePageJSON
	err = s.client.do(ctx, call{
		method: "GET",
		url:    path,
		query:  query,
		result: &out,
		limit:  limitList,
	})
	if err != nil {
		return CertificatePage{}, err
	}

	page := CertificatePage{Certificates: make([]Certificate, 0, len(out.Certificates))}
	for _, w := range out.Certificates {
		page.Certificates = append(page.Certificates, w.toCertificate())
	}
	page.Total, page.Offset, page.Limit, page.TotalUnknown = pageCounts(out.Total, out.Offset, out.Limit, opts.Offset, limit, len(out.Certificates))

	return page, nil
}

// Get calls GET /{domainID}/certs/{serial}.
func (s *CertsService) Get(ctx context.Context, domainID, serial string) (Certificate, error) {
	path, err := s.path(domainID, map[string]string{"serial number": serial}, serial)
	if err != nil {
		return Certificate{}, err
	}

	var out certificateJSON
	err = s.client.do(ctx, call{
		method: "GET",
		url:    path,
		query:  domainQuery(domainID),
		result: &out,
	})
	if err != nil {
		return Certificate{}, err
	}

	return out.toCertificate(), nil
}

// DeleteEntity calls DELETE /{domainID}/certs?entity_id=, which revokes
// every certificate of the entity and removes them from listings.
func (s *CertsService) DeleteEntity(ctx context.Context, domainID, entityID string) error {
	path, err := s.path(domainID, map[string]string{"entity ID": entityID})
	if err != nil {
		return err
	}

	query := domainQuery(domainID)
	query.Set("entity_id", entityID)

	return s.client.do(ctx, call{
		method: "DELETE",
		url:    path,
		query:  query,
		write:  true,
	})
}

// path checks domainID and the named values, and builds
// {base}/{domainID}/certs/{segments...} with every segment escaped.
func (s *CertsService) path(domainID string, values map[string]string, segments ...string) (string, error) {
	if err := checkSegment("domain ID", domainID); err != nil {
		return "", err
	}
	for name, value := range values {
		if err := checkSegment(name, value); err != nil {
			return "", err
		}
	}

	var b strings.Builder
	b.WriteString(s.client.baseURL)
	b.WriteString("/" + url.PathEscape(domainID) + "/certs")
	for _, seg := range segments {
		b.WriteString("/" + url.PathEscape(seg))
	}

	return b.String(), nil
}

// checkSegment rejects values that would change the meaning of a URL path
// even after escaping.
func checkSegment(name, value string) error {
	switch {
	case value == "":
		return fmt.Errorf("the %s is empty", name)
	case value == "." || value == "..":
		return fmt.Errorf("invalid %s %q: dot segments are not allowed", name, value)
	case strings.IndexFunc(value, unicode.IsControl) >= 0:
		return fmt.Errorf("invalid %s %q: control characters are not allowed", name, value)
	}
	return nil
}

// domainQuery carries the domain as query parameter too, as the hosted
// service expects it beside the path value.
func domainQuery(domainID string) url.Values {
	return url.Values{"domainID": {domainID}}
}
