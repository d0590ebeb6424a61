package client

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// BenchmarkCertsListPage measures one List call over loopback HTTP for a
// page of 1000 certificates, each with its PEM, which the client parses.
func BenchmarkCertsListPage(b *testing.B) {
	pki := newTestPKI(b)

	entries := make([]map[string]any, 1000)
	for i := range entries {
		entries[i] = map[string]any{
			"serial_number": pki.leaf.SerialNumber.String(),
			"entity_id":     "vm-" + strconv.Itoa(i),
			"entity_type":   "cvm",
			"certificate":   string(pki.leafPEM),
			"revoked":       i%10 == 0,
			"issued_at":     pki.leaf.NotBefore.Format(time.RFC3339),
			"expiry_time":   pki.leaf.NotAfter.Format(time.RFC3339),
		}
	}
	body, err := json.Marshal(map[string]any{"total": 5000, "offset": 0, "limit": 1000, "certificates": entries})
	if err != nil {
		b.Fatal(err)
	}

	c, _ := newTestClient(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.SetBytes(int64(len(body)))

	for b.Loop() {
		page, err := c.Certs.List(b.Context(), "d1", ListOptions{Limit: 1000})
		if err != nil || len(page.Certificates) != 1000 {
			b.Fatalf("List: %d certificates, %v", len(page.Certificates), err)
		}
	}
}

// BenchmarkCertificateDecode measures decoding one certificate object with
// its PEM, without HTTP.
func BenchmarkCertificateDecode(b *testing.B) {
	pki := newTestPKI(b)
	body, err := json.Marshal(map[string]any{
		"serial_number": pki.leaf.SerialNumber.String(),
		"entity_id":     "vm-1",
		"certificate":   string(pki.leafPEM),
		"expiry_time":   pki.leaf.NotAfter.Format(time.RFC3339),
	})
	if err != nil {
		b.Fatal(err)
	}

	for b.Loop() {
		var w certificateJSON
		if err := json.Unmarshal(body, &w); err != nil {
			b.Fatal(err)
		}
		if cert := w.toCertificate(); cert.Cert == nil {
			b.Fatal(cert.CertErr)
		}
	}
}
