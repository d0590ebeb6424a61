package ui

import (
	"testing"
)

// BenchmarkExpiryFilter100k measures narrowing the list to an expiry filter
// with 100,000 certificates read: matching every row, formatting the
// matches for the table and drawing the list. "within" keeps about half of
// the synthetic rows (expiries spread over two years around the clock).
func BenchmarkExpiryFilter100k(b *testing.B) {
	a := newBenchApp(b)
	var rows []certRow
	for _, page := range benchCertificatesPages() {
		for _, cert := range page.Certificates {
			rows = append(rows, newCertRow(cert))
		}
	}
	data := expiryLoadedMsg{domainID: testDomain.ID, rows: rows, total: len(rows)}

	for _, tc := range []struct {
		name   string
		filter expiryFilter
	}{
		{"week", weekFilter(fixedNow, 3, 3)},
		{"within", withinFilter(maxWithinDays)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				a.certs.applyExpiryFilter(tc.filter, data)
				_ = a.certs.table.View()
			}
			b.ReportMetric(float64(len(a.certs.rows)), "rows")
		})
	}

	// Moving the cursor in the narrowed list costs what it costs in the
	// paged one.
	b.Run("move", func(b *testing.B) {
		a.certs.applyExpiryFilter(withinFilter(maxWithinDays), data)
		for b.Loop() {
			_ = moveOurs(a.certs)
		}
	})
}
