package server_test

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// apiCertificate mirrors the certificate object of the API for decoding.
type apiCertificate struct {
	SerialNumber     string     `json:"serial_number"`
	EntityID         string     `json:"entity_id"`
	EntityType       string     `json:"entity_type"`
	Certificate      string     `json:"certificate"`
	Revoked          bool       `json:"revoked"`
	RevokedAt        *time.Time `json:"revoked_at"`
	RevocationReason string     `json:"revocation_reason"`
	IssuedAt         time.Time  `json:"issued_at"`
	ExpiryTime       time.Time  `json:"expiry_time"`
	RenewedFrom      string     `json:"renewed_from"`
}

type apiPage struct {
	Total        int              `json:"total"`
	Offset       int              `json:"offset"`
	Limit        int              `json:"limit"`
	Certificates []apiCertificate `json:"certificates"`
}

type apiError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// call sends one request with the instance's bearer token and returns the
// status and body.
func call(t testing.TB, inst *servertest.Instance, method, path string, body any) (int, []byte) {
	t.Helper()
	return callWithToken(t, inst, inst.Token, method, path, body)
}

// callWithToken is call with another bearer token; "" sends no
// Authorization header.
func callWithToken(t testing.TB, inst *servertest.Instance, token, method, path string, body any) (int, []byte) {
	t.Helper()

	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = bytes.NewBufferString(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(data)
	}

	req, err := http.NewRequest(method, inst.URL+path, reader)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// decode unmarshals a JSON body or fails the test, showing the body.
func decode(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
}

// expectStatus fails the test unless status is want, showing the label and body.
func expectStatus(t testing.TB, label string, status int, body []byte, want int) {
	t.Helper()
	if status != want {
		t.Fatalf("%s: status %d, want %d; body %s", label, status, want, body)
	}
}

// expectError checks the status and that the JSON error names want in its message.
func expectError(t testing.TB, label string, status int, body []byte, wantStatus int, wantInMessage string) {
	t.Helper()
	expectStatus(t, label, status, body, wantStatus)
	var e apiError
	decode(t, body, &e)
	if e.Error == "" {
		t.Errorf("%s: error kind empty in %s", label, body)
	}
	if !bytes.Contains([]byte(e.Message), []byte(wantInMessage)) {
		t.Errorf("%s: message %q does not name %q", label, e.Message, wantInMessage)
	}
}

// issue issues a certificate in the default domain and returns it.
func issue(t testing.TB, inst *servertest.Instance, entityType, entityID string, body any) apiCertificate {
	t.Helper()
	status, data := call(t, inst, "POST", "/"+inst.DomainID+"/certs/issue/"+entityType+"/"+entityID, body)
	expectStatus(t, "issue "+entityID, status, data, http.StatusCreated)
	var c apiCertificate
	decode(t, data, &c)
	return c
}

// parsePEMCertificate parses the single certificate of a PEM string.
func parsePEMCertificate(t testing.TB, data string) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode([]byte(data))
	if block == nil {
		t.Fatalf("no PEM block in %q", data)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// testClock is a settable clock for servertest.WithNow.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock { return &testClock{now: time.Now()} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// chainPools returns the root as a trust pool and the intermediate as an
// intermediate pool, read from the server's CA.
func chainPools(inst *servertest.Instance) (roots, intermediates *x509.CertPool) {
	roots, intermediates = x509.NewCertPool(), x509.NewCertPool()
	roots.AddCert(inst.Server.Authority().Root)
	intermediates.AddCert(inst.Server.Authority().Intermediate)
	return roots, intermediates
}

// domainPath returns "/<default domain>/certs" plus suffix.
func domainPath(inst *servertest.Instance, suffix string) string {
	return "/" + inst.DomainID + "/certs" + suffix
}

// getBody sends an unauthenticated GET and returns status, headers and body.
func getBody(t testing.TB, url string, header http.Header) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, data
}

// newTestLogger writes text logs into buf; syncWriter makes it safe for
// the server's goroutines.
func newTestLogger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(&syncWriter{w: buf}, nil))
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
