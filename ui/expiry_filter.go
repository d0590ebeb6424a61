package ui

import "time"

// day is one calendar day; the histogram's weeks start at midnight UTC.
const day = 24 * time.Hour

// expiryFilter narrows certificates to those that expire in a range and are
// neither revoked nor already expired. The expiry overview previews it, and
// the certificate list applies it to every certificate the overview read,
// because the list API has no expiry parameter.
type expiryFilter struct {
	label string // shown in the list header, such as "expiring 2027-01-04..2027-01-10"

	// A week range: expiries in [from, to). from is zero for "within days",
	// which counts from the time the filter is applied instead.
	from, to   time.Time
	withinDays int
}

// weekBounds returns the range of histogram week idx (0 for the first).
// Weeks start at midnight UTC, so each reads as a range of seven dates. The
// first week starts at now instead, because expired certificates are not
// counted.
func weekBounds(now time.Time, idx int) (from, to time.Time) {
	today := now.UTC().Truncate(day)
	from = today.AddDate(0, 0, 7*idx)
	to = from.AddDate(0, 0, 7)
	if idx == 0 {
		from = now
	}
	return from, to
}

// weekFilter returns the filter of the histogram weeks first to last,
// inclusive, as seen at now.
func weekFilter(now time.Time, first, last int) expiryFilter {
	from, _ := weekBounds(now, first)
	_, to := weekBounds(now, last)
	return expiryFilter{label: "expiring " + dateRange(from, to), from: from, to: to}
}

// withinFilter returns the filter of certificates that expire within days
// of the time it is applied.
func withinFilter(days int) expiryFilter {
	return expiryFilter{label: "expiring within " + countNoun(days, "day"), withinDays: days}
}

// dateRange writes [from, to) as the inclusive dates "2027-01-04..2027-01-10".
func dateRange(from, to time.Time) string {
	last := to.Add(-time.Nanosecond)
	return from.UTC().Format(time.DateOnly) + ".." + last.UTC().Format(time.DateOnly)
}

// matches reports whether the certificate is unrevoked, not yet expired at
// now, and expires within the filter's range.
func (f expiryFilter) matches(r certRow, now time.Time) bool {
	if !r.loaded || r.revoked || r.expiry.Before(now) {
		return false
	}
	if f.withinDays > 0 {
		return r.expiry.Sub(now) <= time.Duration(f.withinDays)*day
	}
	return !r.expiry.Before(f.from) && r.expiry.Before(f.to)
}
