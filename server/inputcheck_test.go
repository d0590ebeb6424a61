package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestIssueRejectsInvisibleEntityID(t *testing.T) {
	inst := servertest.Start(t)
	cases := map[string]string{
		"right-to-left override": "vm\u202egpj.exe",
		"zero-width space":       "vm\u200b1",
		"byte order mark":        "\ufeffvm",
		"soft hyphen":            "vm\u00ad1",
		"word joiner":            "vm\u20601",
		"line separator":         "vm\u20281",
		"hangul filler":          "vm\u31641",
		"variation selector":     "vm\ufe0f",
	}
	for label, id := range cases {
		t.Run(label, func(t *testing.T) {
			status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/"+url.PathEscape(id)), map[string]any{"ip_addresses": []string{}})
			expectError(t, label, status, body, http.StatusBadRequest, "invisible characters")
		})
	}
}

func TestListRejectsInvisibleEntityFilter(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "GET", domainPath(inst, "?entity_id="+url.QueryEscape("vm\u200b")), nil)
	expectError(t, "list filter", status, body, http.StatusBadRequest, `"vm\u200b"`)
}

func TestIssueRejectsInvisibleCommonName(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm"),
		map[string]any{"ip_addresses": []string{}, "common_name": "admin\u202e"})
	expectError(t, "common_name", status, body, http.StatusBadRequest, `"admin\u202e"`)
}

func TestCreateDomainRejectsInvisibleName(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "POST", "/domains", map[string]any{"name": "prod\ufeff"})
	expectError(t, "domain name", status, body, http.StatusBadRequest, `"prod\ufeff"`)
}

func TestIssueAcceptsAccentedEntityID(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", url.PathEscape("café-1"), map[string]any{"ip_addresses": []string{}})
	if c.EntityID != "café-1" {
		t.Errorf("entity_id %q, want %q", c.EntityID, "café-1")
	}
}

func TestIssueDropsRepeatedSANs(t *testing.T) {
	inst := servertest.Start(t)
	ips := make([]string, 0, 50002)
	for range 50000 {
		ips = append(ips, "10.0.0.1")
	}
	ips = append(ips, "::ffff:10.0.0.1", "10.0.0.2")
	c := issue(t, inst, "cvm", "vm", map[string]any{
		"ip_addresses": ips,
		"dns_names":    []string{"vm.example", "VM.example", "vm.example.", "other.example"},
	})

	cert := parsePEMCertificate(t, c.Certificate)
	if len(cert.IPAddresses) != 2 || cert.IPAddresses[0].String() != "10.0.0.1" || cert.IPAddresses[1].String() != "10.0.0.2" {
		t.Errorf("%d IP SANs, want 2: 10.0.0.1 and 10.0.0.2", len(cert.IPAddresses))
	}
	if len(cert.DNSNames) != 2 || cert.DNSNames[0] != "vm.example" || cert.DNSNames[1] != "other.example" {
		t.Errorf("DNS SANs %v, want [vm.example other.example]", cert.DNSNames)
	}
}

func TestIssueCapsSANCount(t *testing.T) {
	inst := servertest.Start(t)
	ips := make([]string, 0, 101)
	names := make([]string, 0, 101)
	for i := range 101 {
		ips = append(ips, fmt.Sprintf("10.0.%d.%d", i/256, i%256))
		names = append(names, fmt.Sprintf("host-%d.example", i))
	}

	status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm"), map[string]any{"ip_addresses": ips})
	expectError(t, "101 IP addresses", status, body, http.StatusBadRequest, "at most 100 distinct addresses")
	status, body = call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm"), map[string]any{"ip_addresses": []string{}, "dns_names": names})
	expectError(t, "101 DNS names", status, body, http.StatusBadRequest, "at most 100 distinct names")

	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": ips[:100], "dns_names": names[:100]})
	cert := parsePEMCertificate(t, c.Certificate)
	if len(cert.IPAddresses) != 100 || len(cert.DNSNames) != 100 {
		t.Errorf("SANs: %d IP addresses and %d DNS names, want 100 of each", len(cert.IPAddresses), len(cert.DNSNames))
	}
}

func TestIssueRejectsLongDNSName(t *testing.T) {
	inst := servertest.Start(t)
	label := strings.Repeat("a", 63)
	name253 := strings.Join([]string{label, label, label, strings.Repeat("b", 61)}, ".")
	issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}, "dns_names": []string{name253}})

	status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm"), map[string]any{"ip_addresses": []string{}, "dns_names": []string{name253 + "b"}})
	expectError(t, "254-character DNS name", status, body, http.StatusBadRequest, "at most 253 characters")
}

func TestIssueRejectsIPZone(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm"), map[string]any{"ip_addresses": []string{"fe80::1%eth0"}})
	expectError(t, "zoned IPv6 address", status, body, http.StatusBadRequest, `"fe80::1%eth0"`)
}

func TestIssueLongEntityIDNeedsCommonName(t *testing.T) {
	inst := servertest.Start(t)
	id := strings.Repeat("e", 65)
	status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/"+id), map[string]any{"ip_addresses": []string{}})
	expectError(t, "65-character entity ID", status, body, http.StatusBadRequest, "pass a common_name of at most 64 characters")

	c := issue(t, inst, "cvm", id, map[string]any{"ip_addresses": []string{}, "common_name": "short"})
	if cn := parsePEMCertificate(t, c.Certificate).Subject.CommonName; cn != "short" {
		t.Errorf("common name %q, want %q", cn, "short")
	}
	if c.EntityID != id {
		t.Errorf("entity_id %q, want the 65-character ID", c.EntityID)
	}

	c = issue(t, inst, "cvm", id[:64], map[string]any{"ip_addresses": []string{}})
	if cn := parsePEMCertificate(t, c.Certificate).Subject.CommonName; cn != id[:64] {
		t.Errorf("common name %q, want the 64-character entity ID", cn)
	}
}

func TestIssueAcceptsMinimumTTL(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}, "ttl": "1m"})
	cert := parsePEMCertificate(t, c.Certificate)
	if got := cert.NotAfter.Sub(cert.NotBefore); got != 6*time.Minute {
		t.Errorf("validity %s, want 1m plus the 5m backdating", got)
	}
}
