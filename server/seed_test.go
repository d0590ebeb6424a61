package server_test

import (
	"crypto/x509"
	"fmt"
	"net/http"
	"testing"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestSeedStoresRealCertificates(t *testing.T) {
	inst := servertest.Start(t)
	const n = 2500
	inst.Seed(inst.DomainID, n)

	var page apiPage
	status, body := call(t, inst, "GET", domainPath(inst, "?limit=1000&offset=1500"), nil)
	expectStatus(t, "list seeded", status, body, http.StatusOK)
	decode(t, body, &page)
	if page.Total != n || len(page.Certificates) != 1000 {
		t.Fatalf("seeded list: total %d, %d entries", page.Total, len(page.Certificates))
	}

	roots, intermediates := chainPools(inst)
	seen := map[string]bool{}
	for _, c := range page.Certificates {
		cert := parsePEMCertificate(t, c.Certificate)
		if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: intermediates}); err != nil {
			t.Fatalf("seeded certificate %s does not verify: %v", c.SerialNumber, err)
		}
		if cert.SerialNumber.String() != c.SerialNumber || seen[c.SerialNumber] {
			t.Fatalf("seeded serial %s repeats or differs from the certificate's %s", c.SerialNumber, cert.SerialNumber)
		}
		seen[c.SerialNumber] = true
		if cert.Subject.CommonName != c.EntityID {
			t.Errorf("seeded certificate of %s has common name %q", c.EntityID, cert.Subject.CommonName)
		}
	}

	entity := fmt.Sprintf("seed-%04d", 7)
	status, body = call(t, inst, "GET", domainPath(inst, "?entity_id="+entity), nil)
	expectStatus(t, "list entity", status, body, http.StatusOK)
	decode(t, body, &page)
	if want := (n + server.SeedEntities - 1 - 7) / server.SeedEntities; page.Total != want {
		t.Errorf("entity %s has %d certificates, want %d", entity, page.Total, want)
	}

	// Seeded certificates behave like issued ones.
	c := page.Certificates[0]
	status, body = call(t, inst, "PATCH", domainPath(inst, "/"+c.SerialNumber+"/renew"), nil)
	expectStatus(t, "renew seeded", status, body, http.StatusOK)
	token := downloadToken(t, inst, c.SerialNumber)
	status, _, body = getBody(t, inst.URL+domainPath(inst, "/"+entity+"/download?downloadToken="+token), nil)
	expectStatus(t, "download seeded", status, body, http.StatusOK)
}

func TestListPagesAfterDeletes(t *testing.T) {
	inst := servertest.Start(t)
	inst.Seed(inst.DomainID, 3000)
	for _, entity := range []string{"seed-0000", "seed-0050", "seed-0099"} {
		status, body := call(t, inst, "DELETE", domainPath(inst, "?entity_id="+entity), nil)
		expectStatus(t, "delete "+entity, status, body, http.StatusNoContent)
	}

	// Walk every page: the pages must tile the listed certificates exactly.
	seen := map[string]bool{}
	total := -1
	var previousIssued string
	for offset := 0; total < 0 || offset < total; offset += 97 {
		var page apiPage
		status, body := call(t, inst, "GET", domainPath(inst, fmt.Sprintf("?limit=97&offset=%d", offset)), nil)
		expectStatus(t, "page", status, body, http.StatusOK)
		decode(t, body, &page)
		total = page.Total
		for _, c := range page.Certificates {
			if seen[c.SerialNumber] {
				t.Fatalf("serial %s appears on two pages", c.SerialNumber)
			}
			seen[c.SerialNumber] = true
			if c.EntityID == "seed-0000" || c.EntityID == "seed-0050" || c.EntityID == "seed-0099" {
				t.Fatalf("deleted entity %s is listed", c.EntityID)
			}
		}
		if len(page.Certificates) > 0 {
			previousIssued = page.Certificates[len(page.Certificates)-1].SerialNumber
		}
	}
	if total != 3000-90 || len(seen) != total {
		t.Errorf("pages hold %d certificates, total %d, want %d", len(seen), total, 3000-90)
	}
	if previousIssued == "" {
		t.Error("no page had entries")
	}
}
