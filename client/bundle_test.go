package client

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"io/fs"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// zipEntry is one entry of a test archive.
type zipEntry struct {
	name string
	data []byte
	mode fs.FileMode
}

func buildZip(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		header := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			header.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(header)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}

	return buf.Bytes()
}

func jsonBundle(t *testing.T, certPEM, keyPEM, caPEM []byte) []byte {
	t.Helper()
	body, err := json.Marshal(map[string]string{
		"certificate": base64.StdEncoding.EncodeToString(certPEM),
		"private_key": base64.StdEncoding.EncodeToString(keyPEM),
		"ca":          base64.StdEncoding.EncodeToString(caPEM),
	})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestDownloadBundleShapes(t *testing.T) {
	pki := newTestPKI(t)

	shapes := map[string]struct {
		contentType string
		body        []byte
	}{
		"json": {"application/json", jsonBundle(t, pki.leafPEM, pki.keyPEM, pki.chainPEM)},
		"zip with ca.pem": {"application/zip", buildZip(t,
			zipEntry{name: "cert.pem", data: pki.leafPEM},
			zipEntry{name: "key.pem", data: pki.keyPEM},
			zipEntry{name: "ca.pem", data: pki.chainPEM})},
		"zip with ca.crt": {"application/octet-stream", buildZip(t,
			zipEntry{name: "ca.crt", data: pki.chainPEM},
			zipEntry{name: "key.pem", data: pki.keyPEM},
			zipEntry{name: "cert.pem", data: pki.leafPEM})},
	}

	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/d1/certs/vm-1/download" || r.URL.Query().Get("downloadToken") != "dl-1" {
					t.Errorf("request %s", r.URL)
				}
				w.Header().Set("Content-Type", shape.contentType)
				_, _ = w.Write(shape.body)
			}))

			b, err := c.Certs.Download(testContext(t), "d1", "vm-1", "dl-1")

			if err != nil {
				t.Fatalf("Download: %v", err)
			}
			if !bytes.Equal(b.PrivateKeyPEM, pki.keyPEM) || !bytes.Equal(b.CertificatePEM, pki.leafPEM) || !bytes.Equal(b.CAPEM, pki.chainPEM) {
				t.Error("the bundle PEMs differ from what was sent")
			}
			if !b.Certificate.Equal(pki.leaf) {
				t.Error("Certificate is not the leaf")
			}
			if len(b.Chain) != 2 || !b.Chain[0].Equal(pki.inter) || !b.Chain[1].Equal(pki.root) {
				t.Errorf("Chain has %d certificates, want intermediate then root", len(b.Chain))
			}
		})
	}
}

func TestBundleHostileZipRejected(t *testing.T) {
	pki := newTestPKI(t)
	good := []zipEntry{
		{name: "cert.pem", data: pki.leafPEM},
		{name: "key.pem", data: pki.keyPEM},
		{name: "ca.pem", data: pki.chainPEM},
	}

	tests := map[string][]zipEntry{
		"parent path":   append(good[:2:2], zipEntry{name: "../ca.pem", data: pki.chainPEM}),
		"absolute path": append(good[:2:2], zipEntry{name: "/etc/ca.pem", data: pki.chainPEM}),
		"extra entry":   append(good[:3:3], zipEntry{name: "run.sh", data: []byte("#!/bin/sh")}),
		"folder prefix": append(good[:2:2], zipEntry{name: "out/ca.pem", data: pki.chainPEM}),
		"symlink":       append(good[:2:2], zipEntry{name: "ca.pem", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}),
		"duplicate":     append(good[:3:3], zipEntry{name: "key.pem", data: pki.keyPEM}),
		"directory":     append(good[:3:3], zipEntry{name: "key.pem/", mode: fs.ModeDir | 0o755}),
		"oversize":      append(good[:2:2], zipEntry{name: "ca.pem", data: bytes.Repeat([]byte("A"), maxZipEntry+1)}),
	}

	for name, entries := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := decodeBundle(buildZip(t, entries...))
			if !errors.Is(err, ErrInvalidBundle) {
				t.Errorf("error = %v, want ErrInvalidBundle", err)
			}
		})
	}
}

