package server_test

import (
	"crypto"
	"crypto/x509"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestIssueDropsRootDotOfDNSNames(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm-dot", map[string]any{
		"ip_addresses": []string{},
		"dns_names":    []string{"api.example.test.", "API.example.test", "*.svc.example.test."},
	})

	cert := parsePEMCertificate(t, c.Certificate)
	if want := []string{"api.example.test", "*.svc.example.test"}; !slices.Equal(cert.DNSNames, want) {
		t.Errorf("DNS SANs %q, want %q", cert.DNSNames, want)
	}
	if err := cert.VerifyHostname("api.example.test"); err != nil {
		t.Errorf("verify host name: %v", err)
	}
}

func TestIssueVerifiesWithChain(t *testing.T) {
	inst := servertest.Start(t)
	before := time.Now()
	c := issue(t, inst, "cvm", "vm-1", map[string]any{
		"ip_addresses": []string{"10.0.0.1", "::1"},
		"dns_names":    []string{"vm-1.example.test"},
	})

	cert := parsePEMCertificate(t, c.Certificate)
	roots, intermediates := chainPools(inst)
	_, err := cert.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: intermediates,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		DNSName:   "vm-1.example.test",
	})
	if err != nil {
		t.Fatalf("verify chain: %v", err)
	}

	if cert.Subject.CommonName != "vm-1" {
		t.Errorf("common name %q, want the entity ID vm-1", cert.Subject.CommonName)
	}
	wantIPs := []net.IP{net.ParseIP("10.0.0.1").To4(), net.ParseIP("::1")}
	if len(cert.IPAddresses) != 2 || !cert.IPAddresses[0].Equal(wantIPs[0]) || !cert.IPAddresses[1].Equal(wantIPs[1]) {
		t.Errorf("IP SANs %v, want %v", cert.IPAddresses, wantIPs)
	}
	if !slices.Equal(cert.DNSNames, []string{"vm-1.example.test"}) {
		t.Errorf("DNS SANs %v", cert.DNSNames)
	}
	if !slices.Contains(cert.ExtKeyUsage, x509.ExtKeyUsageServerAuth) || !slices.Contains(cert.ExtKeyUsage, x509.ExtKeyUsageClientAuth) {
		t.Errorf("extended key usage %v lacks server or client auth", cert.ExtKeyUsage)
	}
	if cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		t.Errorf("key usage %v lacks digital signature", cert.KeyUsage)
	}
	if cert.IsCA {
		t.Error("leaf is marked as a CA")
	}
	if len(cert.SubjectKeyId) == 0 {
		t.Error("leaf has no subject key identifier")
	}
	if string(cert.AuthorityKeyId) != string(inst.Server.Authority().Intermediate.SubjectKeyId) {
		t.Error("authority key identifier differs from the intermediate's subject key identifier")
	}
	if !slices.Equal(cert.CRLDistributionPoints, []string{inst.URL + "/certs/crl"}) {
		t.Errorf("CRL URLs %v", cert.CRLDistributionPoints)
	}
	if !slices.Equal(cert.OCSPServer, []string{inst.URL + "/certs/ocsp"}) {
		t.Errorf("OCSP URLs %v", cert.OCSPServer)
	}

	skew := before.Sub(cert.NotBefore)
	if skew < 4*time.Minute || skew > 6*time.Minute {
		t.Errorf("NotBefore %s is %s before issuance, want about 5 minutes", cert.NotBefore, skew)
	}
	validity := cert.NotAfter.Sub(before)
	if validity < 30*24*time.Hour-time.Minute || validity > 30*24*time.Hour+time.Minute {
		t.Errorf("default validity %s, want 30 days", validity)
	}

	if cert.SerialNumber.Sign() <= 0 || cert.SerialNumber.BitLen() > 128 {
		t.Errorf("serial %s is not a positive 128-bit number", cert.SerialNumber)
	}
	if c.SerialNumber != cert.SerialNumber.String() {
		t.Errorf("serial_number %q differs from the certificate's %s", c.SerialNumber, cert.SerialNumber)
	}
	if c.EntityID != "vm-1" || c.EntityType != "cvm" || c.Revoked || c.RenewedFrom != "" {
		t.Errorf("certificate object %+v", c)
	}
	if !c.IssuedAt.Equal(cert.NotBefore) || !c.ExpiryTime.Equal(cert.NotAfter) {
		t.Errorf("issued_at %s, expiry_time %s; certificate has %s, %s", c.IssuedAt, c.ExpiryTime, cert.NotBefore, cert.NotAfter)
	}
}

