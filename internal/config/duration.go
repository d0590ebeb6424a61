package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day is 24 hours, the unit operators think of certificate lifetimes in.
const Day = 24 * time.Hour

// maxDays is the largest whole number of days a time.Duration can hold.
const maxDays = int64(time.Duration(1<<63-1) / Day)

// ParseDuration parses a Go duration ("336h", "90m") that may start with a
// whole number of days ("14d", "1d12h"), because time.ParseDuration has no
// day unit.
func ParseDuration(text string) (time.Duration, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, fmt.Errorf("empty duration; write it as 14d, 36h or 1d12h")
	}

	days, rest, hasDays := strings.Cut(text, "d")
	if !hasDays {
		d, err := time.ParseDuration(text)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q; write it as 14d, 36h or 1d12h", text)
		}
		return d, nil
	}

	count, err := strconv.ParseUint(days, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: the days must be a whole number before the d, as in 14d", text)
	}
	// A time.Duration holds about 106,751 days; more would wrap around.
	if count > uint64(maxDays) {
		return 0, fmt.Errorf("invalid duration %q: at most %d days", text, maxDays)
	}
	total := time.Duration(count) * Day
	if rest == "" {
		return total, nil
	}

	// The part after the days must be a positive Go duration, so "1d-2h" is rejected.
	extra, err := time.ParseDuration(rest)
	if err != nil || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") {
		return 0, fmt.Errorf("invalid duration %q: after the days write hours, minutes or seconds, as in 1d12h", text)
	}
	return total + extra, nil
}

// FormatDuration writes d the way ParseDuration reads it, with whole days
// first: 14d, 1d12h, 90m.
func FormatDuration(d time.Duration) string {
	if d < Day {
		return trimZeroUnits(d.String())
	}

	days := d / Day
	rest := d % Day
	if rest == 0 {
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd%s", days, trimZeroUnits(rest.String()))
}

// trimZeroUnits drops the trailing zero minutes and seconds that
// time.Duration.String writes, so 12h0m0s reads 12h.
func trimZeroUnits(s string) string {
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