func TestBundleChecksNameTheFailure(t *testing.T) {
	pki := newTestPKI(t)
	other := newTestPKI(t)
	strangerKey := keyPEM(t, newKey(t))

	tests := []struct {
		name              string
		cert, key, ca     []byte
		wantErrSubstrings string
	}{
		{"key mismatch", pki.leafPEM, strangerKey, pki.chainPEM, "does not match"},
		{"foreign CA", pki.leafPEM, pki.keyPEM, other.chainPEM, "does not chain"},
		{"bad certificate PEM", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), pki.keyPEM, pki.chainPEM, "does not parse"},
		{"key in certificate", pki.keyPEM, pki.keyPEM, pki.chainPEM, "PRIVATE KEY"},
		{"missing key", pki.leafPEM, nil, pki.chainPEM, "private key is missing"},
		{"garbage CA", pki.leafPEM, pki.keyPEM, []byte("hello"), "no PEM certificate"},
		{"trailing data", pki.leafPEM, pki.keyPEM, append(pki.chainPEM, "junk"...), "data after"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := verifyBundle(tt.cert, tt.key, tt.ca)
			if !errors.Is(err, ErrInvalidBundle) {
				t.Fatalf("error = %v, want ErrInvalidBundle", err)
			}
			if !strings.Contains(err.Error(), tt.wantErrSubstrings) {
				t.Errorf("error %q does not contain %q", err, tt.wantErrSubstrings)
			}
		})
	}
}

func TestBundleJSONFields(t *testing.T) {
	pki := newTestPKI(t)

	unpadded := []byte(`{"certificate":"` + base64.RawStdEncoding.EncodeToString(pki.leafPEM) +
		`","private_key":"` + base64.RawStdEncoding.EncodeToString(pki.keyPEM) +
		`","ca":"` + base64.RawStdEncoding.EncodeToString(pki.chainPEM) + `"}`)
	if _, err := decodeBundle(unpadded); err != nil {
		t.Errorf("unpadded base64: %v", err)
	}

	missing := []byte(`{"certificate":"` + base64.StdEncoding.EncodeToString(pki.leafPEM) + `"}`)
	if _, err := decodeBundle(missing); err == nil || !strings.Contains(err.Error(), "private_key") {
		t.Errorf("missing field: error = %v, want one naming private_key", err)
	}

	if _, err := decodeBundle([]byte("<html>login</html>")); !errors.Is(err, ErrInvalidBundle) {
		t.Errorf("HTML body: error = %v, want ErrInvalidBundle", err)
	}
}

func TestCADownloadShapes(t *testing.T) {
	pki := newTestPKI(t)

	bodies := map[string][]byte{
		"pem":         pki.chainPEM,
		"zip ca.crt":  buildZip(t, zipEntry{name: "ca.crt", data: pki.chainPEM}),
		"zip ca.pem":  buildZip(t, zipEntry{name: "ca.pem", data: pki.chainPEM}),
		"root only":   certPEM(pki.root),
		"issuer only": certPEM(pki.inter),
	}

	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/certs/download-ca" || r.URL.Query().Get("token") != "ca-1" {
					t.Errorf("request %s", r.URL)
				}
				_, _ = w.Write(body)
			}))

			chain, err := c.CA.Download(testContext(t), "ca-1")

			if err != nil {
				t.Fatalf("Download: %v", err)
			}
			if len(chain.Certificates) == 0 || !bytes.Contains(pki.chainPEM, chain.PEM) {
				t.Errorf("chain has %d certificates and PEM %q", len(chain.Certificates), chain.PEM)
			}
		})
	}
}

func TestCADownloadRefusesLeaf(t *testing.T) {
	pki := newTestPKI(t)
	if _, err := decodeCAChain(pki.leafPEM); !errors.Is(err, ErrInvalidBundle) {
		t.Errorf("a leaf certificate as CA: error = %v, want ErrInvalidBundle", err)
	}
	if _, err := decodeCAChain(buildZip(t, zipEntry{name: "../ca.crt", data: pki.chainPEM})); !errors.Is(err, ErrInvalidBundle) {
		t.Errorf("a hostile zip entry: error = %v, want ErrInvalidBundle", err)
	}
}

