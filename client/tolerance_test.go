package client

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// respondWith returns a handler that checks method and path and writes status
// and body.
func respondWith(t *testing.T, method, path string, status int, body string) http.Handler {
	t.Helper()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method || r.URL.Path != path {
			t.Errorf("request %s %s, want %s %s", r.Method, r.URL.Path, method, path)
		}
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

// ignoreParsed leaves the parsed certificate out of comparisons.
var ignoreParsed = cmpopts.IgnoreFields(Certificate{}, "Cert")

func TestIssueShapes(t *testing.T) {
	pki := newTestPKI(t)
	serial := pki.leaf.SerialNumber.String()
	full, _ := json.Marshal(map[string]any{
		"serial_number": serial,
		"entity_id":     "vm-1",
		"entity_type":   "cvm",
		"certificate":   string(pki.leafPEM),
		"revoked":       false,
		"issued_at":     pki.leaf.NotBefore.Format(time.RFC3339),
		"expiry_time":   pki.leaf.NotAfter.Format(time.RFC3339),
	})

	tests := []struct {
		name string
		body string
		want Certificate
	}{
		{"empty body", "", Certificate{EntityID: "vm-1", EntityType: "cvm"}},
		{"serial only", `{"serial_number":"123"}`, Certificate{SerialNumber: "123", EntityID: "vm-1", EntityType: "cvm"}},
		{"full object", string(full), Certificate{
			SerialNumber: serial, EntityID: "vm-1", EntityType: "cvm", PEM: string(pki.leafPEM),
			IssuedAt: pki.leaf.NotBefore, ExpiryTime: pki.leaf.NotAfter,
		}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]any
			c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/d1/certs/issue/cvm/vm-1" || r.URL.Query().Get("domainID") != "d1" {
					t.Errorf("request %s", r.URL)
				}
				if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
					t.Errorf("request body: %v", err)
				}
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, tt.body)
			}))

			cert, err := c.Certs.Issue(testContext(t), "d1", IssueRequest{EntityType: "cvm", EntityID: "vm-1", TTL: "720h"})

			if err != nil {
				t.Fatalf("Issue: %v", err)
			}
			if diff := cmp.Diff(tt.want, cert, ignoreParsed); diff != "" {
				t.Errorf("certificate mismatch (-want +got):\n%s", diff)
			}
			if tt.want.PEM != "" && (cert.Cert == nil || cert.Cert.SerialNumber.Cmp(pki.leaf.SerialNumber) != 0) {
				t.Errorf("the PEM was not parsed into Cert")
			}
			wantBody := map[string]any{"ip_addresses": []any{}, "ttl": "720h"}
			if diff := cmp.Diff(wantBody, got); diff != "" {
				t.Errorf("request body mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRenewRevokeShapes(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusNoContent} {
		for _, body := range []string{"", `{"serial_number":"99","entity_id":"vm-1","renewed_from":"7"}`} {
			if status == http.StatusNoContent && body != "" {
				continue
			}

			c, _ := newTestClient(t, respondWith(t, "PATCH", "/d1/certs/7/renew", status, body))
			cert, err := c.Certs.Renew(testContext(t), "d1", "7")
			if err != nil {
				t.Errorf("Renew responded %d %q: %v", status, body, err)
			}
			if body != "" && (cert.SerialNumber != "99" || cert.RenewedFrom != "7") {
				t.Errorf("Renew responded %q: got %+v", body, cert)
			}

			c, _ = newTestClient(t, respondWith(t, "PATCH", "/d1/certs/7/revoke", status, body))
			if err := c.Certs.Revoke(testContext(t), "d1", "7", ""); err != nil {
				t.Errorf("Revoke responded %d %q: %v", status, body, err)
			}
		}
	}
}

func TestRevokeSendsReason(t *testing.T) {
	var body string
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.WriteHeader(http.StatusNoContent)
	}))

	if err := c.Certs.Revoke(testContext(t), "d1", "7", "key_compromise"); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if body != `{"reason":"key_compromise"}` {
		t.Errorf("body = %s", body)
	}

	if err := c.Certs.Revoke(testContext(t), "d1", "7", ""); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if body != "" {
		t.Errorf("body without a reason = %q, want empty", body)
	}
}

