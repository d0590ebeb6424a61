package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/certs-tui/certs-tui/server/store"
)

// DefaultDomainName is the name and alias of the domain a fresh server has.
const DefaultDomainName = "default"

// domainJSON is a domain as the API sends it.
type domainJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Alias     string    `json:"alias"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

func toDomainJSON(d store.Domain) domainJSON {
	return domainJSON{ID: d.ID, Name: d.Name, Alias: d.Alias, Status: d.Status, CreatedAt: d.CreatedAt}
}

// ensureDefaultDomain creates the "default" domain when the store has no
// domain at all.
func (s *Server) ensureDefaultDomain(ctx context.Context) error {
	_, total, err := s.store.Domains(ctx, 1, 0)
	if err != nil {
		return err
	}
	if total > 0 {
		return nil
	}
	_, err = s.createDomain(ctx, DefaultDomainName, DefaultDomainName)
	return err
}

// DefaultDomainID returns the ID of the domain aliased "default", or of the
// oldest domain when none has that alias.
func (s *Server) DefaultDomainID(ctx context.Context) (string, error) {
	domains, _, err := s.store.Domains(ctx, maxPageLimit, 0)
	if err != nil {
		return "", err
	}
	for _, d := range domains {
		if d.Alias == DefaultDomainName {
			return d.ID, nil
		}
	}
	if len(domains) == 0 {
		return "", errors.New("the store has no domain")
	}
	return domains[0].ID, nil
}

func (s *Server) createDomain(ctx context.Context, name, alias string) (store.Domain, error) {
	d := store.Domain{ID: uuid.NewString(), Name: name, Alias: alias, Status: "active", CreatedAt: s.now().UTC()}
	if err := s.store.CreateDomain(ctx, d); err != nil {
		if errors.Is(err, store.ErrAliasTaken) {
			return store.Domain{}, newProblem(kindConflict, "alias %q is taken by another domain: choose another alias", alias)
		}
		return store.Domain{}, err
	}
	s.logger.InfoContext(ctx, "created domain", "domain_id", d.ID, "name", d.Name)
	return d, nil
}

// domain returns the domain of a path, or a 404 problem. Found domains are
// cached, because every domain-scoped call looks one up and the API has no
// call that changes or removes a domain.
func (s *Server) domain(ctx context.Context, id string) (store.Domain, error) {
	if cached, ok := s.domains.Load(id); ok {
		return cached.(store.Domain), nil
	}
	if err := checkID("domain ID", id); err != nil {
		return store.Domain{}, err
	}
	d, err := s.store.Domain(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Domain{}, newProblem(kindNotFound, "domain %q not found: list domains with GET /domains", id)
	}
	if err != nil {
		return store.Domain{}, err
	}
	s.domains.Store(id, d)
	return d, nil
}

// handleListDomains serves GET /domains.
func (s *Server) handleListDomains(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := parsePage(r.URL.Query().Get("limit"), r.URL.Query().Get("offset"))
	if err != nil {
		return err
	}
	domains, total, err := s.store.Domains(r.Context(), limit, offset)
	if err != nil {
		return err
	}

	page := struct {
		Total   int          `json:"total"`
		Offset  int          `json:"offset"`
		Limit   int          `json:"limit"`
		Domains []domainJSON `json:"domains"`
	}{Total: total, Offset: offset, Limit: limit, Domains: make([]domainJSON, 0, len(domains))}
	for _, d := range domains {
		page.Domains = append(page.Domains, toDomainJSON(d))
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// Bounds of domain fields, in characters.
const (
	maxDomainNameLength  = 128
	maxDomainAliasLength = 64
)

// handleCreateDomain serves POST /domains.
func (s *Server) handleCreateDomain(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Name  string `json:"name"`
		Alias string `json:"alias"`
	}
	if err := decodeJSON(r, &body, true); err != nil {
		return err
	}
	if err := checkText("domain name", body.Name, true, maxDomainNameLength); err != nil {
		return err
	}
	if err := checkText("domain alias", body.Alias, false, maxDomainAliasLength); err != nil {
		return err
	}

	d, err := s.createDomain(r.Context(), body.Name, body.Alias)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toDomainJSON(d))
	return nil
}

// handleHealth serves GET /health.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "pass", "version": s.cfg.Version})
	return nil
}
