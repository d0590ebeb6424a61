package ui

import (
	"testing"
	"time"
)

func TestStatusOf(t *testing.T) {
	now := fixedNow
	within := 14 * 24 * time.Hour
	cases := []struct {
		name    string
		revoked bool
		expiry  time.Time
		want    certStatus
	}{
		{"valid", false, now.Add(30 * 24 * time.Hour), statusValid},
		{"expiring", false, now.Add(14 * 24 * time.Hour), statusExpiring},
		{"expired at the instant", false, now, statusExpired},
		{"expired", false, now.Add(-time.Hour), statusExpired},
		{"revoked wins over expired", true, now.Add(-time.Hour), statusRevoked},
	}

	for _, tc := range cases {
		if got := statusOf(tc.revoked, tc.expiry, now, within); got != tc.want {
			t.Errorf("%s: statusOf = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTimeLeft(t *testing.T) {
	cases := map[time.Duration]string{
		23*24*time.Hour + 5*time.Hour: "in 23d",
		-2*24*time.Hour - time.Hour:   "2d ago",
		5 * time.Hour:                 "in 5h",
		400 * 24 * time.Hour:          "in 1y",
		90 * time.Second:              "in 1m",
		59 * time.Second:              "in <1m",
		time.Nanosecond:               "in <1m",
		0:                             "<1m ago",
		-22 * time.Second:             "<1m ago",
		-61 * time.Second:             "1m ago",
	}
	for d, want := range cases {
		if got := timeLeft(fixedNow.Add(d), fixedNow); got != want {
			t.Errorf("timeLeft(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestShortSerial(t *testing.T) {
	if got := shortSerial("264711983154091325476437129881012547012", 14); got != "264711…2547012" {
		t.Errorf("shortSerial = %q", got)
	}
	if got := shortSerial("1187", 14); got != "1187" {
		t.Errorf("short serial changed: %q", got)
	}
}