func TestIssueOptionalFields(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "backend", "api", map[string]any{"ip_addresses": []string{}, "ttl": "90m", "common_name": "api.internal"})

	cert := parsePEMCertificate(t, c.Certificate)
	if cert.Subject.CommonName != "api.internal" {
		t.Errorf("common name %q, want the requested api.internal", cert.Subject.CommonName)
	}
	if got := cert.NotAfter.Sub(cert.NotBefore); got != 95*time.Minute {
		t.Errorf("validity %s, want 90m plus the 5m backdating", got)
	}
	if len(cert.IPAddresses) != 0 {
		t.Errorf("IP SANs %v, want none", cert.IPAddresses)
	}
}

func TestIssueRejectsBadInput(t *testing.T) {
	inst := servertest.Start(t)
	ok := map[string]any{"ip_addresses": []string{"10.0.0.1"}}
	cases := []struct {
		name, entityType, entityID string
		body                       any
		status                     int
		inMessage                  string
	}{
		{"bad IP", "cvm", "vm", map[string]any{"ip_addresses": []string{"10.0.0.300"}}, 400, "10.0.0.300"},
		{"missing ip_addresses", "cvm", "vm", map[string]any{"ttl": "1h"}, 400, "ip_addresses"},
		{"bad TTL", "cvm", "vm", map[string]any{"ip_addresses": []string{}, "ttl": "soon"}, 400, "soon"},
		{"negative TTL", "cvm", "vm", map[string]any{"ip_addresses": []string{}, "ttl": "-1h"}, 400, "-1h"},
		{"TTL of 1ns", "cvm", "vm", map[string]any{"ip_addresses": []string{}, "ttl": "1ns"}, 400, `"1ns": the minimum is 1m0s`},
		{"TTL of 59s", "cvm", "vm", map[string]any{"ip_addresses": []string{}, "ttl": "59s"}, 400, `"59s": the minimum is 1m0s`},
		{"TTL outlives CA", "cvm", "vm", map[string]any{"ip_addresses": []string{}, "ttl": "87600h"}, 400, "87600h"},
		{"bad DNS name", "cvm", "vm", map[string]any{"ip_addresses": []string{}, "dns_names": []string{"a b"}}, 400, "a b"},
		{"bad entity type", "robot", "vm", ok, 400, "robot"},
		{"entity ID with control character", "cvm", "vm%01x", ok, 400, "control"},
		{"entity ID with slash", "cvm", "a%2Fb", ok, 400, "slash"},
		{"entity ID too long", "cvm", strings.Repeat("x", 129), ok, 400, "129 characters"},
		{"no body", "cvm", "vm", nil, 400, "missing JSON"},
		{"broken JSON", "cvm", "vm", `{"ip_addresses": [`, 400, "invalid JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := call(t, inst, "POST", domainPath(inst, "/issue/"+tc.entityType+"/"+tc.entityID), tc.body)
			expectError(t, tc.name, status, body, tc.status, tc.inMessage)
		})
	}

	t.Run("unknown domain", func(t *testing.T) {
		status, body := call(t, inst, "POST", "/no-such-domain/certs/issue/cvm/vm", ok)
		expectError(t, "unknown domain", status, body, http.StatusNotFound, "no-such-domain")
	})
	t.Run("query domainID differs", func(t *testing.T) {
		status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm?domainID=other"), ok)
		expectError(t, "domainID query", status, body, http.StatusBadRequest, "other")
	})
	t.Run("query domainID matches", func(t *testing.T) {
		status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm?domainID="+inst.DomainID), ok)
		expectStatus(t, "matching domainID query", status, body, http.StatusCreated)
	})
	t.Run("entity ID of 128 characters", func(t *testing.T) {
		// An entity ID over 64 characters does not fit in a common name.
		issue(t, inst, "cvm", strings.Repeat("é", 128), map[string]any{"ip_addresses": []string{}, "common_name": "vm"})
	})
}

