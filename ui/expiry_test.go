package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// issueWithTTL issues a certificate with the given validity, for test set-up.
func issueWithTTL(t *testing.T, cl *client.Client, domainID, entity, ttl string) client.Certificate {
	t.Helper()
	cert, err := cl.Certs.Issue(context.Background(), domainID, client.IssueRequest{EntityType: "cvm", EntityID: entity, IPAddresses: []string{"10.9.9.9"}, TTL: ttl})
	if err != nil {
		t.Fatalf("issue %s with ttl %s: %v", entity, ttl, err)
	}
	return cert
}

func TestExpiryOverviewCountsAndFilters(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)

	// The console's clock runs three days ahead of the server's, so a
	// one-day certificate is expired and a five-day one is expiring.
	issueWithTTL(t, cl, srv.DomainID, "exp-a", "24h")   // expired
	issueWithTTL(t, cl, srv.DomainID, "exp-b", "120h")  // expiring, week 1
	issueWithTTL(t, cl, srv.DomainID, "exp-c", "600h")  // valid, 22 days left: week 4
	issueWithTTL(t, cl, srv.DomainID, "exp-d", "1500h") // valid, 59 days left: week 9
	revoked := issueWithTTL(t, cl, srv.DomainID, "exp-e", "600h")
	if err := cl.Certs.Revoke(context.Background(), srv.DomainID, revoked.SerialNumber, ""); err != nil {
		t.Fatalf("revoke: %v", err)
	}

	ahead := time.Now().Add(72 * time.Hour)
	c := startConsole(t, Options{Client: cl, Now: func() time.Time { return ahead }})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("exp-a")
	c.press("e")
	screen := c.waitFor("Expiry overview of default", "5 certificates",
		"2 valid", "1 expiring", "1 expired", "1 revoked",
		"every unrevoked certificate expiring in the next 12 weeks: 3")
	for _, entity := range []string{"exp-b", "exp-c", "exp-d"} {
		if !strings.Contains(screen, entity) {
			t.Errorf("the 12-week list lacks %s:\n%s", entity, screen)
		}
	}

	// The histogram row of counts has 1 in weeks 1, 4 and 9.
	counts := strings.Fields(lineAbove(screen, "w1"))
	if len(counts) != expiryWeeks {
		t.Fatalf("histogram count row has %d fields, want %d:\n%s", len(counts), expiryWeeks, screen)
	}
	want := []string{"1", "0", "0", "1", "0", "0", "0", "0", "1", "0", "0", "0"}
	for i := range want {
		if counts[i] != want[i] {
			t.Errorf("week %d count %s, want %s", i+1, counts[i], want[i])
		}
	}

	// Selecting week 4 previews exp-c only.
	c.press("right", "right", "right", "right")
	screen = c.waitFor("week 4, "+weekLabel(ahead, 3), ": 1 ")
	if !strings.Contains(screen, "exp-c") || strings.Contains(screen, "exp-b") || strings.Contains(screen, "exp-d") {
		t.Errorf("week 4 does not preview exactly exp-c:\n%s", screen)
	}

	// The days prompt names a value that is not a number of days.
	c.press("w")
	c.waitFor("expiring within days:")
	c.typeText("abc")
	c.press("enter")
	c.waitFor(`"abc" is not a whole number: must be 1 to 3650 days`)
	c.press("esc")

	// esc clears the week, then closes the overview.
	c.press("esc")
	c.waitFor("every unrevoked certificate expiring in the next 12 weeks: 3")
	c.press("esc")
	c.waitFor("Certificates of default")
}

// weekLabel returns the expected filter label of histogram week idx for a
// clock at now, computed apart from weekBounds: week 0 starts today, and
// each week covers seven dates.
func weekLabel(now time.Time, idx int) string {
	today := time.Date(now.UTC().Year(), now.UTC().Month(), now.UTC().Day(), 0, 0, 0, 0, time.UTC)
	first := today.AddDate(0, 0, 7*idx)
	last := first.AddDate(0, 0, 6)
	return "expiring " + first.Format("2006-01-02") + ".." + last.Format("2006-01-02")
}

