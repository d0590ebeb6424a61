package ca_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/certs-tui/certs-tui/server/ca"
)

const baseURL = "http://127.0.0.1:9010"

func TestCreateEveryAlgorithm(t *testing.T) {
	now := time.Now()
	for _, algorithm := range ca.KeyAlgorithms {
		t.Run(algorithm, func(t *testing.T) {
			authority, err := ca.Create(algorithm, baseURL, now)
			if err != nil {
				t.Fatal(err)
			}
			root, inter := authority.Root, authority.Intermediate

			if !root.IsCA || !root.BasicConstraintsValid || root.MaxPathLen != 1 {
				t.Errorf("root: CA %v, path length %d; want CA with path length 1", root.IsCA, root.MaxPathLen)
			}
			if !inter.IsCA || inter.MaxPathLen != 0 || !inter.MaxPathLenZero {
				t.Errorf("intermediate: CA %v, path length %d (zero set %v); want CA with path length 0", inter.IsCA, inter.MaxPathLen, inter.MaxPathLenZero)
			}
			for name, cert := range map[string]*x509.Certificate{"root": root, "intermediate": inter} {
				if cert.KeyUsage&(x509.KeyUsageCertSign|x509.KeyUsageCRLSign) != x509.KeyUsageCertSign|x509.KeyUsageCRLSign {
					t.Errorf("%s key usage %b lacks certificate or CRL signing", name, cert.KeyUsage)
				}
				if len(cert.SubjectKeyId) == 0 {
					t.Errorf("%s has no subject key identifier", name)
				}
			}
			if string(inter.AuthorityKeyId) != string(root.SubjectKeyId) {
				t.Error("intermediate's authority key identifier is not the root's subject key identifier")
			}
			if err := inter.CheckSignatureFrom(root); err != nil {
				t.Errorf("intermediate not signed by root: %v", err)
			}
			if years := root.NotAfter.Sub(now).Hours() / 24 / 365; years < 9.99 || years > 10.01 {
				t.Errorf("root valid %.2f years, want 10", years)
			}
			if years := inter.NotAfter.Sub(now).Hours() / 24 / 365; years < 4.99 || years > 5.01 {
				t.Errorf("intermediate valid %.2f years, want 5", years)
			}

			leafKey, err := ca.NewKey(algorithm)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := ca.AlgorithmOf(leafKey.Public()); err != nil || got != algorithm {
				t.Errorf("AlgorithmOf a new %s key: %q, %v", algorithm, got, err)
			}
			serial, _ := ca.NewSerial()
			der, err := authority.Issue(ca.LeafRequest{
				Serial: serial, Subject: pkix.Name{CommonName: "leaf"}, IPAddresses: []net.IP{net.ParseIP("10.0.0.1")},
				TTL: time.Hour, PublicKey: leafKey.Public(), Now: now,
			})
			if err != nil {
				t.Fatal(err)
			}
			leaf, err := x509.ParseCertificate(der)
			if err != nil {
				t.Fatal(err)
			}
			verifyLeaf(t, authority, leaf)
		})
	}
}

func verifyLeaf(t *testing.T, authority *ca.Authority, leaf *x509.Certificate) {
	t.Helper()
	roots, inters := x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(authority.Root)
	inters.AddCert(authority.Intermediate)
	_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inters, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	if err != nil {
		t.Errorf("leaf %s does not verify: %v", leaf.SerialNumber, err)
	}
}

