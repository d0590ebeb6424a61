package ui

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestIssueDNSNamesInCertificate(t *testing.T) {
	c, cl, srv := openIssueForm(t)

	// Two names, one of them repeated in another letter case, and one IP.
	c.typeText("cvm-dns")
	c.press("tab", "tab")
	c.typeText("10.0.0.9")
	c.press("tab")
	c.waitFor("› DNS names")
	c.typeText("api.example.com, *.svc.example.com API.Example.com")
	c.press("enter")
	c.waitFor("Issued serial")

	_, parsed := onlyCertificate(t, cl, srv.DomainID)
	if diff := cmp.Diff([]string{"api.example.com", "*.svc.example.com"}, parsed.DNSNames); diff != "" {
		t.Errorf("certificate DNS names differ (-want +got):\n%s", diff)
	}
	if len(parsed.IPAddresses) != 1 || !parsed.IPAddresses[0].Equal(net.ParseIP("10.0.0.9")) {
		t.Errorf("certificate IP addresses are %v, want [10.0.0.9]", parsed.IPAddresses)
	}
	if err := parsed.VerifyHostname("web.svc.example.com"); err != nil {
		t.Errorf("the wildcard name does not cover web.svc.example.com: %v", err)
	}
}

func TestIssueBadDNSNameSendsNothing(t *testing.T) {
	c, cl, srv := openIssueForm(t)

	c.typeText("cvm-bad-dns")
	c.press("tab", "tab", "tab")
	c.waitFor("› DNS names")
	c.typeText("api.example.com bad_name.example.com")

	// The focus moves away first, so the form must bring it back to the
	// field with the bad name.
	c.press("tab")
	c.waitFor("› TTL")
	c.press("enter")
	c.waitForWords(`DNS name "bad_name.example.com" contains the character U+005F`)
	c.waitFor("› DNS names")
	if page := listAll(t, cl, srv.DomainID); page.Total != 0 {
		t.Fatalf("server lists %d certificates after the form check, want 0", page.Total)
	}

	// After the fix the form sends both names.
	for range len("bad_name.example.com") {
		c.press("backspace")
	}
	c.typeText("good-name.example.com")
	c.press("enter")
	c.waitFor("Issued serial")

	_, parsed := onlyCertificate(t, cl, srv.DomainID)
	if diff := cmp.Diff([]string{"api.example.com", "good-name.example.com"}, parsed.DNSNames); diff != "" {
		t.Errorf("certificate DNS names differ (-want +got):\n%s", diff)
	}
}

// dnsNameCases are single names at the edges of the local server's rules.
func dnsNameCases() []string {
	label63 := strings.Repeat("a", 63)
	// Four labels of 63 and a dot after each of the first three make 255;
	// trimming the last label gives names of exactly 253 and 254.
	long := strings.Repeat(label63+".", 3) + label63
	return []string{
		"example.com", "EXAMPLE.com", "a", "1.2.3.4", "xn--mller-kva.de", "a-b.c", "a--b.c",
		"example.com.", "*.example.com", "*.example.com.", "*.a",
		label63 + ".com", label63 + "a.com",
		long[:253], long[:253] + ".", long[:254],
		"-a.com", "a-.com", "a..com", ".a.com", "a.com..", ".", "*", "*.", "*.*.com", "a.*.com", "*a.com",
		"bad_name.com", "müller.de", "a\u200bb.com", "a%b.com", "a:b.com", "a/b.com", "ａ.com",
	}
}

func TestParseDNSNamesMatchesServer(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)

	for i, name := range dnsNameCases() {
		_, formErr := parseDNSNames(name)

		req := client.IssueRequest{EntityType: "cvm", EntityID: fmt.Sprintf("dns-case-%d", i), IPAddresses: []string{}, DNSNames: []string{name}}
		_, serverErr := cl.Certs.Issue(t.Context(), srv.DomainID, req)
		if serverErr != nil && !errors.Is(serverErr, client.ErrBadRequest) {
			t.Fatalf("issue with DNS name %+q: %v", name, serverErr)
		}

		if (formErr == nil) != (serverErr == nil) {
			t.Errorf("DNS name %+q: form error %v, server error %v", name, formErr, serverErr)
		}
		if formErr != nil && !namesValue(formErr, name) {
			t.Errorf("form error for %+q does not name it: %v", name, formErr)
		}
	}
}