func TestListCapitalisedKeys(t *testing.T) {
	body := `{"total": 2, "offset": 0, "limit": 10, "certificates": [
		{"SerialNumber": "11", "EntityID": "vm-1", "Revoked": true, "ExpiryDate": "2027-01-02T03:04:05Z", "EntityType": "cvm", "certificate": null},
		{"serial_number": "12", "entity_id": "vm-2", "revoked": false, "expiry_time": "2027-02-02T03:04:05Z", "entity_type": "backend",
		 "revoked_at": null, "renewed_from": "11"}
	]}`
	c, _ := newTestClient(t, respondWith(t, "GET", "/d1/certs", 200, body))

	page, err := c.Certs.List(testContext(t), "d1", ListOptions{Limit: 10})

	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := CertificatePage{Total: 2, Limit: 10, Certificates: []Certificate{
		{SerialNumber: "11", EntityID: "vm-1", EntityType: "cvm", Revoked: true, ExpiryTime: time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)},
		{SerialNumber: "12", EntityID: "vm-2", EntityType: "backend", ExpiryTime: time.Date(2027, 2, 2, 3, 4, 5, 0, time.UTC), RenewedFrom: "11"},
	}}
	if diff := cmp.Diff(want, page); diff != "" {
		t.Errorf("page mismatch (-want +got):\n%s", diff)
	}
}

func TestListTotalMissing(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		offset      int
		wantTotal   int
		wantUnknown bool
	}{
		{"short page", `{"certificates":[{"serial_number":"1"},{"serial_number":"2"}]}`, 0, 2, false},
		{"short later page", `{"certificates":[{"serial_number":"1"}]}`, 3, 4, false},
		{"full page", `{"certificates":[{"serial_number":"1"},{"serial_number":"2"},{"serial_number":"3"}]}`, 0, 3, true},
		{"null total", `{"total":null,"certificates":[]}`, 0, 0, false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newTestClient(t, respondWith(t, "GET", "/d1/certs", 200, tt.body))

			page, err := c.Certs.List(testContext(t), "d1", ListOptions{Limit: 3, Offset: tt.offset})

			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if page.Total != tt.wantTotal {
				t.Errorf("Total = %d, want %d", page.Total, tt.wantTotal)
			}
			if page.TotalUnknown != tt.wantUnknown {
				t.Errorf("TotalUnknown = %v, want %v", page.TotalUnknown, tt.wantUnknown)
			}
			if page.Offset != tt.offset || page.Limit != 3 {
				t.Errorf("Offset, Limit = %d, %d; want the requested %d, 3", page.Offset, page.Limit, tt.offset)
			}
		})
	}
}

func TestCertificatePEMChecks(t *testing.T) {
	pki := newTestPKI(t)
	good := string(pki.leafPEM)

	tests := []struct {
		name    string
		serial  string
		pem     string
		wantErr string
	}{
		{"matching serial", pki.leaf.SerialNumber.String(), good, ""},
		{"hex serial", pki.leaf.SerialNumber.Text(16), good, ""},
		{"serial from PEM", "", good, ""},
		{"other serial", "5", good, "PEM contains serial"},
		{"not PEM", "5", "garbage", "no PEM block"},
		{"key PEM", "5", string(pki.keyPEM), "PRIVATE KEY"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cert := certificateJSON{SerialNumber: flexString(tt.serial), Certificate: &tt.pem}.toCertificate()

			switch {
			case tt.wantErr == "" && cert.CertErr != nil:
				t.Errorf("CertErr = %v, want nil", cert.CertErr)
			case tt.wantErr == "" && cert.SerialNumber == "":
				t.Errorf("SerialNumber is empty")
			case tt.wantErr != "" && (cert.CertErr == nil || !strings.Contains(cert.CertErr.Error(), tt.wantErr)):
				t.Errorf("CertErr = %v, want it to contain %q", cert.CertErr, tt.wantErr)
			}
		})
	}
}

