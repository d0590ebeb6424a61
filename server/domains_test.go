package server_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

type apiDomain struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Alias     string    `json:"alias"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

type apiDomainPage struct {
	Total   int         `json:"total"`
	Offset  int         `json:"offset"`
	Limit   int         `json:"limit"`
	Domains []apiDomain `json:"domains"`
}

func TestFreshServerHasDefaultDomain(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "GET", "/domains", nil)
	expectStatus(t, "list domains", status, body, http.StatusOK)
	var page apiDomainPage
	decode(t, body, &page)
	if page.Total != 1 || len(page.Domains) != 1 {
		t.Fatalf("fresh server has %d domains", page.Total)
	}
	d := page.Domains[0]
	if d.Name != "default" || d.ID != inst.DomainID || d.Status != "active" || d.CreatedAt.IsZero() {
		t.Errorf("default domain %+v", d)
	}
}

func TestCreateDomain(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "POST", "/domains", map[string]string{"name": "Staging", "alias": "staging"})
	expectStatus(t, "create", status, body, http.StatusCreated)
	var created apiDomain
	decode(t, body, &created)
	if created.ID == "" || created.Name != "Staging" || created.Alias != "staging" {
		t.Fatalf("created %+v", created)
	}

	// The new domain works for certificates, apart from the default one.
	status, body = call(t, inst, "POST", "/"+created.ID+"/certs/issue/cvm/vm", map[string]any{"ip_addresses": []string{}})
	expectStatus(t, "issue in new domain", status, body, http.StatusCreated)
	var page apiPage
	_, body = call(t, inst, "GET", domainPath(inst, ""), nil)
	decode(t, body, &page)
	if page.Total != 0 {
		t.Errorf("default domain lists %d certificates of another domain", page.Total)
	}

	status, body = call(t, inst, "POST", "/domains", map[string]string{"name": "Other", "alias": "staging"})
	expectError(t, "alias taken", status, body, http.StatusConflict, "staging")
	status, body = call(t, inst, "POST", "/domains", map[string]string{"alias": "x"})
	expectError(t, "missing name", status, body, http.StatusBadRequest, "name")
	status, body = call(t, inst, "POST", "/domains", map[string]string{"name": "No alias"})
	expectStatus(t, "without alias", status, body, http.StatusCreated)
	status, body = call(t, inst, "POST", "/domains", map[string]string{"name": "No alias either"})
	expectStatus(t, "second without alias", status, body, http.StatusCreated)

	var domains apiDomainPage
	status, body = call(t, inst, "GET", "/domains?limit=2&offset=1", nil)
	expectStatus(t, "list", status, body, http.StatusOK)
	decode(t, body, &domains)
	if domains.Total != 4 || len(domains.Domains) != 2 || domains.Domains[0].ID != created.ID {
		t.Errorf("domain page: total %d, %+v", domains.Total, domains.Domains)
	}
	status, body = call(t, inst, "GET", "/domains?limit=0", nil)
	expectError(t, "bad limit", status, body, http.StatusBadRequest, "limit")
}
