package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/store"
)

// buildBinary compiles the certs-tui command into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH, so the binary cannot be built")
	}
	bin := filepath.Join(t.TempDir(), "certs-tui")
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/certs-tui/certs-tui/cmd/certs-tui").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// freeAddr returns a 127.0.0.1 address whose port was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveProcess is a running "certs-tui serve" child process.
type serveProcess struct {
	cmd    *exec.Cmd
	url    string
	stderr *syncWriter
	buf    *bytes.Buffer
	exited chan struct{} // closed when the process has exited
	err    error         // the result of Wait, set before exited is closed
}

func startServe(t *testing.T, bin, dir, token string) *serveProcess {
	t.Helper()
	addr := freeAddr(t)
	buf := &bytes.Buffer{}
	p := &serveProcess{url: "http://" + addr, buf: buf, stderr: &syncWriter{w: buf}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve", "--addr", addr, "--data", dir, "--token", token)
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			p.cmd.Process.Kill()
			<-p.exited
		}
	})

	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get(p.url + "/health")
		if err == nil {
			resp.Body.Close()
			return p
		}
	}
	t.Fatalf("serve did not answer /health within 20s; stderr:\n%s", p.log())
	return nil
}

func (p *serveProcess) log() string {
	p.stderr.mu.Lock()
	defer p.stderr.mu.Unlock()
	return p.buf.String()
}

// request sends an authenticated request to the child process.
func (p *serveProcess) request(ctx context.Context, token, method, path, body string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, p.url+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

func TestKillDuringIssuanceKeepsCommitted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	const token = "crash-test-token-0123456789"
	first := startServe(t, bin, dir, token)

	_, body, err := first.request(context.Background(), token, "GET", "/domains", "")
	if err != nil {
		t.Fatal(err)
	}
	var domains apiDomainPage
	decode(t, body, &domains)
	domainID := domains.Domains[0].ID

	var mu sync.Mutex
	var confirmed []string
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for worker := range 8 {
		wg.Go(func() {
			for ctx.Err() == nil {
				path := fmt.Sprintf("/%s/certs/issue/cvm/crash-%d", domainID, worker)
				status, data, err := first.request(ctx, token, "POST", path, `{"ip_addresses": ["10.0.0.1"]}`)
				if err != nil {
					return // the server is gone
				}
				var c apiCertificate
				if status == http.StatusCreated && json.Unmarshal(data, &c) == nil {
					mu.Lock()
					confirmed = append(confirmed, c.SerialNumber)
					mu.Unlock()
				}
			}
		})
	}

	// Kill in the middle of the stream, once some issuances have landed.
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(confirmed)
		mu.Unlock()
		if n >= 100 {
			break
		}
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-first.exited
	cancel()
	wg.Wait()
	if len(confirmed) == 0 {
		t.Fatalf("no issuance succeeded before the kill; stderr:\n%s", first.log())
	}

	second := startServe(t, bin, dir, token)
	listed := map[string]bool{}
	total := -1
	for offset := 0; total < 0 || offset < total; offset += 1000 {
		status, body, err := second.request(context.Background(), token, "GET", fmt.Sprintf("/%s/certs?limit=1000&offset=%d", domainID, offset), "")
		if err != nil || status != http.StatusOK {
			t.Fatalf("list after restart: %d %v %s", status, err, body)
		}
		var page apiPage
		decode(t, body, &page)
		total = page.Total
		for _, c := range page.Certificates {
			listed[c.SerialNumber] = true
		}
	}
	for _, serial := range confirmed {
		if !listed[serial] {
			t.Errorf("certificate %s was confirmed with 201 but is gone after kill -9", serial)
		}
	}
	t.Logf("%d confirmed issuances before kill -9, %d listed after restart", len(confirmed), total)

	// SIGTERM stops the second run cleanly, with exit status 0, and so does
	// SIGINT a third run.
	stopWith(t, second, syscall.SIGTERM)
	third := startServe(t, bin, dir, token)
	stopWith(t, third, syscall.SIGINT)
	if strings.Contains(second.log(), token) {
		t.Error("the server log contains the bearer token")
	}

	st, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("open the store after the crash: %v", err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

// stopWith sends sig to a serve process and expects exit status 0 within 30 seconds.
func stopWith(t *testing.T, p *serveProcess, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			t.Errorf("serve after %v: %v; stderr:\n%s", sig, p.err, p.log())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not exit within 30s of %v", sig)
	}
	if !strings.Contains(p.log(), "msg=stopped") {
		t.Errorf("serve did not log its stop after %v:\n%s", sig, p.log())
	}
}