// lineAbove returns the screen line just above the first line that starts
// with label, which in the histogram is the row of counts.
func lineAbove(screen, label string) string {
	lines := strings.Split(screen, "\n")
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), label+" ") && i > 0 {
			return lines[i-1]
		}
	}
	return ""
}

func TestWeekOf(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		expiry time.Time
		want   int
	}{
		{now.Add(-time.Hour), -1},
		{now, 0},
		{now.Add(week - time.Second), 0},
		{now.Add(week), 1},
		{now.Add(12*week - time.Second), 11},
		{now.Add(12 * week), -1},
	}
	for _, tc := range cases {
		if got := weekOf(tc.expiry, now); got != tc.want {
			t.Errorf("weekOf(now+%s) = %d, want %d", tc.expiry.Sub(now), got, tc.want)
		}
	}

	// Late in the day, weeks still start at midnight UTC, so each covers
	// seven whole dates after the first.
	evening := now.Add(20 * time.Hour)
	lateCases := []struct {
		expiry time.Time
		want   int
	}{
		{evening.Add(-time.Minute), -1},
		{evening, 0},
		{now.Add(week - time.Second), 0},
		{now.Add(week), 1},
		{evening.Add(week), 1},
		{now.Add(12*week - time.Second), 11},
		{now.Add(12 * week), -1},
	}
	for _, tc := range lateCases {
		if got := weekOf(tc.expiry, evening); got != tc.want {
			t.Errorf("at 20:00, weekOf(%s) = %d, want %d", tc.expiry.Format(time.RFC3339), got, tc.want)
		}
	}
}

func TestWeekFilterMatchesHistogram(t *testing.T) {
	evening := time.Date(2027, 1, 4, 20, 0, 0, 0, time.UTC)
	f := weekFilter(evening, 1, 1)
	if f.label != "expiring 2027-01-11..2027-01-17" {
		t.Errorf("week 2 label %q, want expiring 2027-01-11..2027-01-17", f.label)
	}
	first := weekFilter(evening, 0, 0)
	if first.label != "expiring 2027-01-04..2027-01-10" {
		t.Errorf("week 1 label %q, want expiring 2027-01-04..2027-01-10", first.label)
	}

	// Every expiry matches the filter of exactly the week weekOf puts it in.
	for h := -2; h < 24*7*12+30; h += 5 {
		row := certRow{loaded: true, expiry: evening.Add(time.Duration(h) * time.Hour)}
		idx := weekOf(row.expiry, evening)
		for w := range expiryWeeks {
			if got, want := weekFilter(evening, w, w).matches(row, evening), w == idx; got != want {
				t.Errorf("expiry %s: week %d filter matches = %t, weekOf = %d", row.expiry.Format(time.RFC3339), w+1, got, idx)
			}
		}
	}

	revoked := certRow{loaded: true, revoked: true, expiry: evening.Add(time.Hour)}
	if first.matches(revoked, evening) || withinFilter(3).matches(revoked, evening) {
		t.Error("a revoked certificate matches an expiry filter")
	}
	inTwoDays := certRow{loaded: true, expiry: evening.Add(48 * time.Hour)}
	if !withinFilter(2).matches(inTwoDays, evening) || withinFilter(1).matches(inTwoDays, evening) {
		t.Error("within 2 days must match an expiry 48 hours ahead, and within 1 day must not")
	}
}

func TestExpiryFitsSmallTerminal(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueWithTTL(t, cl, srv.DomainID, "small-a", "120h")

	c := startConsole(t, Options{Client: cl})
	c.tm.Send(tea.WindowSizeMsg{Width: minWidth, Height: minHeight})
	c.waitFor("Domains")
	c.press("enter")
	c.waitFor("small-a")
	c.press("e")

	// Title, counts, a one-line histogram with counts and labels, the
	// filter line, the column titles and the certificate all fit in the
	// 10-line body.
	c.waitFor("Expiry overview", "w1 ", "w12", "small-a")
}
