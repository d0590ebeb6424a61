package server_test

import (
	"net/http"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestSmoke(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm-1", map[string]any{"ip_addresses": []string{"10.0.0.1"}})
	status, body := call(t, inst, "GET", "/"+inst.DomainID+"/certs", nil)
	expectStatus(t, "list", status, body, http.StatusOK)
	t.Logf("%s %s", c.SerialNumber, body[:200])
}
