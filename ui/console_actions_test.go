package ui

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestConsoleIssueRenewRevokeDelete(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	c := startConsole(t, Options{Client: cl})

	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("This domain has no certificates yet", "Press i to issue")

	// Issue through the form: entity, type backend, two addresses.
	c.press("i")
	c.waitFor("Issue a certificate")
	c.typeText("cvm-01")
	c.press("tab", "right", "right", "tab")
	c.typeText("10.0.0.5, fd00::5")
	c.press("enter")
	c.waitFor("Issued serial", "press d to download", "1 valid")

	page := listAll(t, cl, srv.DomainID)
	if page.Total != 1 {
		t.Fatalf("server lists %d certificates after issue, want 1", page.Total)
	}
	issued, err := cl.Certs.Get(context.Background(), srv.DomainID, page.Certificates[0].SerialNumber)
	if err != nil {
		t.Fatalf("get issued certificate: %v", err)
	}
	if issued.EntityID != "cvm-01" || issued.EntityType != "backend" {
		t.Errorf("issued entity %q type %q, want cvm-01 backend", issued.EntityID, issued.EntityType)
	}
	if issued.Cert == nil || len(issued.Cert.IPAddresses) != 2 {
		t.Fatalf("issued certificate has IP SANs %v, want 10.0.0.5 and fd00::5", issued.Cert)
	}
	if ip := issued.Cert.IPAddresses[1]; !ip.Equal(net.ParseIP("fd00::5")) {
		t.Errorf("second IP SAN %v, want fd00::5", ip)
	}

	// Renew the selected certificate.
	c.press("r")
	c.waitFor("Renew certificate", "cvm-01")
	c.press("y")
	c.waitFor("Renewed cvm-01", "2 total")
	if page := listAll(t, cl, srv.DomainID); page.Total != 2 {
		t.Fatalf("server lists %d certificates after renew, want 2", page.Total)
	}

	// Revoke the new one with reason key_compromise.
	renewed := listAll(t, cl, srv.DomainID).Certificates[0]
	c.press("g", "x")
	c.waitFor("Revoke certificate", "Reason (←/→): unspecified")
	c.press("right")
	c.waitFor("Reason (←/→): key_compromise")
	c.press("y")
	c.waitFor("Revoked serial", "1 revoked")

	got, err := cl.Certs.Get(context.Background(), srv.DomainID, renewed.SerialNumber)
	if err != nil {
		t.Fatalf("get revoked certificate: %v", err)
	}
	if !got.Revoked || got.RevocationReason != "key_compromise" {
		t.Errorf("revoked=%v reason=%q, want revoked with key_compromise", got.Revoked, got.RevocationReason)
	}

	// Renewing the revoked certificate is a 409, shown with what it means.
	c.press("g", "r")
	c.waitFor("Renew certificate")
	c.press("y")
	c.waitFor("409", "the certificate is revoked")

	// Delete the entity: a wrong ID is refused, the exact one deletes.
	c.press("ctrl+d")
	c.waitFor("Type the entity ID to confirm")
	c.typeText("cvm-0")
	c.press("enter")
	c.waitFor(`"cvm-0" does not match the entity ID "cvm-01"`)
	c.typeText("1")
	c.press("enter")
	c.waitFor("Deleted the certificates of cvm-01")
	c.waitFor("This domain has no certificates yet")

	if page := listAll(t, cl, srv.DomainID); page.Total != 0 {
		t.Errorf("server lists %d certificates after delete, want 0", page.Total)
	}
}

func TestConsoleIssueFormRejectsBadValues(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	c := startConsole(t, Options{Client: cl})

	c.waitFor("default")
	c.press("enter", "i")
	c.waitFor("Issue a certificate")
	c.typeText("cvm-01")
	c.press("tab", "tab")
	c.typeText("10.0.0.1 10.0.0.999")
	c.press("enter")
	c.waitFor(`IP address "10.0.0.999" is not a valid IPv4 or IPv6 address`)

	// A paste with a line break stays in the TTL field and does not submit.
	c.press("tab", "tab")
	c.tm.Send(tea.PasteMsg{Content: "30d\n"})
	c.waitFor("Issue a certificate", "30d")

	if page := listAll(t, cl, srv.DomainID); page.Total != 0 {
		t.Errorf("server lists %d certificates, want none before the form is valid", page.Total)
	}

	c.press("esc")
	c.waitFor("This domain has no certificates yet")
}

func TestConsoleReadOnly(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "cvm-01")
	c := startConsole(t, Options{Client: cl, ReadOnly: true})

	c.waitFor("[READ-ONLY]", "default")
	c.press("enter")
	screen := c.waitFor("cvm-01", "1 valid")
	for _, hidden := range []string{"i issue", "r renew", "x revoke", "delete entity"} {
		if containsText(screen, hidden) {
			t.Errorf("read-only hint bar shows %q", hidden)
		}
	}

	for _, k := range []string{"i", "r", "x", "ctrl+d"} {
		c.press(k)
	}
	c.waitFor("Read-only mode:", "disabled because the console was started with --read-only")

	c.press("?")
	screen = c.waitFor("Keys", "download")
	helpBox := helpLines(screen)
	for _, hidden := range []string{"issue", "renew", "revoke", "delete entity"} {
		if containsText(helpBox, hidden) {
			t.Errorf("read-only help lists %q:\n%s", hidden, screen)
		}
	}

	page := listAll(t, cl, srv.DomainID)
	if page.Total != 1 || page.Certificates[0].Revoked {
		t.Errorf("read-only console changed the server: total %d, revoked %v", page.Total, page.Certificates[0].Revoked)
	}
}

func TestConsoleFilterAndPaging(t *testing.T) {
	srv := servertest.Start(t)
	srv.Seed(srv.DomainID, 1000)
	cl := newTestClient(t, srv.URL, srv.Token)
	c := startConsole(t, Options{Client: cl})

	c.waitFor("default")
	c.press("enter")
	c.waitFor("1000 total", "200 loaded")

	// G jumps to the last certificate; its page loads on demand.
	c.press("G")
	screen := c.waitFor("row 1000", "400 loaded")
	if containsText(screen, "loading…") {
		t.Errorf("rows still loading after the page arrived:\n%s", screen)
	}

	// The filter narrows the loaded rows as the operator types.
	c.press("/")
	c.typeText("seed-000")
	c.waitFor("filter", "seed-0001")

	// enter queries the server for the entity, because not all rows are loaded.
	c.typeText("7")
	c.press("enter")
	want := 0
	for i := range 1000 {
		if i%server.SeedEntities == 7 {
			want++
		}
	}
	c.waitFor("Showing the certificates of entity seed-0007", "entity seed-0007", fmt.Sprintf("%d total", want))

	// esc goes back to every certificate.
	c.press("esc")
	c.waitFor("1000 total")
}

// helpLines keeps the lines of the help box, which are drawn between │ borders.
func helpLines(screen string) string {
	var lines []string
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "│") {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

func containsText(screen, text string) bool { return strings.Contains(screen, text) }

func TestConsoleListsAndOpensDomains(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	if _, err := cl.Domains.Create(context.Background(), "staging", "stg"); err != nil {
		t.Fatalf("create domain: %v", err)
	}
	c := startConsole(t, Options{Client: cl})

	c.waitFor("Domains · 2", "default", "staging", "stg")
	c.press("G", "enter")
	c.waitFor("Certificates of staging", "This domain has no certificates yet")

	c.press("q")
	c.waitFor("Domains · 2", "Pick a domain")
}
