package server_test

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/crypto/ocsp"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// nonceRequest returns an OCSP request for cert carrying a nonce extension
// whose value is the OCTET STRING of nonce, as openssl sends it.
func nonceRequest(t *testing.T, inst *servertest.Instance, cert *x509.Certificate, nonce []byte) (request []byte, extension []byte) {
	t.Helper()
	plain, err := ocsp.CreateRequest(cert, inst.Server.Authority().Intermediate, nil)
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		TBS struct {
			RequestList asn1.RawValue
		}
	}
	if _, err := asn1.Unmarshal(plain, &parsed); err != nil {
		t.Fatal(err)
	}

	value, err := asn1.Marshal(nonce)
	if err != nil {
		t.Fatal(err)
	}
	ext := pkix.Extension{Id: ca.OIDOCSPNonce, Value: value}
	var withNonce struct {
		TBS struct {
			RequestList asn1.RawValue
			Extensions  []pkix.Extension `asn1:"explicit,tag:2"`
		}
	}
	withNonce.TBS.RequestList = parsed.TBS.RequestList
	withNonce.TBS.Extensions = []pkix.Extension{ext}
	request, err = asn1.Marshal(withNonce)
	if err != nil {
		t.Fatal(err)
	}
	extension, err = asn1.Marshal(ext)
	if err != nil {
		t.Fatal(err)
	}
	return request, extension
}

// postOCSP sends a DER OCSP request and returns the status and body.
func postOCSP(t *testing.T, inst *servertest.Instance, request []byte) (int, []byte) {
	t.Helper()
	resp, err := http.Post(inst.URL+"/certs/ocsp", "application/ocsp-request", bytes.NewReader(request))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	return resp.StatusCode, buf.Bytes()
}

func TestOCSPEchoesNonce(t *testing.T) {
	for _, algorithm := range []string{ca.ECDSAP256, ca.RSA2048, ca.Ed25519} {
		t.Run(algorithm, func(t *testing.T) {
			inst := servertest.Start(t, servertest.WithKeyAlgorithm(algorithm))
			cert := parsePEMCertificate(t, issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}}).Certificate)
			nonce := make([]byte, 16)
			rand.Read(nonce)
			request, extension := nonceRequest(t, inst, cert, nonce)

			status, body := postOCSP(t, inst, request)
			expectStatus(t, "OCSP with a nonce", status, body, http.StatusOK)
			if !bytes.Contains(body, extension) {
				t.Error("OCSP response does not carry the request's nonce extension")
			}
			if algorithm == ca.Ed25519 {
				return // x/crypto/ocsp cannot verify Ed25519 signatures; openssl does below
			}
			parsed, err := ocsp.ParseResponseForCert(body, cert, inst.Server.Authority().Intermediate)
			if err != nil {
				t.Fatalf("parse OCSP response with a nonce: %v", err)
			}
			if parsed.Status != ocsp.Good {
				t.Errorf("OCSP status %d, want good", parsed.Status)
			}
		})
	}
}

func TestOCSPRejectsOversizedNonce(t *testing.T) {
	inst := servertest.Start(t)
	cert := parsePEMCertificate(t, issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}}).Certificate)
	request, _ := nonceRequest(t, inst, cert, make([]byte, 33))
	status, body := postOCSP(t, inst, request)
	expectError(t, "33-byte nonce", status, body, http.StatusBadRequest, "nonce of 33 bytes")
}

func TestOpensslOCSPNonce(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	for _, algorithm := range []string{ca.ECDSAP256, ca.RSA2048, ca.Ed25519} {
		t.Run(algorithm, func(t *testing.T) {
			inst := servertest.Start(t, servertest.WithKeyAlgorithm(algorithm))
			dir := t.TempDir()
			authority := inst.Server.Authority()
			inter := writeFile(t, dir, "inter.pem", ca.CertificatePEM(authority.Intermediate.Raw))
			chain := writeFile(t, dir, "chain.pem", authority.ChainPEM())
			c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
			certPath := writeFile(t, dir, "vm.pem", []byte(c.Certificate))

			// Without -no_nonce, openssl sends a nonce and checks the echo.
			out := openssl(t, "ocsp", "-issuer", inter, "-cert", certPath, "-url", inst.URL+"/certs/ocsp", "-CAfile", chain)
			if !strings.Contains(out, "vm.pem: good") || !strings.Contains(out, "Response verify OK") {
				t.Errorf("openssl ocsp with a nonce:\n%s", out)
			}
			// openssl prints "WARNING: no nonce in response" or "Nonce Verify error".
			if lower := strings.ToLower(out); strings.Contains(lower, "no nonce") || strings.Contains(lower, "nonce verify") {
				t.Errorf("openssl ocsp reports a nonce problem:\n%s", out)
			}
		})
	}
}