func TestRenewKeepsSubjectAndSANs(t *testing.T) {
	inst := servertest.Start(t)
	old := issue(t, inst, "computation", "job-7", map[string]any{
		"ip_addresses": []string{"192.0.2.7"}, "dns_names": []string{"job-7.test"}, "ttl": "48h",
	})

	status, body := call(t, inst, "PATCH", domainPath(inst, "/"+old.SerialNumber+"/renew"), nil)
	expectStatus(t, "renew", status, body, http.StatusOK)
	var renewed apiCertificate
	decode(t, body, &renewed)

	if renewed.SerialNumber == old.SerialNumber {
		t.Fatal("renewal kept the serial")
	}
	if renewed.RenewedFrom != old.SerialNumber {
		t.Errorf("renewed_from %q, want %q", renewed.RenewedFrom, old.SerialNumber)
	}
	if renewed.EntityID != "job-7" || renewed.EntityType != "computation" {
		t.Errorf("renewal changed the entity: %+v", renewed)
	}
	oldCert, newCert := parsePEMCertificate(t, old.Certificate), parsePEMCertificate(t, renewed.Certificate)
	if oldCert.Subject.String() != newCert.Subject.String() {
		t.Errorf("subject %q, want %q", newCert.Subject, oldCert.Subject)
	}
	if !slices.Equal(newCert.DNSNames, oldCert.DNSNames) || len(newCert.IPAddresses) != 1 || !newCert.IPAddresses[0].Equal(oldCert.IPAddresses[0]) {
		t.Errorf("SANs %v %v, want %v %v", newCert.DNSNames, newCert.IPAddresses, oldCert.DNSNames, oldCert.IPAddresses)
	}
	if newCert.PublicKeyAlgorithm != oldCert.PublicKeyAlgorithm {
		t.Errorf("key algorithm %v, want %v", newCert.PublicKeyAlgorithm, oldCert.PublicKeyAlgorithm)
	}
	if oldCert.PublicKey.(interface{ Equal(crypto.PublicKey) bool }).Equal(newCert.PublicKey) {
		t.Error("renewal reused the key")
	}
	if got := newCert.NotAfter.Sub(newCert.NotBefore); got != 48*time.Hour+5*time.Minute {
		t.Errorf("renewed validity %s, want the original 48h plus backdating", got)
	}

	// The old certificate stays valid and listed.
	status, body = call(t, inst, "GET", domainPath(inst, "/"+old.SerialNumber), nil)
	expectStatus(t, "get old", status, body, http.StatusOK)
	var stillThere apiCertificate
	decode(t, body, &stillThere)
	if stillThere.Revoked {
		t.Error("renewal revoked the old certificate")
	}
}

func TestRenewErrors(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})

	status, body := call(t, inst, "PATCH", domainPath(inst, "/12345/renew"), nil)
	expectError(t, "renew unknown", status, body, http.StatusNotFound, "12345")

	status, body = call(t, inst, "PATCH", domainPath(inst, "/"+c.SerialNumber+"/revoke"), nil)
	expectStatus(t, "revoke", status, body, http.StatusNoContent)
	status, body = call(t, inst, "PATCH", domainPath(inst, "/"+c.SerialNumber+"/renew"), nil)
	expectError(t, "renew revoked", status, body, http.StatusConflict, c.SerialNumber)
}