func TestIssueRejectsTTLPastIssuer(t *testing.T) {
	now := time.Now()
	authority, err := ca.Create(ca.ECDSAP256, baseURL, now)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ca.NewKey(ca.ECDSAP256)
	_, err = authority.Issue(ca.LeafRequest{
		Serial: big.NewInt(7), TTL: ca.IntermediateValidity + time.Hour, PublicKey: key.Public(), Now: now,
	})
	if !errors.Is(err, ca.ErrOutlivesIssuer) {
		t.Fatalf("TTL past the intermediate: %v, want ErrOutlivesIssuer", err)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ca")
	created, err := ca.Create(ca.ECDSAP256, baseURL, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := created.Save(dir); err != nil {
		t.Fatal(err)
	}
	if exists, err := ca.Exists(dir); err != nil || !exists {
		t.Fatalf("Exists after Save: %v, %v", exists, err)
	}
	loaded, err := ca.Load(dir, baseURL)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Root.Equal(created.Root) || !loaded.Intermediate.Equal(created.Intermediate) {
		t.Error("loaded CA differs from the saved one")
	}
	if err := created.Save(dir); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second Save over the same folder: %v, want an already-exists error", err)
	}

	// A key that belongs to another CA is caught at load.
	other, _ := ca.Create(ca.ECDSAP256, baseURL, time.Now())
	otherDir := filepath.Join(t.TempDir(), "ca")
	if err := other.Save(otherDir); err != nil {
		t.Fatal(err)
	}
	swapped, _ := os.ReadFile(filepath.Join(otherDir, "intermediate.key"))
	keyPath := filepath.Join(dir, "intermediate.key")
	os.Remove(keyPath)
	if err := os.WriteFile(keyPath, swapped, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ca.Load(dir, baseURL); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("Load with a foreign key: %v", err)
	}
}

func TestRestampChangesOnlySerial(t *testing.T) {
	for _, algorithm := range []string{ca.ECDSAP256, ca.Ed25519, ca.RSA2048} {
		t.Run(algorithm, func(t *testing.T) {
			authority, err := ca.Create(algorithm, baseURL, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			key, _ := ca.NewKey(algorithm)
			der, err := authority.Issue(ca.LeafRequest{
				Serial: ca.NewFixedSerial(), Subject: pkix.Name{CommonName: "template"}, DNSNames: []string{"t.test"},
				TTL: time.Hour, PublicKey: key.Public(), Now: time.Now(),
			})
			if err != nil {
				t.Fatal(err)
			}
			template, _ := x509.ParseCertificate(der)

			serial := ca.NewFixedSerial()
			copyDER, err := authority.Restamp(der, serial)
			if err != nil {
				t.Fatal(err)
			}
			restamped, err := x509.ParseCertificate(copyDER)
			if err != nil {
				t.Fatalf("parse restamped certificate: %v", err)
			}
			if restamped.SerialNumber.Cmp(serial) != 0 {
				t.Errorf("serial %s, want %s", restamped.SerialNumber, serial)
			}
			if restamped.Subject.String() != template.Subject.String() || restamped.DNSNames[0] != "t.test" || !restamped.NotAfter.Equal(template.NotAfter) {
				t.Error("restamping changed more than the serial")
			}
			verifyLeaf(t, authority, restamped)

			if _, err := authority.Restamp(der, big.NewInt(5)); err == nil {
				t.Error("Restamp accepted a serial of another length")
			}
		})
	}
}

func TestFixedSerialLength(t *testing.T) {
	for range 1000 {
		n := ca.NewFixedSerial()
		if n.BitLen() != 127 {
			t.Fatalf("serial %x has %d bits, want 127", n, n.BitLen())
		}
	}
}

func TestParseReason(t *testing.T) {
	cases := map[string]int{
		"":                       ocsp.Unspecified,
		"key_compromise":         ocsp.KeyCompromise,
		"keyCompromise":          ocsp.KeyCompromise,
		"cessation_of_operation": ocsp.CessationOfOperation,
		"aa_compromise":          ocsp.AACompromise,
		"superseded":             ocsp.Superseded,
	}
	for name, want := range cases {
		got, err := ca.ParseReason(name)
		if err != nil || got != want {
			t.Errorf("ParseReason(%q) = %d, %v; want %d", name, got, err, want)
		}
		if name != "" && !strings.Contains(name, "C") && ca.ReasonName(got) != name {
			t.Errorf("ReasonName(%d) = %q, want %q", got, ca.ReasonName(got), name)
		}
	}
	for _, bad := range []string{"remove_from_crl", "bored", "key compromise"} {
		if _, err := ca.ParseReason(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseReason(%q): %v, want an error naming it", bad, err)
		}
	}
}

func TestCheckKeyAlgorithm(t *testing.T) {
	if err := ca.CheckKeyAlgorithm("rsa-1024"); err == nil || !strings.Contains(err.Error(), "rsa-1024") || !strings.Contains(err.Error(), "ecdsa-p256") {
		t.Errorf("CheckKeyAlgorithm(rsa-1024): %v", err)
	}
	if _, err := ca.NewKey("dsa"); err == nil {
		t.Error("NewKey accepted dsa")
	}
}

func TestCertificatePEMMatchesEncodingPEM(t *testing.T) {
	for _, size := range []int{0, 1, 47, 48, 49, 700, 1500} {
		der := make([]byte, size)
		for i := range der {
			der[i] = byte(i * 7)
		}
		want := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der[:size/2]})...)
		if got := ca.CertificatePEM(der, der[:size/2]); string(got) != string(want) {
			t.Errorf("%d bytes: got\n%s\nwant\n%s", size, got, want)
		}
	}
}
