package ui

import (
	"encoding/hex"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// certStatus is the state shown for a certificate.
type certStatus int

const (
	statusValid certStatus = iota + 1
	statusExpiring
	statusExpired
	statusRevoked
)

// String returns the text label, so status reads without colour.
func (s certStatus) String() string {
	switch s {
	case statusValid:
		return "valid"
	case statusExpiring:
		return "expiring"
	case statusExpired:
		return "expired"
	case statusRevoked:
		return "revoked"
	}
	return "unknown"
}

// statusOf classifies a certificate at now; revocation wins over expiry.
func statusOf(revoked bool, expiry, now time.Time, expiringWithin time.Duration) certStatus {
	switch {
	case revoked:
		return statusRevoked
	case !expiry.IsZero() && !now.Before(expiry):
		return statusExpired
	case !expiry.IsZero() && expiry.Sub(now) <= expiringWithin:
		return statusExpiring
	}
	return statusValid
}

// timeLeft renders the time to expiry as "in 23d", "in 5h", "2d ago". The
// smallest unit is the minute, such as "in <1m" and "<1m ago", because the
// list formats rows again once a minute and seconds would read wrong.
func timeLeft(expiry, now time.Time) string {
	return string(appendTimeLeft(nil, expiry, now))
}

// appendTimeLeft appends the text of timeLeft to dst. The list compares it
// with the drawn text on every scroll, and a buffer on the stack keeps that
// free of allocations.
func appendTimeLeft(dst []byte, expiry, now time.Time) []byte {
	if expiry.IsZero() {
		return append(dst, '-')
	}

	// At the instant of expiry the certificate is expired, so "ago".
	d := expiry.Sub(now)
	if d > 0 {
		return appendShortDuration(append(dst, "in "...), d)
	}
	return append(appendShortDuration(dst, -d), " ago"...)
}

// appendShortDuration appends d rounded down to the largest whole unit among
// years, days, hours and minutes, such as "23d", or "<1m" under a minute.
func appendShortDuration(dst []byte, d time.Duration) []byte {
	const day = 24 * time.Hour
	switch {
	case d >= 365*day:
		return append(strconv.AppendInt(dst, int64(d/(365*day)), 10), 'y')
	case d >= day:
		return append(strconv.AppendInt(dst, int64(d/day), 10), 'd')
	case d >= time.Hour:
		return append(strconv.AppendInt(dst, int64(d/time.Hour), 10), 'h')
	case d >= time.Minute:
		return append(strconv.AppendInt(dst, int64(d/time.Minute), 10), 'm')
	}
	return append(dst, "<1m"...)
}

// shortSerial keeps the first and last digits of a long decimal serial.
func shortSerial(serial string, width int) string {
	if len(serial) <= width || width < 5 {
		return serial
	}

	head := (width - 1) / 2
	tail := width - 1 - head
	return serial[:head] + "…" + serial[len(serial)-tail:]
}

// expiryText renders an expiry time in UTC to the minute.
func expiryText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// serialFilterKey returns a decimal serial in lower-case hex without colons,
// two digits a byte as the hex form shows it, so the list filter finds a
// serial typed in either form. It returns "" for a serial that is not a
// non-negative decimal number.
func serialFilterKey(decimal string) string {
	n, ok := new(big.Int).SetString(decimal, 10)
	if !ok || n.Sign() < 0 {
		return ""
	}
	if n.Sign() == 0 {
		return "00"
	}
	return hex.EncodeToString(n.Bytes())
}

// serialQueryVariant strips the colons from a filter query made of hex
// digits and colons, such as "55:9f", so it matches the key of
// serialFilterKey. The variant of a longer query contains the variant of
// any query inside it, as the table's narrowing requires.
func serialQueryVariant(query string) (string, bool) {
	for _, r := range query {
		if r != ':' && !strings.ContainsRune("0123456789abcdef", r) {
			return "", false
		}
	}
	return strings.ReplaceAll(query, ":", ""), true
}

// wrapWords wraps plain text to width at spaces only. lipgloss also breaks
// after a hyphen, which splits a flag such as --profile across two lines.
// A word wider than width is cut at the width.
func wrapWords(text string, width int) string {
	width = max(width, 1)

	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}

	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Hardwrap(l, width, false)
		}
	}
	return strings.Join(lines, "\n")
}