func TestRevokeRecordsReason(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	path := domainPath(inst, "/"+c.SerialNumber)

	status, body := call(t, inst, "PATCH", path+"/revoke", map[string]string{"reason": "pet_peeve"})
	expectError(t, "bad reason", status, body, http.StatusBadRequest, "pet_peeve")

	status, body = call(t, inst, "PATCH", path+"/revoke", map[string]string{"reason": "key_compromise"})
	expectStatus(t, "revoke", status, body, http.StatusNoContent)

	status, body = call(t, inst, "GET", path, nil)
	expectStatus(t, "get", status, body, http.StatusOK)
	var got apiCertificate
	decode(t, body, &got)
	if !got.Revoked || got.RevocationReason != "key_compromise" || got.RevokedAt == nil {
		t.Errorf("after revoke: revoked %v, reason %q, revoked_at %v", got.Revoked, got.RevocationReason, got.RevokedAt)
	}

	status, body = call(t, inst, "PATCH", path+"/revoke", map[string]string{"reason": "superseded"})
	expectError(t, "revoke twice", status, body, http.StatusConflict, "already revoked")
	status, body = call(t, inst, "GET", path, nil)
	expectStatus(t, "get after second revoke", status, body, http.StatusOK)
	decode(t, body, &got)
	if got.RevocationReason != "key_compromise" {
		t.Errorf("second revoke changed the reason to %q", got.RevocationReason)
	}

	status, body = call(t, inst, "PATCH", domainPath(inst, "/999/revoke"), nil)
	expectError(t, "revoke unknown", status, body, http.StatusNotFound, "999")
}

func TestGetAcceptsSerialForms(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	n, _ := new(big.Int).SetString(c.SerialNumber, 10)
	hex := fmt.Sprintf("%x", n)
	var colons []string
	padded := fmt.Sprintf("%0*x", (len(hex)+1)/2*2, n)
	for i := 0; i < len(padded); i += 2 {
		colons = append(colons, padded[i:i+2])
	}

	for _, form := range []string{c.SerialNumber, "0x" + hex, strings.ToUpper(strings.Join(colons, ":"))} {
		status, body := call(t, inst, "GET", domainPath(inst, "/"+url.PathEscape(form)), nil)
		expectStatus(t, "get "+form, status, body, http.StatusOK)
		var got apiCertificate
		decode(t, body, &got)
		if got.SerialNumber != c.SerialNumber || got.Certificate == "" {
			t.Errorf("get %s: serial %q, PEM %d bytes", form, got.SerialNumber, len(got.Certificate))
		}
	}

	for _, bad := range []string{"0x", "12z", "-5", "0", "0xg1"} {
		status, body := call(t, inst, "GET", domainPath(inst, "/"+url.PathEscape(bad)), nil)
		expectError(t, "get "+bad, status, body, http.StatusBadRequest, bad)
	}
	status, body := call(t, inst, "GET", domainPath(inst, "/42"), nil)
	expectError(t, "get unknown", status, body, http.StatusNotFound, "42")
}

func TestListPagesNewestFirst(t *testing.T) {
	inst := servertest.Start(t)
	var serials []string
	for i := range 5 {
		entity := "a"
		if i%2 == 1 {
			entity = "b"
		}
		serials = append(serials, issue(t, inst, "cvm", entity, map[string]any{"ip_addresses": []string{}}).SerialNumber)
	}

	var page apiPage
	status, body := call(t, inst, "GET", domainPath(inst, "?limit=2&offset=1"), nil)
	expectStatus(t, "list", status, body, http.StatusOK)
	decode(t, body, &page)
	if page.Total != 5 || page.Limit != 2 || page.Offset != 1 || len(page.Certificates) != 2 {
		t.Fatalf("page total %d limit %d offset %d with %d entries", page.Total, page.Limit, page.Offset, len(page.Certificates))
	}
	if page.Certificates[0].SerialNumber != serials[3] || page.Certificates[1].SerialNumber != serials[2] {
		t.Errorf("page holds %s, %s; want %s, %s (newest first)", page.Certificates[0].SerialNumber, page.Certificates[1].SerialNumber, serials[3], serials[2])
	}

	status, body = call(t, inst, "GET", domainPath(inst, "?entity_id=b"), nil)
	expectStatus(t, "list entity", status, body, http.StatusOK)
	decode(t, body, &page)
	if page.Total != 2 || len(page.Certificates) != 2 || page.Certificates[0].SerialNumber != serials[3] {
		t.Errorf("entity b: total %d, %d entries", page.Total, len(page.Certificates))
	}

	status, body = call(t, inst, "GET", domainPath(inst, "?offset=10"), nil)
	expectStatus(t, "list past the end", status, body, http.StatusOK)
	decode(t, body, &page)
	if page.Total != 5 || len(page.Certificates) != 0 {
		t.Errorf("past the end: total %d, %d entries", page.Total, len(page.Certificates))
	}

	for _, query := range []string{"limit=0", "limit=1001", "limit=x", "offset=-1"} {
		status, body := call(t, inst, "GET", domainPath(inst, "?"+query), nil)
		expectError(t, query, status, body, http.StatusBadRequest, strings.SplitN(query, "=", 2)[1])
	}
	status, body = call(t, inst, "GET", "/nowhere/certs", nil)
	expectError(t, "unknown domain", status, body, http.StatusNotFound, "nowhere")
}

