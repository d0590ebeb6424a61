package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestConcurrentIssuers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for seconds")
	}
	inst := servertest.Start(t)
	const issuers = 50
	const duration = 3 * time.Second

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: issuers}, Timeout: 30 * time.Second}
	var mu sync.Mutex
	var serials []string
	var failures []string

	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for worker := range issuers {
		wg.Go(func() {
			for n := 0; time.Now().Before(deadline); n++ {
				entity := fmt.Sprintf("worker-%02d", worker)
				body := fmt.Sprintf(`{"ip_addresses": ["10.0.%d.%d"]}`, worker, n%250)
				req, _ := http.NewRequest("POST", inst.URL+domainPath(inst, "/issue/cvm/"+entity), bytes.NewBufferString(body))
				req.Header.Set("Authorization", "Bearer "+inst.Token)
				resp, err := client.Do(req)
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					return
				}
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()

				mu.Lock()
				var c apiCertificate
				if resp.StatusCode == http.StatusCreated && json.Unmarshal(data, &c) == nil {
					serials = append(serials, c.SerialNumber)
				} else {
					failures = append(failures, fmt.Sprintf("status %d: %s", resp.StatusCode, data))
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	for _, f := range failures {
		t.Errorf("issuance failed: %s", f)
	}
	if len(serials) < issuers {
		t.Fatalf("only %d issuances in %s", len(serials), duration)
	}
	t.Logf("%d certificates issued by %d concurrent clients in %s", len(serials), issuers, duration)

	seen := map[string]bool{}
	for _, s := range serials {
		if seen[s] {
			t.Fatalf("serial %s was issued twice", s)
		}
		seen[s] = true
	}

	listed := map[string]bool{}
	total := -1
	for offset := 0; total < 0 || offset < total; offset += 1000 {
		status, body := call(t, inst, "GET", domainPath(inst, fmt.Sprintf("?limit=1000&offset=%d", offset)), nil)
		expectStatus(t, "list", status, body, http.StatusOK)
		var page apiPage
		decode(t, body, &page)
		total = page.Total
		for _, c := range page.Certificates {
			listed[c.SerialNumber] = true
		}
	}
	if total != len(serials) {
		t.Errorf("list total %d, want the %d issued", total, len(serials))
	}
	for _, s := range serials {
		if !listed[s] {
			t.Errorf("issued serial %s is not listed", s)
		}
	}
}
