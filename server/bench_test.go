package server_test

import (
	"bytes"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/server"
	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// benchParallelism is the number of concurrent issuers in both halves of
// BenchmarkIssuance, so the HTTP and bare rates are compared at equal load.
const benchParallelism = 4

// issuanceRound is how many issuances each loop of BenchmarkIssuance runs
// before the other loop takes its turn.
const issuanceRound = 200

// runConcurrently calls op n times from benchParallelism goroutines and
// returns the elapsed time and the CPU time the process used meanwhile.
func runConcurrently(b *testing.B, n int, op func() error) (elapsed, cpu time.Duration) {
	b.Helper()
	var next atomic.Int64
	var failed atomic.Value
	cpuStart := processCPU(b)
	start := time.Now()
	var wg sync.WaitGroup
	for range benchParallelism {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				if err := op(); err != nil {
					failed.Store(err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed = time.Since(start)
	cpu = processCPU(b) - cpuStart
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	return elapsed, cpu
}

// BenchmarkIssuance compares leaf issuance through HTTP (key generation,
// signing, sealing the key, the SQLite commit and the HTTP round trip)
// with bare key generation plus signing by the same CA, in the same run.
// ns/op covers both loops.
func BenchmarkIssuance(b *testing.B) {
	for _, algorithm := range []string{ca.ECDSAP256, ca.Ed25519, ca.RSA2048} {
		b.Run(algorithm, func(b *testing.B) {
			inst := servertest.Start(b, servertest.WithKeyAlgorithm(algorithm))
			authority := inst.Server.Authority()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchParallelism}}
			url := inst.URL + "/" + inst.DomainID + "/certs/issue/cvm/bench"

			bareIssue := func() error {
				key, err := ca.NewKey(algorithm)
				if err != nil {
					return err
				}
				serial, err := ca.NewSerial()
				if err != nil {
					return err
				}
				_, err = authority.Issue(ca.LeafRequest{
					Serial: serial, Subject: pkix.Name{CommonName: "bench"}, TTL: time.Hour,
					PublicKey: key.Public(), Now: time.Now(),
				})
				return err
			}
			httpIssue := func() error {
				req, _ := http.NewRequest("POST", url, strings.NewReader(`{"ip_addresses": ["10.0.0.1"]}`))
				req.Header.Set("Authorization", "Bearer "+inst.Token)
				resp, err := client.Do(req)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				io.Copy(io.Discard, resp.Body)
				if resp.StatusCode != http.StatusCreated {
					return fmt.Errorf("issue: status %d", resp.StatusCode)
				}
				return nil
			}

			// The two loops alternate in rounds, so a change in the load of
			// the machine hits both rates alike.
			var bare, viaHTTP, bareCPU, httpCPU time.Duration
			for done := 0; done < b.N; done += issuanceRound {
				n := min(issuanceRound, b.N-done)
				elapsed, cpu := runConcurrently(b, n, bareIssue)
				bare, bareCPU = bare+elapsed, bareCPU+cpu
				elapsed, cpu = runConcurrently(b, n, httpIssue)
				viaHTTP, httpCPU = viaHTTP+elapsed, httpCPU+cpu
			}

			httpRate := float64(b.N) / viaHTTP.Seconds()
			bareRate := float64(b.N) / bare.Seconds()
			b.ReportMetric(httpRate, "http-issues/s")
			b.ReportMetric(bareRate, "bare-issues/s")
			b.ReportMetric(httpRate/bareRate, "ratio")
			// The client's share of the CPU counts too: it runs in this
			// process, as it shares the machine in the rates.
			b.ReportMetric(float64(httpCPU.Microseconds())/float64(b.N), "http-cpu-µs/issue")
			b.ReportMetric(float64(bareCPU.Microseconds())/float64(b.N), "bare-cpu-µs/issue")
		})
	}
}

// BenchmarkRoundTrip measures the HTTP share of an issuance: the CPU time
// of a GET /health round trip, client and server, at the load of
// BenchmarkIssuance. Next to bare-cpu-µs/issue it bounds the ratio that
// any issuance through HTTP can reach on this machine.
func BenchmarkRoundTrip(b *testing.B) {
	inst := servertest.Start(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchParallelism}}
	url := inst.URL + "/health"
	get := func() error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("health: status %d", resp.StatusCode)
		}
		return nil
	}

	b.ResetTimer()
	elapsed, cpu := runConcurrently(b, b.N, get)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "requests/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/request")
}

// latencyPercentiles times GET requests of path and reports the median
// and the 99th percentile in milliseconds.
func latencyPercentiles(b *testing.B, inst *servertest.Instance, path string, wantEntries int) {
	client := &http.Client{}
	durations := make([]time.Duration, 0, b.N)
	var body bytes.Buffer
	for b.Loop() {
		req, _ := http.NewRequest("GET", inst.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+inst.Token)
		body.Reset()
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, err = body.ReadFrom(resp.Body)
		resp.Body.Close()
		durations = append(durations, time.Since(start))
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: status %d, %v", path, resp.StatusCode, err)
		}
		if got := bytes.Count(body.Bytes(), []byte(`"serial_number"`)); got != wantEntries {
			b.Fatalf("GET %s: %d entries, want %d", path, got, wantEntries)
		}
	}
	slices.Sort(durations)
	percentile := func(p float64) float64 {
		i := int(float64(len(durations)-1) * p)
		return float64(durations[i].Microseconds()) / 1000
	}
	b.ReportMetric(percentile(0.5), "median-ms")
	b.ReportMetric(percentile(0.99), "p99-ms")
}

// BenchmarkListPage measures list pages of 50 over HTTP with 100,000
// certificates in one domain. Seeding takes several seconds before the
// first figure.
func BenchmarkListPage(b *testing.B) {
	inst := servertest.Start(b)
	inst.Seed(inst.DomainID, 100_000)
	base := "/" + inst.DomainID + "/certs?limit=50"
	entity := fmt.Sprintf("seed-%04d", 42)
	perEntity := 100_000 / server.SeedEntities

	b.Run("offset=0", func(b *testing.B) { latencyPercentiles(b, inst, base+"&offset=0", 50) })
	b.Run("offset=90000", func(b *testing.B) { latencyPercentiles(b, inst, base+"&offset=90000", 50) })
	b.Run("entity/offset=0", func(b *testing.B) { latencyPercentiles(b, inst, base+"&entity_id="+entity, 50) })
	b.Run("entity/offset=900", func(b *testing.B) {
		latencyPercentiles(b, inst, base+"&offset=900&entity_id="+entity, min(50, perEntity-900))
	})
}