func TestFlexibleJSONValues(t *testing.T) {
	body := `{"serial_number": 12345, "entity_id": "vm", "issued_at": 1767225600, "expiry_time": "", "revocation_reason": null}`

	var w certificateJSON
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	cert := w.toCertificate()

	if cert.SerialNumber != "12345" {
		t.Errorf("SerialNumber = %q, want 12345", cert.SerialNumber)
	}
	if !cert.IssuedAt.Equal(time.Unix(1767225600, 0)) {
		t.Errorf("IssuedAt = %v", cert.IssuedAt)
	}
	if !cert.ExpiryTime.IsZero() {
		t.Errorf("ExpiryTime = %v, want zero", cert.ExpiryTime)
	}

	if err := json.Unmarshal([]byte(`{"issued_at":"yesterday"}`), &w); err == nil {
		t.Error("an invalid time was accepted")
	}
}

func TestDomainsListAndCreate(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/domains" {
			t.Errorf("path %s, want /domains", r.URL.Path)
		}
		switch r.Method {
		case "GET":
			if r.URL.Query().Get("limit") != "100" || r.URL.Query().Get("offset") != "0" {
				t.Errorf("query %s, want limit 100 offset 0", r.URL.RawQuery)
			}
			_, _ = io.WriteString(w, `{"total":1,"offset":0,"limit":100,"domains":[
				{"id":"d1","name":"default","alias":"default","status":"enabled","created_at":"2026-12-01T10:00:00Z"}]}`)
		case "POST":
			var in map[string]string
			_ = json.NewDecoder(r.Body).Decode(&in)
			if in["name"] != "lab" || in["alias"] != "lab-1" {
				t.Errorf("create body %v", in)
			}
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"id":"d2","name":"lab","route":"lab-1","status":"enabled"}`)
		}
	}))

	page, err := c.Domains.List(testContext(t), 0, 0)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := DomainPage{Total: 1, Limit: 100, Domains: []Domain{
		{ID: "d1", Name: "default", Alias: "default", Status: "enabled", CreatedAt: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)},
	}}
	if diff := cmp.Diff(want, page); diff != "" {
		t.Errorf("page mismatch (-want +got):\n%s", diff)
	}

	domain, err := c.Domains.Create(testContext(t), "lab", "lab-1")
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if diff := cmp.Diff(Domain{ID: "d2", Name: "lab", Alias: "lab-1", Status: "enabled"}, domain); diff != "" {
		t.Errorf("domain mismatch (-want +got):\n%s", diff)
	}
}

func TestDeleteEntityQuery(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "DELETE" || r.URL.Path != "/d1/certs" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		if q := r.URL.Query(); q.Get("entity_id") != "vm-1" || q.Get("domainID") != "d1" {
			t.Errorf("query %s", r.URL.RawQuery)
		}
		w.WriteHeader(http.StatusNoContent)
	}))

	if err := c.Certs.DeleteEntity(testContext(t), "d1", "vm-1"); err != nil {
		t.Fatalf("DeleteEntity: %v", err)
	}
}

func TestDownloadTokenResponse(t *testing.T) {
	c, _ := newTestClient(t, respondWith(t, "GET", "/d1/certs/7/download/token", 200, `{"token":"dl-1"}`))
	token, err := c.Certs.DownloadToken(testContext(t), "d1", "7")
	if err != nil || token != "dl-1" {
		t.Errorf("DownloadToken = %q, %v; want dl-1", token, err)
	}

	c, _ = newTestClient(t, respondWith(t, "GET", "/d1/certs/7/download/token", 200, `{}`))
	if _, err := c.Certs.DownloadToken(testContext(t), "d1", "7"); err == nil {
		t.Error("a response without a token was accepted")
	}
}

func TestListHostileCounts(t *testing.T) {
	body := `{"total": -4, "offset": -1, "limit": 0, "certificates":[{"serial_number":"1"},{"serial_number":"2"}]}`
	c, _ := newTestClient(t, respondWith(t, "GET", "/d1/certs", 200, body))

	page, err := c.Certs.List(testContext(t), "d1", ListOptions{Limit: 5, Offset: 10})

	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if page.Offset != 10 || page.Limit != 5 {
		t.Errorf("Offset, Limit = %d, %d; want the requested 10, 5", page.Offset, page.Limit)
	}
	if page.Total != 12 {
		t.Errorf("Total = %d, want 12, the entries this page proves", page.Total)
	}
}
