package ui

import (
	"fmt"
	"strings"
	"testing"
)

func TestValidateEntityID(t *testing.T) {
	valid := []string{"cvm-01", "計算-wide", "a.b_c:d", "a b", " edge ", strings.Repeat("x", maxEntityIDLength)}
	for _, id := range valid {
		if err := validateEntityID(id); err != nil {
			t.Errorf("validateEntityID(%q) = %v, want nil", id, err)
		}
	}

	invalid := map[string]string{
		"":                                       "missing",
		"a/b":                                    "slash",
		"a\x1bb":                                 "U+001B",
		strings.Repeat("x", maxEntityIDLength+1): "129 characters",
		"..":                                     "path segment",
		"\u202eevil":                             "U+202E",
		"zw\u200bsp":                             "U+200B",
	}
	for id, want := range invalid {
		err := validateEntityID(id)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validateEntityID(%q) = %v, want an error containing %s", id, err, want)
		}
	}
}

func TestParseIPList(t *testing.T) {
	ips, err := parseIPList(" 10.0.0.5, fd00::5 10.0.0.5,\n192.168.1.1 ")
	if err != nil {
		t.Fatalf("parseIPList: %v", err)
	}
	if got := strings.Join(ips, " "); got != "10.0.0.5 fd00::5 192.168.1.1" {
		t.Errorf("parseIPList = %q, want the three distinct addresses", got)
	}

	for _, bad := range []string{"10.0.0.300", "fe80::1%eth0", "example.com", "10.0.0"} {
		_, err := parseIPList("10.0.0.1, " + bad)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("parseIPList(%q) = %v, want an error naming the value", bad, err)
		}
	}

	if ips, err := parseIPList("  "); err != nil || len(ips) != 0 {
		t.Errorf("parseIPList(blank) = %v, %v; want no addresses and no error", ips, err)
	}
}

func TestParseTTL(t *testing.T) {
	cases := map[string]string{"": "", "30d": "720h0m0s", "720h": "720h0m0s", "90m": "1h30m0s", "1d12h": "36h0m0s"}
	for in, want := range cases {
		got, err := parseTTL(in)
		if err != nil || got != want {
			t.Errorf("parseTTL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}

	for _, bad := range []string{"soon", "-5h", "0", "1.5d", "1ns", "59s", "1d-2h", "99999999999d"} {
		if _, err := parseTTL(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("parseTTL(%q) = %v, want an error naming the value", bad, err)
		}
	}
}

func TestIssueHintFollowsFocus(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("i"))

	for field, hint := range issueFieldHints {
		words := strings.Join(strings.Fields(strings.ReplaceAll(screenText(a), "│", " ")), " ")
		if !strings.Contains(words, hint) {
			t.Errorf("field %d focused, the form does not show its hint %q:\n%s", field, hint, screenText(a))
		}
		feed(a, keyPress("tab"))
	}
}

func TestFormMessagesQuoteLikeField(t *testing.T) {
	_, ttlErr := parseTTL("3\u00a0d")
	_, ipErr := parseIPList("10.0.0.1\u200b")
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"invisible in entity ID", fmt.Sprint(validateEntityID("ab\u200bc")), `entity ID "ab<U+200B>c" contains the invisible character U+200B`},
		{"control in entity ID", fmt.Sprint(validateEntityID("ab\x1bc")), `entity ID "ab<U+001B>c" contains the control character U+001B`},
		{"edge space", edgeSpaceWarning("entity ID", "vm\u200b "), `entity ID "vm<U+200B> " ends with a space`},
		{"lookalike space in TTL", fmt.Sprint(ttlErr), `TTL "3<U+00A0>d" is not a duration`},
		{"invisible in IP address", fmt.Sprint(ipErr), `IP address "10.0.0.1<U+200B>" is not a valid IPv4 or IPv6 address`},
	}
	for _, tc := range cases {
		if !strings.Contains(tc.got, tc.want) {
			t.Errorf("%s: message %q, want it to contain %q", tc.name, tc.got, tc.want)
		}
	}
}