func TestDeleteEntityRevokesAndHides(t *testing.T) {
	inst := servertest.Start(t)
	keep := issue(t, inst, "cvm", "keep", map[string]any{"ip_addresses": []string{}})
	first := issue(t, inst, "cvm", "gone", map[string]any{"ip_addresses": []string{}})
	second := issue(t, inst, "cvm", "gone", map[string]any{"ip_addresses": []string{}})
	status, body := call(t, inst, "PATCH", domainPath(inst, "/"+first.SerialNumber+"/revoke"), map[string]string{"reason": "superseded"})
	expectStatus(t, "revoke first", status, body, http.StatusNoContent)

	status, body = call(t, inst, "DELETE", domainPath(inst, "?entity_id=gone"), nil)
	expectStatus(t, "delete", status, body, http.StatusNoContent)

	var page apiPage
	status, body = call(t, inst, "GET", domainPath(inst, ""), nil)
	expectStatus(t, "list after delete", status, body, http.StatusOK)
	decode(t, body, &page)
	if page.Total != 1 || len(page.Certificates) != 1 || page.Certificates[0].SerialNumber != keep.SerialNumber {
		t.Errorf("after delete the list has total %d: %+v", page.Total, page.Certificates)
	}

	var got apiCertificate
	status, body = call(t, inst, "GET", domainPath(inst, "/"+second.SerialNumber), nil)
	expectStatus(t, "get deleted", status, body, http.StatusOK)
	decode(t, body, &got)
	if !got.Revoked || got.RevocationReason != "cessation_of_operation" {
		t.Errorf("deleted certificate: revoked %v, reason %q", got.Revoked, got.RevocationReason)
	}
	status, body = call(t, inst, "GET", domainPath(inst, "/"+first.SerialNumber), nil)
	expectStatus(t, "get first", status, body, http.StatusOK)
	decode(t, body, &got)
	if got.RevocationReason != "superseded" {
		t.Errorf("delete changed the earlier reason to %q", got.RevocationReason)
	}

	status, body = call(t, inst, "DELETE", domainPath(inst, "?entity_id=gone"), nil)
	expectError(t, "delete again", status, body, http.StatusNotFound, "gone")

	// The entity can get certificates again; only the new one is listed.
	again := issue(t, inst, "cvm", "gone", map[string]any{"ip_addresses": []string{}})
	status, body = call(t, inst, "GET", domainPath(inst, "?entity_id=gone"), nil)
	expectStatus(t, "list re-issued entity", status, body, http.StatusOK)
	decode(t, body, &page)
	if page.Total != 1 || len(page.Certificates) != 1 || page.Certificates[0].SerialNumber != again.SerialNumber {
		t.Errorf("re-issued entity lists total %d: %+v", page.Total, page.Certificates)
	}
	status, body = call(t, inst, "DELETE", domainPath(inst, ""), nil)
	expectError(t, "delete without entity", status, body, http.StatusBadRequest, "entity_id")
}
