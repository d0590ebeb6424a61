package ui

import (
	"fmt"
	"math/big"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	btable "charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// The benchmarks load 100,000 certificates into the list and show 40 rows:
// a 47-line terminal leaves 40 table rows under the header, title, column
// titles, status line and hint bar.
const (
	benchCertificates = 100_000
	benchWidth        = 120
	benchHeight       = 47
	benchVisibleRows  = 40
)

// benchCertificatesPages returns the synthetic certificates in pages of
// 1000, as the server would send them. Serials have 39 digits like real
// 128-bit serials; expiries spread over two years around fixedNow.
func benchCertificatesPages() []client.CertificatePage {
	base, _ := new(big.Int).SetString("170141183460469231731687303715884105727", 10)
	types := []string{"cvm", "computation", "backend"}

	var pages []client.CertificatePage
	for offset := 0; offset < benchCertificates; offset += 1000 {
		page := client.CertificatePage{Total: benchCertificates, Offset: offset, Limit: 1000}
		for i := offset; i < offset+1000; i++ {
			serial := new(big.Int).Sub(base, big.NewInt(int64(i)*7919))
			page.Certificates = append(page.Certificates, client.Certificate{
				SerialNumber: serial.String(),
				EntityID:     fmt.Sprintf("seed-%05d", i%25_000),
				EntityType:   types[i%3],
				Revoked:      i%17 == 0,
				ExpiryTime:   fixedNow.Add(time.Duration(i%730-365) * 24 * time.Hour),
			})
		}
		pages = append(pages, page)
	}
	return pages
}

// newBenchApp returns an App showing the list with every page loaded.
func newBenchApp(tb testing.TB) *App {
	tb.Helper()
	a := New(Options{Service: "local", Now: func() time.Time { return fixedNow }})
	a.Init()
	a.Update(tea.WindowSizeMsg{Width: benchWidth, Height: benchHeight})
	a.openDomain(testDomain)
	for _, page := range benchCertificatesPages() {
		a.Update(certPageMsg{gen: a.certs.gen, offset: page.Offset, page: page})
	}

	if got := len(a.certs.table.Visible()); got != benchVisibleRows {
		tb.Fatalf("list shows %d rows, want %d", got, benchVisibleRows)
	}
	if a.certs.counts.loaded != benchCertificates {
		tb.Fatalf("list loaded %d certificates, want %d", a.certs.counts.loaded, benchCertificates)
	}
	return a
}

// newBenchBubblesTable returns bubbles/table with the same rows and columns.
func newBenchBubblesTable(a *App) btable.Model {
	var cols []btable.Column
	for i, c := range certColumns(false) {
		cols = append(cols, btable.Column{Title: c.Title, Width: a.certs.table.ColumnWidth(i)})
	}

	src := a.certs.table.Rows()
	rows := make([]btable.Row, len(src))
	for i, r := range src {
		rows[i] = btable.Row(r.Cells)
	}

	return btable.New(
		btable.WithColumns(cols),
		btable.WithRows(rows),
		btable.WithHeight(benchVisibleRows+1),
		btable.WithWidth(benchWidth),
		btable.WithFocused(true),
	)
}

var (
	keyDown = tea.KeyPressMsg{Code: tea.KeyDown}
	keyHome = tea.KeyPressMsg{Code: tea.KeyHome}
)

// moveOurs moves the cursor one row down, back to the top at the end, and
// draws the list.
func moveOurs(s *certsScreen) string {
	if s.table.Cursor() == s.table.Len()-1 {
		s.Update(keyHome)
	}
	s.Update(keyDown)
	return s.table.View()
}

func moveBubbles(t btable.Model) (btable.Model, string) {
	if t.Cursor() == len(t.Rows())-1 {
		t.GotoTop()
	}
	t, _ = t.Update(keyDown)
	return t, t.View()
}

// BenchmarkCursorMoveRender measures one cursor move plus drawing the list
// with 100,000 certificates loaded, and the same on bubbles/table in the
// same run. ratio is bubbles/table's time divided by ours.
func BenchmarkCursorMoveRender(b *testing.B) {
	a := newBenchApp(b)
	theirs := newBenchBubblesTable(a)

	var oursTime, theirsTime time.Duration
	var oursFrame, theirsFrame string
	for b.Loop() {
		start := time.Now()
		oursFrame = moveOurs(a.certs)
		mid := time.Now()
		theirs, theirsFrame = moveBubbles(theirs)
		oursTime += mid.Sub(start)
		theirsTime += time.Since(mid)
	}
	runtime.KeepAlive(oursFrame)
	runtime.KeepAlive(theirsFrame)

	n := float64(b.N)
	b.ReportMetric(float64(oursTime.Nanoseconds())/n, "ns/move")
	b.ReportMetric(float64(theirsTime.Nanoseconds())/n, "bubbles-ns/move")
	b.ReportMetric(float64(theirsTime)/float64(oursTime), "ratio")
}

// BenchmarkFilterKeystroke measures one typed filter character plus drawing
// the list. "scan" types the first character, so every row is checked;
// "narrow" types a character that extends the query, so only the previous
// matches are checked.
func BenchmarkFilterKeystroke(b *testing.B) {
	a := newBenchApp(b)
	s := a.certs
	s.Update(tea.KeyPressMsg{Code: '/', Text: "/"})
	backspace := tea.KeyPressMsg{Code: tea.KeyBackspace}

	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			s.Update(tea.KeyPressMsg{Code: '7', Text: "7"})
			_ = s.table.View()
			b.StopTimer()
			s.Update(backspace)
			b.StartTimer()
		}
	})

	b.Run("narrow", func(b *testing.B) {
		s.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
		for b.Loop() {
			s.Update(tea.KeyPressMsg{Code: 'e', Text: "e"})
			_ = s.table.View()
			b.StopTimer()
			s.Update(backspace)
			b.StartTimer()
		}
	})
}

// BenchmarkFullFrame measures drawing the whole console: header, list,
// status line and hint bar.
func BenchmarkFullFrame(b *testing.B) {
	a := newBenchApp(b)
	for b.Loop() {
		_ = a.View()
	}
}

// BenchmarkMemory100k reports memory with 100,000 certificates loaded:
// heap-MB is the live Go heap after a garbage collection, and os-MB estimates
// what the process keeps from the OS (Sys minus HeapReleased) after unused
// pages were returned.
func BenchmarkMemory100k(b *testing.B) {
	var stats runtime.MemStats
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()

		a := newBenchApp(b)

		b.StopTimer()
		debug.FreeOSMemory()
		runtime.ReadMemStats(&stats)
		runtime.KeepAlive(a)
		b.StartTimer()
	}
	b.ReportMetric(float64(stats.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(float64(stats.Sys-stats.HeapReleased)/(1<<20), "os-MB")
}
