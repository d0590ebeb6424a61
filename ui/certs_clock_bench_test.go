package ui

import (
	"testing"
	"time"
)

// BenchmarkClockTick100k measures one clock tick with 100,000 certificates
// loaded: every status checked, the rows in view formatted again when their
// time left changed, and the counts recomputed. "same" ticks at the time
// the rows were formatted, so nothing changes. "hour" ticks an hour later
// each time, so the rows in view and a few statuses change.
// "hour-status-sort" does that with the list sorted by status, so the
// table is sorted again.
func BenchmarkClockTick100k(b *testing.B) {
	for _, tc := range []struct {
		name       string
		step       time.Duration
		sortStatus bool
	}{
		{"same", 0, false},
		{"hour", time.Hour, false},
		{"hour-status-sort", time.Hour, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			a := newBenchApp(b)
			if tc.sortStatus {
				a.certs.sortIdx = 3 // colStatus in sortColumns
				a.certs.applySort()
			}
			now := fixedNow
			a.c.Now = func() time.Time { return now }
			for b.Loop() {
				now = now.Add(tc.step)
				a.certs.refreshClock()
				_ = a.certs.table.View()
			}
		})
	}
}

// BenchmarkRefreshVisible measures the check every scroll adds with 100,000
// certificates loaded: the time left of the 40 rows in view compared with
// the current time, when nothing changed.
func BenchmarkRefreshVisible(b *testing.B) {
	a := newBenchApp(b)
	for b.Loop() {
		a.certs.refreshVisible()
	}
}
