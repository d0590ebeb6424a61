package server_test

import (
	"net/http"
	"net/url"
	"testing"

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
