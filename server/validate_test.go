package server

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseSerialForms(t *testing.T) {
	cases := map[string]string{
		"255":         "255",
		"0xff":        "255",
		"0XFF":        "255",
		"ff":          "255",
		"01:00":       "256",
		"0a:bc:DE":    "703710",
		"00255":       "255",
		"1f2e3d4c5b6": "2142716085686",
	}
	for input, want := range cases {
		got, err := parseSerial(input)
		if err != nil || got != want {
			t.Errorf("parseSerial(%q) = %q, %v; want %q", input, got, err, want)
		}
	}
	for _, bad := range []string{"", "0x", ":", "-1", "+1", "0", "0x0", "12g", "1_000", "1.5", strings.Repeat("9", 129)} {
		_, err := parseSerial(bad)
		var p *problem
		if !errors.As(err, &p) || p.kind != kindInvalid {
			t.Errorf("parseSerial(%q): %v, want an invalid-request problem", bad, err)
		}
	}
}

func TestCheckID(t *testing.T) {
	valid := []string{"a", "vm-1", "comp 42", "é", strings.Repeat("x", 128), "a.b_c:d"}
	for _, id := range valid {
		if err := checkID("entity ID", id); err != nil {
			t.Errorf("checkID(%q): %v", id, err)
		}
	}
	invalid := map[string]string{
		"":                       "missing",
		strings.Repeat("x", 129): "129 characters",
		"a/b":                    "slash",
		"a\nb":                   "control",
		"a\x7fb":                 "control",
		"\xff":                   "UTF-8",
		"vm\u202e1":              "invisible",
		"..":                     "path segments",
		".":                      "path segments",
		"vm\u200b1":              "invisible",
		"\ufeffvm":               "invisible",
	}
	for id, want := range invalid {
		err := checkID("entity ID", id)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkID(%q): %v, want an error about %s", id, err, want)
		}
	}
}

func TestParsePage(t *testing.T) {
	limit, offset, err := parsePage("", "")
	if err != nil || limit != defaultPageLimit || offset != 0 {
		t.Errorf("defaults: %d %d %v", limit, offset, err)
	}
	limit, offset, err = parsePage("1000", "90000")
	if err != nil || limit != 1000 || offset != 90000 {
		t.Errorf("limit 1000 offset 90000: %d %d %v", limit, offset, err)
	}
	for _, pair := range [][2]string{{"0", ""}, {"1001", ""}, {"ten", ""}, {"", "-1"}, {"", "x"}} {
		if _, _, err := parsePage(pair[0], pair[1]); err == nil {
			t.Errorf("parsePage(%q, %q) accepted", pair[0], pair[1])
		}
	}
}

func TestValidDNSName(t *testing.T) {
	for _, name := range []string{"a.test", "*.a.test", "xn--bcher-kva.test", "host", "a-b.c."} {
		if !validDNSName(name) {
			t.Errorf("validDNSName(%q) = false", name)
		}
	}
	for _, name := range []string{"", "a..b", "-a.test", "a-.test", "a b", "*", "a.*.test", strings.Repeat("a", 64) + ".test", "ü.test"} {
		if validDNSName(name) {
			t.Errorf("validDNSName(%q) = true", name)
		}
	}
}

func TestParseTTL(t *testing.T) {
	if ttl, err := parseTTL(""); err != nil || ttl != 30*24*time.Hour {
		t.Errorf("default TTL %s, %v", ttl, err)
	}
	if ttl, err := parseTTL("1h30m"); err != nil || ttl != 90*time.Minute {
		t.Errorf("1h30m: %s, %v", ttl, err)
	}
	for _, bad := range []string{"0s", "-5m", "30d", "forever"} {
		if _, err := parseTTL(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("parseTTL(%q): %v", bad, err)
		}
	}
}

func TestTokenSignerRejectsTampering(t *testing.T) {
	signer := tokenSigner{key: []byte("0123456789abcdef0123456789abcdef")}
	now := time.Unix(1_800_000_000, 0)
	token := signer.sign(downloadClaims{Kind: tokenKindCertificate, DomainID: "d", Serial: "1", EntityID: "e", Expires: now.Add(downloadTokenTTL).Unix()})

	claims, err := signer.verify(token, tokenKindCertificate, now)
	if err != nil || claims.DomainID != "d" || claims.Serial != "1" || claims.EntityID != "e" || claims.Nonce == "" {
		t.Fatalf("verify a fresh token: %+v, %v", claims, err)
	}

	other := tokenSigner{key: []byte("another key of thirty-two bytes!")}
	if _, err := other.verify(token, tokenKindCertificate, now); err == nil {
		t.Error("a token verified under another key")
	}
	payload, mac, _ := strings.Cut(token, ".")
	for _, forged := range []string{payload, payload + ".", "x" + token, payload + "." + mac[:len(mac)-2], "a.b.c"} {
		if _, err := signer.verify(forged, tokenKindCertificate, now); err == nil {
			t.Errorf("forged token %q verified", forged)
		}
	}
	if _, err := signer.verify(token, tokenKindCA, now); err == nil {
		t.Error("a certificate token verified as a CA token")
	}
	if _, err := signer.verify(token, tokenKindCertificate, now.Add(downloadTokenTTL)); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("token at its expiry: %v", err)
	}
}
