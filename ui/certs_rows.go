package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/theme"
	"github.com/certs-tui/certs-tui/ui/components/table"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// certRow is the part of a certificate the list keeps. It holds no PEM and
// no parsed certificate, so 100,000 rows stay small. serial and entity are
// sanitized for drawing. Calls use apiSerial and apiEntity, as the service
// sent them, because a sanitized ID may name nothing on the server. For a
// plain ID both fields share one string.
type certRow struct {
	loaded     bool
	serial     string
	entity     string
	entityType string
	revoked    bool
	expiry     time.Time
	apiSerial  string // never drawn
	apiEntity  string // never drawn
}

// newCertRow copies and sanitizes what the list shows.
func newCertRow(c client.Certificate) certRow {
	row := rowForIDs(c.SerialNumber, c.EntityID)
	row.entityType = sanitize.Text(c.EntityType)
	row.revoked = c.Revoked
	row.expiry = c.ExpiryTime
	return row
}

// rowForIDs returns a row for a certificate known only by the serial and
// entity ID the service sent.
func rowForIDs(serial, entity string) certRow {
	return certRow{
		loaded:    true,
		serial:    sanitize.Text(serial),
		entity:    sanitize.Text(entity),
		apiSerial: serial,
		apiEntity: entity,
	}
}

// Columns of the certificate list, in order.
const (
	colSerial = iota
	colEntity
	colType
	colStatus
	colExpires
	colLeft
)

// shortSerialWidth is the serial column's width while serials are shortened;
// a 128-bit serial has up to 39 decimal digits.
const (
	shortSerialWidth = 14
	fullSerialWidth  = 40
)

// sortColumns are the columns s cycles through after the server's order.
var sortColumns = []int{colSerial, colEntity, colType, colStatus, colExpires}

func certColumns(fullSerial bool) []table.Column {
	serialWidth := shortSerialWidth
	if fullSerial {
		serialWidth = fullSerialWidth
	}
	return []table.Column{
		{Title: "SERIAL", Width: serialWidth},
		{Title: "ENTITY"},
		{Title: "TYPE", Width: 11, Optional: true},
		{Title: "STATUS", Width: 8, Toned: true},
		{Title: "EXPIRES (UTC)", Width: 16, Optional: true},
		{Title: "LEFT", Width: 8, Align: table.AlignRight},
	}
}

// certTableStyles maps table tones to certificate statuses.
func certTableStyles(s *theme.Styles) table.Styles {
	tones := make([]lipgloss.Style, statusRevoked+1)
	tones[statusValid] = s.StatusValid
	tones[statusExpiring] = s.StatusExpiring
	tones[statusExpired] = s.StatusExpired
	tones[statusRevoked] = s.StatusRevoked
	return table.Styles{
		Header:  s.TableHeader,
		Cell:    s.TableCell,
		Cursor:  s.TableCursor,
		Pending: s.TablePending,
		Tones:   tones,
	}
}

// pendingRow stands for a certificate whose page has not arrived.
var pendingRow = table.Row{Cells: []string{"", "loading…"}, Pending: true}

// tableRow formats a certificate for the list at the given time. Status and
// time left depend on it, so refreshClock formats rows again as time passes.
func (r certRow) tableRow(now time.Time, expiringWithin time.Duration, fullSerial bool) table.Row {
	if !r.loaded {
		return pendingRow
	}

	status := statusOf(r.revoked, r.expiry, now, expiringWithin)
	serial := r.serial
	if !fullSerial {
		serial = shortSerial(serial, shortSerialWidth)
	}
	entityType := r.entityType
	if entityType == "" {
		entityType = "-"
	}

	return table.Row{
		Cells: []string{serial, r.entity, entityType, status.String(), expiryText(r.expiry), timeLeft(r.expiry, now)},
		Key:   strings.ToLower(r.entity+" "+r.serial) + " " + serialFilterKey(r.serial),
		Sort:  []string{fmt.Sprintf("%050s", r.serial)},
		Tone:  int(status),
	}
}

// statusCounts counts the loaded certificates by status.
type statusCounts struct {
	valid, expiring, expired, revoked, loaded int
}

func countStatuses(rows []certRow, now time.Time, expiringWithin time.Duration) statusCounts {
	var n statusCounts
	for _, r := range rows {
		if !r.loaded {
			continue
		}
		n.loaded++
		switch statusOf(r.revoked, r.expiry, now, expiringWithin) {
		case statusValid:
			n.valid++
		case statusExpiring:
			n.expiring++
		case statusExpired:
			n.expired++
		case statusRevoked:
			n.revoked++
		}
	}
	return n
}
