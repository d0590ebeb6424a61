package server_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestBodyLimit(t *testing.T) {
	inst := servertest.Start(t)
	big := `{"ip_addresses": [], "common_name": "` + strings.Repeat("x", 1<<20) + `"}`
	status, body := call(t, inst, "POST", domainPath(inst, "/issue/cvm/vm"), big)
	expectError(t, "oversized body", status, body, http.StatusRequestEntityTooLarge, "larger than 1048576 bytes")
}

func TestUnknownPathIsJSON404(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "GET", "/no/such/call/here", nil)
	expectError(t, "unknown path", status, body, http.StatusNotFound, "/no/such/call/here")
}

func TestRequestIDHeader(t *testing.T) {
	inst := servertest.Start(t)
	_, header, _ := getBody(t, inst.URL+"/health", nil)
	if len(header.Get("X-Request-Id")) != 16 {
		t.Errorf("X-Request-Id %q, want 16 hex digits", header.Get("X-Request-Id"))
	}
}

func TestLogsCarryNoSecrets(t *testing.T) {
	var logs bytes.Buffer
	inst := servertest.Start(t, servertest.WithLogger(newTestLogger(&logs)))
	c := issue(t, inst, "cvm", "vm", map[string]any{"ip_addresses": []string{}})
	token := downloadToken(t, inst, c.SerialNumber)
	status, _, body := getBody(t, inst.URL+domainPath(inst, "/vm/download?downloadToken="+token), nil)
	expectStatus(t, "download", status, body, http.StatusOK)
	inst.Stop()

	out := logs.String()
	for _, secret := range []string{inst.Token, token, "PRIVATE KEY"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains a secret %.12q...", secret)
		}
	}
	for _, field := range []string{"method=GET", "status=200", "duration=", "request_id=", "path=/" + inst.DomainID + "/certs/vm/download"} {
		if !strings.Contains(out, field) {
			t.Errorf("access log lacks %q:\n%s", field, out)
		}
	}
}

func TestStopFinishesInFlightRequest(t *testing.T) {
	// RSA-3072 key generation takes long enough for the request to be in
	// flight when Stop begins.
	inst := servertest.Start(t, servertest.WithKeyAlgorithm("rsa-3072"))
	type result struct {
		status int
		body   []byte
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("POST", inst.URL+domainPath(inst, "/issue/cvm/slow"), strings.NewReader(`{"ip_addresses": []}`))
		req.Header.Set("Authorization", "Bearer "+inst.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{body: []byte(err.Error())}
			return
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		done <- result{status: resp.StatusCode, body: buf.Bytes()}
	}()

	time.Sleep(100 * time.Millisecond)
	inst.Stop()
	got := <-done
	expectStatus(t, "issuance in flight at stop", got.status, got.body, http.StatusCreated)
}

func TestDotSegmentsAreJSON400(t *testing.T) {
	inst := servertest.Start(t)
	cases := map[string]string{
		"entity ID ..":       domainPath(inst, "/issue/cvm/.."),
		"entity ID .":        domainPath(inst, "/issue/cvm/."),
		"encoded ..":         domainPath(inst, "/issue/cvm/%2e%2e"),
		"domain ID ..":       "/../certs/issue/cvm/vm",
		"empty segment":      "/" + inst.DomainID + "//certs",
		"download entity ..": domainPath(inst, "/../download?downloadToken=x"),
	}
	for label, path := range cases {
		t.Run(label, func(t *testing.T) {
			method := "POST"
			if strings.Contains(path, "download") || strings.HasSuffix(path, "//certs") {
				method = "GET"
			}
			status, body := call(t, inst, method, path, map[string]any{"ip_addresses": []string{}})
			expectError(t, label, status, body, http.StatusBadRequest, "invalid path")
		})
	}
}

func TestTrailingSlashIsJSON404(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "GET", "/domains/", nil)
	expectError(t, "trailing slash", status, body, http.StatusNotFound, "/domains/")
}

func TestListRejectsDotEntityFilter(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "GET", domainPath(inst, "?entity_id=.."), nil)
	expectError(t, "entity_id ..", status, body, http.StatusBadRequest, `".."`)
}

func TestLongPathIsJSON414(t *testing.T) {
	inst := servertest.Start(t)
	for _, size := range []int{9 << 10, 100 << 10} {
		path := domainPath(inst, "/issue/cvm/"+strings.Repeat("e", size))
		status, body := call(t, inst, "POST", path, map[string]any{"ip_addresses": []string{}})
		expectError(t, "long path", status, body, http.StatusRequestURITooLong, "exceed the 8192 this server accepts")
	}
}
