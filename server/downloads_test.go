package server_test

import (
	"archive/zip"
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// downloadToken requests a bundle download token for a serial.
func downloadToken(t *testing.T, inst *servertest.Instance, serial string) string {
	t.Helper()
	status, body := call(t, inst, "GET", domainPath(inst, "/"+serial+"/download/token"), nil)
	expectStatus(t, "download token", status, body, http.StatusOK)
	var got struct{ Token string }
	decode(t, body, &got)
	if got.Token == "" {
		t.Fatal("empty download token")
	}
	return got.Token
}

func TestDownloadBundle(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "vm-9", map[string]any{"ip_addresses": []string{"10.1.1.1"}})
	token := downloadToken(t, inst, c.SerialNumber)

	status, _, body := getBody(t, inst.URL+domainPath(inst, "/vm-9/download?downloadToken="+url.QueryEscape(token)), nil)
	expectStatus(t, "download", status, body, http.StatusOK)
	var bundle struct {
		Certificate string `json:"certificate"`
		PrivateKey  string `json:"private_key"`
		CA          string `json:"ca"`
	}
	decode(t, body, &bundle)
	certPEM, err1 := base64.StdEncoding.DecodeString(bundle.Certificate)
	keyPEM, err2 := base64.StdEncoding.DecodeString(bundle.PrivateKey)
	caPEM, err3 := base64.StdEncoding.DecodeString(bundle.CA)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("bundle fields are not base64: %v %v %v", err1, err2, err3)
	}

	cert := parsePEMCertificate(t, string(certPEM))
	if cert.SerialNumber.String() != c.SerialNumber {
		t.Errorf("bundle certificate serial %s, want %s", cert.SerialNumber, c.SerialNumber)
	}
	block, _ := pem.Decode(keyPEM)
	if block == nil {
		t.Fatal("private_key holds no PEM")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if !key.(crypto.Signer).Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(cert.PublicKey) {
		t.Error("private key does not match the certificate")
	}

	var chain []*x509.Certificate
	for rest := caPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		parsed, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		chain = append(chain, parsed)
	}
	if len(chain) != 2 || !chain[0].Equal(inst.Server.Authority().Intermediate) || !chain[1].Equal(inst.Server.Authority().Root) {
		t.Fatalf("ca holds %d certificates, want intermediate then root", len(chain))
	}
	roots := x509.NewCertPool()
	roots.AddCert(chain[1])
	inters := x509.NewCertPool()
	inters.AddCert(chain[0])
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inters, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		t.Errorf("bundle chain does not verify: %v", err)
	}

	status, _, body = getBody(t, inst.URL+domainPath(inst, "/vm-9/download?downloadToken="+url.QueryEscape(token)), nil)
	expectError(t, "reuse", status, body, http.StatusUnauthorized, "already used")
}

func TestDownloadTokenRules(t *testing.T) {
	clock := newTestClock()
	inst := servertest.Start(t, servertest.WithNow(clock.Now))
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	download := func(domainID, entityID, query string) (int, []byte) {
		status, _, body := getBody(t, inst.URL+"/"+domainID+"/certs/"+entityID+"/download?"+query, nil)
		return status, body
	}

	status, body := download(inst.DomainID, "vm", "")
	expectError(t, "missing token", status, body, http.StatusUnauthorized, "missing")

	token := downloadToken(t, inst, c.SerialNumber)
	forged := []byte(token)
	forged[3] ^= 1
	status, body = download(inst.DomainID, "vm", "downloadToken="+url.QueryEscape(string(forged)))
	expectError(t, "forged token", status, body, http.StatusUnauthorized, "invalid download token")

	status, body = download("another-domain", "vm", "downloadToken="+url.QueryEscape(token))
	expectError(t, "other domain", status, body, http.StatusForbidden, "another-domain")
	status, body = download(inst.DomainID, "other-vm", "downloadToken="+url.QueryEscape(token))
	expectError(t, "other entity", status, body, http.StatusForbidden, "other-vm")

	// A rejected attempt does not use the token up; the older query name works.
	status, body = download(inst.DomainID, "vm", "token="+url.QueryEscape(token))
	expectStatus(t, "download by old query name", status, body, http.StatusOK)

	expiring := downloadToken(t, inst, c.SerialNumber)
	clock.Advance(4*time.Minute + 59*time.Second)
	status, body = download(inst.DomainID, "vm", "downloadToken="+url.QueryEscape(expiring))
	expectStatus(t, "token just before expiry", status, body, http.StatusOK)

	expired := downloadToken(t, inst, c.SerialNumber)
	clock.Advance(5 * time.Minute)
	status, body = download(inst.DomainID, "vm", "downloadToken="+url.QueryEscape(expired))
	expectError(t, "expired token", status, body, http.StatusUnauthorized, "expired")

	caToken := caDownloadToken(t, inst)
	status, body = download(inst.DomainID, "vm", "downloadToken="+url.QueryEscape(caToken))
	expectError(t, "CA token on bundle", status, body, http.StatusUnauthorized, "another kind")

	status, body = call(t, inst, "GET", domainPath(inst, "/777/download/token"), nil)
	expectError(t, "token for unknown serial", status, body, http.StatusNotFound, "777")
}

