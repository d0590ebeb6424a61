package server_test

import (
	"encoding/pem"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// openssl runs the openssl command and returns its combined output. The
// test is skipped when openssl is not installed.
func openssl(t *testing.T, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// writeFile writes data into the test's temporary folder and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpensslAcceptsChainCRLAndOCSP(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	for _, algorithm := range []string{ca.ECDSAP256, ca.RSA2048, ca.Ed25519} {
		t.Run(algorithm, func(t *testing.T) {
			inst := servertest.Start(t, servertest.WithKeyAlgorithm(algorithm))
			dir := t.TempDir()
			authority := inst.Server.Authority()
			root := writeFile(t, dir, "root.pem", ca.CertificatePEM(authority.Root.Raw))
			inter := writeFile(t, dir, "inter.pem", ca.CertificatePEM(authority.Intermediate.Raw))
			chain := writeFile(t, dir, "chain.pem", authority.ChainPEM())

			good := issue(t, inst, "cvm", "vm-good", map[string]any{"ip_addresses": []string{"10.0.0.1"}, "dns_names": []string{"good.test"}})
			bad := issue(t, inst, "cvm", "vm-bad", map[string]any{"ip_addresses": []string{}})
			goodPath := writeFile(t, dir, "good.pem", []byte(good.Certificate))
			badPath := writeFile(t, dir, "bad.pem", []byte(bad.Certificate))

			out := openssl(t, "verify", "-x509_strict", "-purpose", "sslserver", "-CAfile", root, "-untrusted", inter, goodPath)
			if !strings.Contains(out, "good.pem: OK") {
				t.Errorf("openssl verify: %s", out)
			}
			out = openssl(t, "verify", "-x509_strict", "-purpose", "sslclient", "-CAfile", root, "-untrusted", inter, goodPath)
			if !strings.Contains(out, "good.pem: OK") {
				t.Errorf("openssl verify as client: %s", out)
			}

			status, body := call(t, inst, "PATCH", domainPath(inst, "/"+bad.SerialNumber+"/revoke"), map[string]string{"reason": "key_compromise"})
			expectStatus(t, "revoke", status, body, http.StatusNoContent)

			status, _, crlDER := getBody(t, inst.URL+"/certs/crl", nil)
			expectStatus(t, "CRL", status, crlDER, http.StatusOK)
			crlPath := writeFile(t, dir, "crl.der", crlDER)
			out = openssl(t, "crl", "-inform", "DER", "-in", crlPath, "-CAfile", chain, "-noout", "-text")
			if !strings.Contains(out, "verify OK") {
				t.Errorf("openssl crl did not verify the signature: %s", out)
			}
			if !strings.Contains(out, "Key Compromise") || !strings.Contains(out, "CRL Number") {
				t.Errorf("openssl crl lacks the revocation or the number:\n%s", out)
			}

			// With the CRL, openssl verify must now reject the revoked leaf.
			crlPEM := writeFile(t, dir, "crl.pem", pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: crlDER}))
			cmd := exec.Command("openssl", "verify", "-crl_check", "-CAfile", root, "-untrusted", inter, "-CRLfile", crlPEM, badPath)
			if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "revoked") {
				t.Errorf("openssl verify -crl_check accepted the revoked certificate: %v\n%s", err, out)
			}

			ocspArgs := func(cert string) []string {
				return []string{"ocsp", "-issuer", inter, "-cert", cert, "-url", inst.URL + "/certs/ocsp", "-CAfile", chain, "-no_nonce"}
			}
			out = openssl(t, ocspArgs(goodPath)...)
			if !strings.Contains(out, "good.pem: good") || !strings.Contains(out, "Response verify OK") {
				t.Errorf("openssl ocsp for the good certificate:\n%s", out)
			}
			out = openssl(t, ocspArgs(badPath)...)
			if !strings.Contains(out, "bad.pem: revoked") || !strings.Contains(out, "keyCompromise") {
				t.Errorf("openssl ocsp for the revoked certificate:\n%s", out)
			}
		})
	}
}