// namesValue reports whether err quotes value, or for a long value, its
// first 40 characters.
func namesValue(err error, value string) bool {
	text := err.Error()
	if utf8.RuneCountInString(value) > 40 {
		return strings.Contains(text, quoteInputPrefix(value, 40)+"…")
	}
	return strings.Contains(text, quoteInput(value))
}

func TestParseDNSNamesLimitMatchesServer(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)

	names := make([]string, 0, maxDNSNames+1)
	for i := range maxDNSNames {
		names = append(names, fmt.Sprintf("host-%d.example.com", i))
	}
	// A repeat in another case and with a trailing dot does not count.
	atLimit := append(slices.Clone(names), "HOST-0.example.com.")
	overLimit := append(slices.Clone(names), "host-100.example.com")

	for _, tc := range []struct {
		name  string
		names []string
		valid bool
	}{
		{"at limit with repeat", atLimit, true},
		{"over limit", overLimit, false},
	} {
		parsed, formErr := parseDNSNames(strings.Join(tc.names, " "))
		req := client.IssueRequest{EntityType: "cvm", EntityID: "dns-limit", IPAddresses: []string{}, DNSNames: tc.names}
		_, serverErr := cl.Certs.Issue(t.Context(), srv.DomainID, req)

		if (formErr == nil) != tc.valid {
			t.Errorf("%s: form error %v, want valid %v", tc.name, formErr, tc.valid)
		}
		if (serverErr == nil) != tc.valid {
			t.Errorf("%s: server error %v, want valid %v", tc.name, serverErr, tc.valid)
		}
		if tc.valid && len(parsed) != maxDNSNames {
			t.Errorf("%s: form keeps %d names, want %d", tc.name, len(parsed), maxDNSNames)
		}
		if !tc.valid && (formErr == nil || !strings.Contains(formErr.Error(), "at most 100")) {
			t.Errorf("%s: form error %v does not give the limit", tc.name, formErr)
		}
	}
}

func TestParseDNSNamesSplitsAndDropsRepeats(t *testing.T) {
	got, err := parseDNSNames(" api.example.com,,Api.Example.COM.  web.example.com\tapi.example.com. ")
	if err != nil {
		t.Fatalf("parseDNSNames: %v", err)
	}
	if diff := cmp.Diff([]string{"api.example.com", "web.example.com"}, got); diff != "" {
		t.Errorf("names differ (-want +got):\n%s", diff)
	}

	if got, err := parseDNSNames("  , "); err != nil || len(got) != 0 {
		t.Errorf("parseDNSNames of separators only = %v, %v; want no names and no error", got, err)
	}
}

func TestCheckDNSNameMessages(t *testing.T) {
	for name, want := range map[string]string{
		"a..com":                         "has an empty label; remove the extra dot",
		strings.Repeat("a", 64) + ".com": "has a label of 64 characters; use at most 63",
		strings.Repeat("a.", 127) + "a":  "is 255 characters long; use at most 253",
		"-a.com":                         `the label "-a", which starts or ends with a hyphen`,
		"a.*.com":                        `has a * outside a leading "*."`,
		"müller.de":                      "xn-- (punycode) form",
		"a\u200bb.com":                   `DNS name "a<U+200B>b.com" contains the character U+200B`,
		"*.":                             "has no labels",
		"bad_name.com":                   `contains the character U+005F; use only letters a-z, digits, hyphens and dots`,
	} {
		err := checkDNSName(name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkDNSName(%+q) = %v, want an error containing %q", name, err, want)
		}
	}
}
