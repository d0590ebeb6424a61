package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// List calls GET /domains. A zero limit requests DefaultPageLimit entries.
func (s *DomainsService) List(ctx context.Context, limit, offset int) (DomainPage, error) {
	limit = cmp.Or(limit, DefaultPageLimit)
	if err := checkPage(limit, offset); err != nil {
		return DomainPage{}, err
	}

	var out domainPageJSON
	err := s.client.do(ctx, call{
		method: "GET",
		url:    s.client.domainsURL,
		query:  url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(offset)}},
		result: &out,
		limit:  limitList,
	})
	if err != nil {
		return DomainPage{}, err
	}

	page := DomainPage{Domains: make([]Domain, 0, len(out.Domains))}
	for _, d := range out.Domains {
		page.Domains = append(page.Domains, d.toDomain())
	}
	page.Total, page.Offset, page.Limit, page.TotalUnknown = pageCounts(out.Total, out.Offset, out.Limit, offset, limit, len(out.Domains))

	return page, nil
}

// Create calls POST /domains. The local server supports it; the hosted
// service may return 403.
func (s *DomainsService) Create(ctx context.Context, name, alias string) (Domain, error) {
	if name == "" {
		return Domain{}, errors.New("the domain name is empty: enter a name")
	}

	var out domainJSON
	err := s.client.do(ctx, call{
		method: "POST",
		url:    s.client.domainsURL,
		body:   map[string]string{"name": name, "alias": alias},
		result: &out,
		write:  true,
	})
	if err != nil {
		return Domain{}, err
	}

	return out.toDomain(), nil
}

// DefaultPageLimit is the page size used when a list call is given limit 0.
const DefaultPageLimit = 100

// checkPage rejects a page request that the service would reject with 400.
func checkPage(limit, offset int) error {
	if limit < 1 || limit > 1000 {
		return fmt.Errorf("invalid page limit %d: use 1 to 1000", limit)
	}
	if offset < 0 {
		return fmt.Errorf("invalid page offset %d: use 0 or more", offset)
	}
	return nil
}