func caDownloadToken(t *testing.T, inst *servertest.Instance) string {
	t.Helper()
	status, body := call(t, inst, "GET", "/certs/get-ca/token", nil)
	expectStatus(t, "CA token", status, body, http.StatusOK)
	var got struct{ Token string }
	decode(t, body, &got)
	return got.Token
}

func TestDownloadCA(t *testing.T) {
	inst := servertest.Start(t)
	wantPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: inst.Server.Authority().Intermediate.Raw})) +
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: inst.Server.Authority().Root.Raw}))

	token := caDownloadToken(t, inst)
	status, header, body := getBody(t, inst.URL+"/certs/download-ca?token="+url.QueryEscape(token), nil)
	expectStatus(t, "CA zip", status, body, http.StatusOK)
	if header.Get("Content-Type") != "application/zip" {
		t.Errorf("content type %q", header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "ca.crt" {
		t.Fatalf("zip holds %d files, first %q; want only ca.crt", len(zr.File), zr.File[0].Name)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	inZip, _ := io.ReadAll(f)
	if string(inZip) != wantPEM {
		t.Errorf("ca.crt is not the intermediate and root PEM:\n%s", inZip)
	}

	status, _, body = getBody(t, inst.URL+"/certs/download-ca?token="+url.QueryEscape(token), nil)
	expectError(t, "CA token reuse", status, body, http.StatusUnauthorized, "already used")

	token = caDownloadToken(t, inst)
	status, header, body = getBody(t, inst.URL+"/certs/download-ca?token="+url.QueryEscape(token),
		http.Header{"Accept": {"text/html, application/x-pem-file;q=0.9"}})
	expectStatus(t, "CA PEM", status, body, http.StatusOK)
	if header.Get("Content-Type") != "application/x-pem-file" || string(body) != wantPEM {
		t.Errorf("PEM download: type %q, body %s", header.Get("Content-Type"), body)
	}

	status, _, body = getBody(t, inst.URL+"/certs/download-ca", nil)
	expectError(t, "CA without token", status, body, http.StatusUnauthorized, "missing")

	bundleToken := downloadToken(t, inst, issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}}).SerialNumber)
	status, _, body = getBody(t, inst.URL+"/certs/download-ca?token="+url.QueryEscape(bundleToken), nil)
	expectError(t, "bundle token on CA", status, body, http.StatusUnauthorized, "another kind")
}

func TestTokensAreUnique(t *testing.T) {
	inst := servertest.Start(t)
	seen := map[string]bool{}
	for range 20 {
		token := caDownloadToken(t, inst)
		if seen[token] {
			t.Fatal("a CA token repeated")
		}
		seen[token] = true
		if strings.Contains(token, inst.Token) {
			t.Fatal("a download token contains the bearer token")
		}
	}
}

func TestDownloadOfDeletedEntity(t *testing.T) {
	inst := servertest.Start(t)
	c := issue(t, inst, "cvm", "gone", map[string]any{"ip_addresses": []string{}})
	earlyToken := downloadToken(t, inst, c.SerialNumber)
	status, body := call(t, inst, "DELETE", domainPath(inst, "?entity_id=gone"), nil)
	expectStatus(t, "delete entity", status, body, http.StatusNoContent)

	status, body = call(t, inst, "GET", domainPath(inst, "/"+c.SerialNumber+"/download/token"), nil)
	expectError(t, "token after delete", status, body, http.StatusNotFound, "was deleted")

	// A token taken before the delete no longer works either.
	status, _, body = getBody(t, inst.URL+domainPath(inst, "/gone/download?downloadToken="+url.QueryEscape(earlyToken)), nil)
	expectError(t, "download after delete", status, body, http.StatusNotFound, "was deleted")

	// The certificate itself stays readable, revoked.
	status, body = call(t, inst, "GET", domainPath(inst, "/"+c.SerialNumber), nil)
	expectStatus(t, "get after delete", status, body, http.StatusOK)
	var got apiCertificate
	decode(t, body, &got)
	if !got.Revoked {
		t.Error("certificate of a deleted entity is not revoked")
	}
}
