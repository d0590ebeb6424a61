package server_test

import (
	"bytes"
	"crypto/x509"
	"math/big"
	"net/http"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// fetchCRL downloads and parses the CRL, checking its signature.
func fetchCRL(t *testing.T, inst *servertest.Instance) *x509.RevocationList {
	t.Helper()
	status, header, body := getBody(t, inst.URL+"/certs/crl", nil)
	expectStatus(t, "CRL", status, body, http.StatusOK)
	if header.Get("Content-Type") != "application/pkix-crl" {
		t.Errorf("CRL content type %q", header.Get("Content-Type"))
	}
	crl, err := x509.ParseRevocationList(body)
	if err != nil {
		t.Fatalf("parse CRL: %v", err)
	}
	if err := crl.CheckSignatureFrom(inst.Server.Authority().Intermediate); err != nil {
		t.Fatalf("CRL signature: %v", err)
	}
	return crl
}

func crlEntry(crl *x509.RevocationList, serial string) *x509.RevocationListEntry {
	for i, e := range crl.RevokedCertificateEntries {
		if e.SerialNumber.String() == serial {
			return &crl.RevokedCertificateEntries[i]
		}
	}
	return nil
}

func TestCRLListsEveryRevocation(t *testing.T) {
	inst := servertest.Start(t)
	revoked := issue(t, inst, "cvm", "a", map[string]any{"ip_addresses": []string{}})
	deleted := issue(t, inst, "cvm", "b", map[string]any{"ip_addresses": []string{}})
	good := issue(t, inst, "cvm", "c", map[string]any{"ip_addresses": []string{}})

	first := fetchCRL(t, inst)
	if len(first.RevokedCertificateEntries) != 0 {
		t.Fatalf("fresh CRL lists %d entries", len(first.RevokedCertificateEntries))
	}
	if first.NextUpdate.Sub(first.ThisUpdate) <= 0 {
		t.Errorf("nextUpdate %s is not after thisUpdate %s", first.NextUpdate, first.ThisUpdate)
	}

	status, body := call(t, inst, "PATCH", domainPath(inst, "/"+revoked.SerialNumber+"/revoke"), map[string]string{"reason": "key_compromise"})
	expectStatus(t, "revoke", status, body, http.StatusNoContent)
	status, body = call(t, inst, "DELETE", domainPath(inst, "?entity_id=b"), nil)
	expectStatus(t, "delete", status, body, http.StatusNoContent)

	second := fetchCRL(t, inst)
	if second.Number.Cmp(first.Number) <= 0 {
		t.Errorf("CRL number %s did not grow past %s", second.Number, first.Number)
	}
	if len(second.RevokedCertificateEntries) != 2 {
		t.Fatalf("CRL lists %d entries, want 2", len(second.RevokedCertificateEntries))
	}
	if e := crlEntry(second, revoked.SerialNumber); e == nil || e.ReasonCode != ocsp.KeyCompromise || e.RevocationTime.IsZero() {
		t.Errorf("revoked entry %+v, want reason key compromise", e)
	}
	if e := crlEntry(second, deleted.SerialNumber); e == nil || e.ReasonCode != ocsp.CessationOfOperation {
		t.Errorf("deleted entry %+v, want reason cessation of operation", e)
	}
	if crlEntry(second, good.SerialNumber) != nil {
		t.Error("CRL lists a good certificate")
	}
}

// ocspQuery sends an OCSP request for cert and parses the signed response.
func ocspQuery(t *testing.T, inst *servertest.Instance, cert *x509.Certificate) *ocsp.Response {
	t.Helper()
	issuer := inst.Server.Authority().Intermediate
	req, err := ocsp.CreateRequest(cert, issuer, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(inst.URL+"/certs/ocsp", "application/ocsp-request", bytes.NewReader(req))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	expectStatus(t, "OCSP", resp.StatusCode, buf.Bytes(), http.StatusOK)
	if resp.Header.Get("Content-Type") != "application/ocsp-response" {
		t.Errorf("OCSP content type %q", resp.Header.Get("Content-Type"))
	}
	parsed, err := ocsp.ParseResponseForCert(buf.Bytes(), cert, issuer)
	if err != nil {
		t.Fatalf("parse OCSP response: %v", err)
	}
	return parsed
}

func TestOCSPStatuses(t *testing.T) {
	inst := servertest.Start(t)
	good := parsePEMCertificate(t, issue(t, inst, "cvm", "good", map[string]any{"ip_addresses": []string{}}).Certificate)
	revoked := issue(t, inst, "cvm", "bad", map[string]any{"ip_addresses": []string{}})
	deleted := parsePEMCertificate(t, issue(t, inst, "cvm", "gone", map[string]any{"ip_addresses": []string{}}).Certificate)

	if got := ocspQuery(t, inst, good); got.Status != ocsp.Good || got.SerialNumber.Cmp(good.SerialNumber) != 0 {
		t.Errorf("good certificate: status %d serial %s", got.Status, got.SerialNumber)
	}

	status, body := call(t, inst, "PATCH", domainPath(inst, "/"+revoked.SerialNumber+"/revoke"), map[string]string{"reason": "affiliation_changed"})
	expectStatus(t, "revoke", status, body, http.StatusNoContent)
	got := ocspQuery(t, inst, parsePEMCertificate(t, revoked.Certificate))
	if got.Status != ocsp.Revoked || got.RevocationReason != ocsp.AffiliationChanged || time.Since(got.RevokedAt) > time.Minute {
		t.Errorf("revoked certificate: status %d reason %d at %s", got.Status, got.RevocationReason, got.RevokedAt)
	}

	status, body = call(t, inst, "DELETE", domainPath(inst, "?entity_id=gone"), nil)
	expectStatus(t, "delete", status, body, http.StatusNoContent)
	if got := ocspQuery(t, inst, deleted); got.Status != ocsp.Revoked || got.RevocationReason != ocsp.CessationOfOperation {
		t.Errorf("deleted certificate: status %d reason %d", got.Status, got.RevocationReason)
	}

	unknown := *good
	unknown.SerialNumber = big.NewInt(424242)
	if got := ocspQuery(t, inst, &unknown); got.Status != ocsp.Unknown {
		t.Errorf("unknown serial: status %d", got.Status)
	}
	if got.NextUpdate.Before(got.ThisUpdate) {
		t.Errorf("nextUpdate %s before thisUpdate %s", got.NextUpdate, got.ThisUpdate)
	}
}

func TestOCSPMalformedRequest(t *testing.T) {
	inst := servertest.Start(t)
	resp, err := http.Post(inst.URL+"/certs/ocsp", "application/ocsp-request", bytes.NewReader([]byte("not DER")))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	expectError(t, "malformed OCSP", resp.StatusCode, buf.Bytes(), http.StatusBadRequest, "malformed OCSP request")
}
