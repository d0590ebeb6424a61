package client

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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

// singleUseTokenServer mints a new download token on each token call and
// accepts each token once, as the local server does. The first download
// request is read and then its connection is dropped, so its token is spent
// without a response.
type singleUseTokenServer struct {
	t      *testing.T
	bundle []byte
	chain  []byte // the CA chain PEM that GET /certs/download-ca returns

	mu        sync.Mutex
	minted    int
	spent     map[string]bool
	downloads []string // the token of each download request, in order
}

func (s *singleUseTokenServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/download/token"), r.URL.Path == "/certs/get-ca/token":
		s.minted++
		_, _ = fmt.Fprintf(w, `{"token":"dl-%d"}`, s.minted)
	case r.URL.Path == "/d1/certs/vm-1/download", r.URL.Path == "/certs/download-ca":
		token := r.URL.Query().Get("downloadToken") + r.URL.Query().Get("token")
		s.downloads = append(s.downloads, token)
		if s.spent[token] {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"unauthorized","message":"download token already used"}`))
			return
		}
		s.spent[token] = true
		if len(s.downloads) == 1 {
			dropConnection(s.t, w, r)
			return
		}
		if r.URL.Path == "/certs/download-ca" {
			w.Header().Set("Content-Type", "application/x-pem-file")
			_, _ = w.Write(s.chain)
			return
		}
		_, _ = w.Write(s.bundle)
	default:
		s.t.Errorf("unexpected request %s", r.URL)
		http.NotFound(w, r)
	}
}

func TestDownloadSerialRetriesWithFreshToken(t *testing.T) {
	for _, keepAlive := range []bool{true, false} {
		t.Run(fmt.Sprintf("keep-alive=%t", keepAlive), func(t *testing.T) {
			testDownloadRetry(t, keepAlive)
		})
	}
}

// testDownloadRetry drops the first download. With keep-alive, Go's
// transport replays it on the reused connection; without, the client's
// GET retry repeats it. Either way the spent token must be replaced.
func testDownloadRetry(t *testing.T, keepAlive bool) {
	pki := newTestPKI(t)
	srv := &singleUseTokenServer{t: t, bundle: jsonBundle(t, pki.leafPEM, pki.keyPEM, pki.chainPEM), spent: map[string]bool{}}
	c, front := newTestClient(t, srv)
	front.Config.SetKeepAlivesEnabled(keepAlive)

	b, err := c.Certs.DownloadSerial(testContext(t), "d1", pki.leaf.SerialNumber.String(), "vm-1")
	if err != nil {
		t.Fatalf("DownloadSerial after a dropped connection: %v", err)
	}
	if !b.Certificate.Equal(pki.leaf) {
		t.Error("the bundle's certificate is not the requested one")
	}

	srv.mu.Lock()
	defer srv.mu.Unlock()
	// Go's transport may replay the dropped request once with dl-1; the
	// download that succeeds must carry a token minted after the drop.
	if last := srv.downloads[len(srv.downloads)-1]; last != "dl-2" {
		t.Errorf("download requests used tokens %v, want the last one to be the fresh dl-2", srv.downloads)
	}
	if len(srv.downloads) > 3 {
		t.Errorf("%d download requests for one bundle (%v), want at most 3", len(srv.downloads), srv.downloads)
	}
}

func TestCAChainRetriesWithFreshToken(t *testing.T) {
	pki := newTestPKI(t)
	srv := &singleUseTokenServer{t: t, chain: pki.chainPEM, spent: map[string]bool{}}
	c, _ := newTestClient(t, srv)

	chain, err := c.CA.Chain(testContext(t))
	if err != nil {
		t.Fatalf("CA chain after a dropped connection: %v", err)
	}
	if !bytes.Equal(chain.PEM, pki.chainPEM) {
		t.Error("the chain differs from the one served")
	}

	srv.mu.Lock()
	defer srv.mu.Unlock()
	if last := srv.downloads[len(srv.downloads)-1]; last != "dl-2" {
		t.Errorf("CA downloads used tokens %v, want the last one to be the fresh dl-2", srv.downloads)
	}
}

func TestDownloadSerialKeepsPlain401(t *testing.T) {
	var tokenCalls atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/download/token") {
			tokenCalls.Add(1)
			_, _ = w.Write([]byte(`{"token":"dl-1"}`))
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"unauthorized","message":"download token expired"}`))
	}))

	_, err := c.Certs.DownloadSerial(testContext(t), "d1", "7", "vm-1")
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("DownloadSerial error = %v, want ErrUnauthorized", err)
	}
	if errors.Is(err, errTokenSpent) {
		t.Errorf("a 401 of a request sent once is reported as a spent token: %v", err)
	}
	if got := tokenCalls.Load(); got != 1 {
		t.Errorf("%d token calls after a plain 401, want 1 (no retry)", got)
	}
}
