package ui

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/client"
)

// tabToCommonName moves the focus of a fresh issue form from the entity ID
// to the common name, the last field.
func tabToCommonName(c *console) {
	for range fieldCommonName {
		c.press("tab")
	}
}

// waitForWords waits until the screen shows text, which may wrap over rows.
func (c *console) waitForWords(text string) {
	c.t.Helper()
	c.waitUntil(fmt.Sprintf("the text %q", text), func(screen string) bool {
		return strings.Contains(screenWords(screen), text)
	})
}

// onlyCertificate fetches and parses the one certificate the server lists
// in the domain, and fails the test when it lists another number.
func onlyCertificate(t *testing.T, cl *client.Client, domainID string) (client.Certificate, *x509.Certificate) {
	t.Helper()
	page := listAll(t, cl, domainID)
	if page.Total != 1 {
		t.Fatalf("server lists %d certificates, want 1", page.Total)
	}
	return fetchParsed(t, cl, domainID, page.Certificates[0].SerialNumber)
}

// fetchParsed gets a certificate from the server and parses its PEM with
// crypto/x509.
func fetchParsed(t *testing.T, cl *client.Client, domainID, serial string) (client.Certificate, *x509.Certificate) {
	t.Helper()
	cert, err := cl.Certs.Get(t.Context(), domainID, serial)
	if err != nil {
		t.Fatalf("get certificate %s: %v", serial, err)
	}
	block, _ := pem.Decode([]byte(cert.PEM))
	if block == nil {
		t.Fatalf("certificate %s has no PEM: %q", serial, cert.PEM)
	}
	parsed, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("parse certificate %s: %v", serial, err)
	}
	return cert, parsed
}

func TestIssueCommonNameForLongEntityID(t *testing.T) {
	c, cl, srv := openIssueForm(t)
	c.waitFor("Common name")

	// With no common name, an entity ID over 64 characters is caught by
	// the form, which moves the focus to the common name.
	entity := "cvm-" + strings.Repeat("0123456789", 7) + "-long80"
	if len(entity) != 81 {
		t.Fatalf("test entity is %d characters, want 81", len(entity))
	}
	c.typeText(entity)
	c.press("enter")
	c.waitForWords("entity ID has 81 characters, too long for a certificate's common name (maximum 64): enter a shorter common name")
	if page := listAll(t, cl, srv.DomainID); page.Total != 0 {
		t.Fatalf("server lists %d certificates after the form check, want 0", page.Total)
	}

	// A common name over 64 characters is caught too.
	c.typeText(strings.Repeat("n", 65))
	c.press("enter")
	c.waitFor("common name is 65 characters long")

	// A short common name is sent and ends up in the certificate subject.
	for range 65 {
		c.press("backspace")
	}
	c.typeText("cvm-short-cn")
	c.press("enter")
	c.waitFor("Issued serial")

	cert, parsed := onlyCertificate(t, cl, srv.DomainID)
	if parsed.Subject.CommonName != "cvm-short-cn" {
		t.Errorf("subject common name is %q, want %q", parsed.Subject.CommonName, "cvm-short-cn")
	}
	if cert.EntityID != entity {
		t.Errorf("entity ID is %q, want %q", cert.EntityID, entity)
	}
}

func TestIssueCommonNameDefaultsToEntityID(t *testing.T) {
	c, cl, srv := openIssueForm(t)

	// An invisible character in the common name is named before sending.
	c.typeText("cvm-cn-default")
	tabToCommonName(c)
	c.typeText("bad\u200bname")
	c.waitFor("Delete the invisible U+200B")
	c.press("enter")
	c.waitForWords(`common name "bad<U+200B>name" contains the invisible character U+200B`)

	// An empty common name sends none, and the service uses the entity ID.
	for range len([]rune("bad\u200bname")) {
		c.press("backspace")
	}
	c.press("enter")
	c.waitFor("Issued serial")

	_, parsed := onlyCertificate(t, cl, srv.DomainID)
	if parsed.Subject.CommonName != "cvm-cn-default" {
		t.Errorf("subject common name is %q, want the entity ID %q", parsed.Subject.CommonName, "cvm-cn-default")
	}
}

func TestValidateCommonName(t *testing.T) {
	long := strings.Repeat("e", 70)
	valid := [][2]string{{"", "cvm-01"}, {"short", long}, {strings.Repeat("c", 64), "x"}, {"a/b c", "x"}, {"", strings.Repeat("e", 64)}}
	for _, v := range valid {
		if err := validateCommonName(v[0], v[1]); err != nil {
			t.Errorf("validateCommonName(%q, %q) = %v, want nil", v[0], v[1], err)
		}
	}

	invalid := map[[2]string]string{
		{"", long}:                     "entity ID has 70 characters",
		{strings.Repeat("c", 65), "x"}: "65 characters",
		{"a\u202eb", "x"}:              "U+202E",
		{"a\ufe0fb", "x"}:              "U+FE0F",
	}
	for v, want := range invalid {
		err := validateCommonName(v[0], v[1])
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validateCommonName(%q, %q) = %v, want an error containing %q", v[0], v[1], err, want)
		}
	}
}
