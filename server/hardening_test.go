package server_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
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
	var logs bytes.Buffer
	inst := servertest.Start(t, servertest.WithLogger(newTestLogger(&logs)))
	var path string
	for _, size := range []int{9 << 10, 100 << 10} {
		path = domainPath(inst, "/issue/cvm/"+strings.Repeat("e", size))
		status, body := callWithToken(t, inst, "", "POST", path, map[string]any{"ip_addresses": []string{}})
		expectError(t, "long path", status, body, http.StatusRequestURITooLong, "exceeds the 8192 bytes this server accepts")
		if !strings.Contains(string(body), "request path of") {
			t.Errorf("long path: message does not name the path: %s", body)
		}
	}
	inst.Stop()

	// The log keeps the start and the length of a long path, so that
	// clients without a token cannot fill it.
	for line := range strings.Lines(logs.String()) {
		if len(line) > 1024 {
			t.Errorf("log line of %d bytes: %.200s...", len(line), line)
		}
	}
	if want := fmt.Sprintf("... (%d bytes)", len(path)); !strings.Contains(logs.String(), want) {
		t.Errorf("log does not give the length of the 100 KiB path:\n%.2000s", logs.String())
	}
}

func TestLongQueryIsJSON414(t *testing.T) {
	inst := servertest.Start(t)
	status, body := call(t, inst, "GET", "/health?q="+strings.Repeat("q", 9000), nil)
	expectError(t, "long query", status, body, http.StatusRequestURITooLong, "request query of 9002 bytes")
}

func TestHugeHeadersAre431(t *testing.T) {
	inst := servertest.Start(t)
	req, err := http.NewRequest("GET", inst.URL+"/health", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Filler", strings.Repeat("h", 200<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("200 KiB of headers: status %d, want 431", resp.StatusCode)
	}
}

func TestConnectIsJSON404(t *testing.T) {
	inst := servertest.Start(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(inst.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	expectError(t, "CONNECT", resp.StatusCode, body, http.StatusNotFound, "not a proxy")
}
