package client

import (
	"errors"
	"math/big"
	"net/http"
	"strings"
	"testing"
)

// downloadHandler returns a download token for any serial and then the
// given bundle, as the hosted API does when it downloads by entity.
func downloadHandler(t *testing.T, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/download/token"):
			_, _ = w.Write([]byte(`{"token":"dl-1"}`))
		case r.URL.Path == "/d1/certs/vm-1/download":
			_, _ = w.Write(body)
		default:
			t.Errorf("unexpected request %s", r.URL)
			http.NotFound(w, r)
		}
	})
}

func TestDownloadSerialMatches(t *testing.T) {
	pki := newTestPKI(t)
	c, _ := newTestClient(t, downloadHandler(t, jsonBundle(t, pki.leafPEM, pki.keyPEM, pki.chainPEM)))

	b, err := c.Certs.DownloadSerial(testContext(t), "d1", pki.leaf.SerialNumber.String(), "vm-1")
	if err != nil {
		t.Fatalf("DownloadSerial: %v", err)
	}
	if !b.Certificate.Equal(pki.leaf) {
		t.Error("the bundle's certificate is not the requested one")
	}
}

func TestDownloadSerialRejectsOtherCertificate(t *testing.T) {
	pki := newTestPKI(t)
	c, _ := newTestClient(t, downloadHandler(t, jsonBundle(t, pki.leafPEM, pki.keyPEM, pki.chainPEM)))
	requested := new(big.Int).Add(pki.leaf.SerialNumber, big.NewInt(1)).String()

	b, err := c.Certs.DownloadSerial(testContext(t), "d1", requested, "vm-1")
	if !errors.Is(err, ErrBundleMismatch) {
		t.Fatalf("DownloadSerial error = %v, want ErrBundleMismatch", err)
	}
	if b.Certificate != nil || b.PrivateKeyPEM != nil {
		t.Error("a mismatched bundle was returned")
	}
	for _, serial := range []string{requested, pki.leaf.SerialNumber.String()} {
		if !strings.Contains(err.Error(), serial) {
			t.Errorf("error %q does not name serial %s", err, serial)
		}
	}
}

func TestSerialEqualsForms(t *testing.T) {
	serial := big.NewInt(0x291)
	cases := []struct {
		text string
		want bool
	}{
		{"657", true},
		{" 657 ", true},
		{"291", false}, // digits alone are decimal, never hexadecimal
		{"0x291", true},
		{"02:91", true},
		{"2A1", false},
		{"", false},
		{"not a serial", false},
	}
	for _, tc := range cases {
		if got := serialEquals(tc.text, serial); got != tc.want {
			t.Errorf("serialEquals(%q, 0x291) = %t, want %t", tc.text, got, tc.want)
		}
	}
}