func TestCRLFormats(t *testing.T) {
	pki := newTestPKI(t)
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number:     big.NewInt(3),
		ThisUpdate: time.Now().Add(-time.Minute),
		NextUpdate: time.Now().Add(time.Hour),
		RevokedCertificateEntries: []x509.RevocationListEntry{
			{SerialNumber: pki.leaf.SerialNumber, RevocationTime: time.Now().Add(-time.Minute), ReasonCode: 1},
		},
	}, pki.inter, pki.interKey)
	if err != nil {
		t.Fatal(err)
	}

	for name, body := range map[string][]byte{
		"der": der,
		"pem": pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}),
	} {
		t.Run(name, func(t *testing.T) {
			c, _ := newTestClient(t, respondWith(t, "GET", "/certs/crl", 200, string(body)))

			crl, err := c.CA.CRL(testContext(t))

			if err != nil {
				t.Fatalf("CRL: %v", err)
			}
			if err := crl.CheckSignatureFrom(pki.inter); err != nil {
				t.Errorf("CRL signature: %v", err)
			}
			if len(crl.RevokedCertificateEntries) != 1 || crl.RevokedCertificateEntries[0].SerialNumber.Cmp(pki.leaf.SerialNumber) != 0 {
				t.Errorf("CRL entries = %+v", crl.RevokedCertificateEntries)
			}
		})
	}

	c, _ := newTestClient(t, respondWith(t, "GET", "/certs/crl", 200, "<html>"))
	if _, err := c.CA.CRL(testContext(t)); err == nil {
		t.Error("an HTML CRL was accepted")
	}
}

func TestOCSPStatuses(t *testing.T) {
	pki := newTestPKI(t)
	revokedAt := time.Now().Add(-time.Hour).Truncate(time.Second)

	tests := []struct {
		name     string
		template ocsp.Response
		want     OCSPStatus
	}{
		{"good", ocsp.Response{Status: ocsp.Good}, OCSPStatus{Status: OCSPGood}},
		{"revoked", ocsp.Response{Status: ocsp.Revoked, RevokedAt: revokedAt, RevocationReason: ocsp.KeyCompromise},
			OCSPStatus{Status: OCSPRevoked, RevokedAt: revokedAt.UTC(), Reason: "key_compromise"}},
		{"unknown", ocsp.Response{Status: ocsp.Unknown}, OCSPStatus{Status: OCSPUnknown}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			thisUpdate := time.Now().Add(-time.Minute).Truncate(time.Minute)
			c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != "POST" || r.URL.Path != "/certs/ocsp" || r.Header.Get("Content-Type") != "application/ocsp-request" {
					t.Errorf("request %s %s %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
				}
				body, _ := io.ReadAll(r.Body)
				req, err := ocsp.ParseRequest(body)
				if err != nil {
					t.Errorf("OCSP request: %v", err)
					return
				}

				tmpl := tt.template
				tmpl.SerialNumber = req.SerialNumber
				tmpl.ThisUpdate = thisUpdate
				tmpl.NextUpdate = thisUpdate.Add(time.Hour)
				der, err := ocsp.CreateResponse(pki.inter, pki.inter, tmpl, pki.interKey)
				if err != nil {
					t.Errorf("OCSP response: %v", err)
					return
				}
				w.Header().Set("Content-Type", "application/ocsp-response")
				_, _ = w.Write(der)
			}))

			got, err := c.CA.OCSP(testContext(t), pki.leaf, pki.inter)

			if err != nil {
				t.Fatalf("OCSP: %v", err)
			}
			want := tt.want
			want.ThisUpdate, want.NextUpdate = thisUpdate.UTC(), thisUpdate.Add(time.Hour).UTC()
			if got.Status != want.Status || got.Reason != want.Reason || !got.RevokedAt.Equal(want.RevokedAt) ||
				!got.ThisUpdate.Equal(want.ThisUpdate) || !got.NextUpdate.Equal(want.NextUpdate) {
				t.Errorf("OCSP = %+v, want %+v", got, want)
			}
		})
	}
}

func TestOCSPForgedResponseRejected(t *testing.T) {
	pki := newTestPKI(t)
	forger := newTestPKI(t)
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		der, err := ocsp.CreateResponse(forger.inter, forger.inter, ocsp.Response{
			Status: ocsp.Good, SerialNumber: pki.leaf.SerialNumber, ThisUpdate: time.Now(),
		}, forger.interKey)
		if err != nil {
			t.Error(err)
		}
		_, _ = w.Write(der)
	}))

	if _, err := c.CA.OCSP(testContext(t), pki.leaf, pki.inter); err == nil {
		t.Error("an OCSP response signed by another CA was accepted")
	}
}

func TestReasonName(t *testing.T) {
	if got := ReasonName(ocsp.CessationOfOperation); got != "cessation_of_operation" {
		t.Errorf("ReasonName(5) = %q", got)
	}
	if got := ReasonName(42); got != "reason_42" {
		t.Errorf("ReasonName(42) = %q", got)
	}
}
