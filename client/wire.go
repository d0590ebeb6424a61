package client

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// The hosted service has responded in several shapes over time, so the wire
// types below accept snake_case and capitalised keys, null for strings, and
// numbers where strings are expected. encoding/json already matches keys
// case-insensitively, so only keys that differ in more than case need a
// second field.

// flexString is a JSON string that also accepts null and numbers.
type flexString string

func (s *flexString) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)

	switch {
	case bytes.Equal(data, []byte("null")):
		*s = ""
	case len(data) > 0 && data[0] == '"':
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = flexString(v)
	default:
		var n json.Number
		if err := json.Unmarshal(data, &n); err != nil {
			return fmt.Errorf("expected a string or a number, got %.40s", data)
		}
		*s = flexString(n.String())
	}

	return nil
}

// flexTime is a timestamp given as RFC 3339 text, null, an empty string or
// Unix seconds.
type flexTime time.Time

func (t *flexTime) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)

	if bytes.Equal(data, []byte("null")) || bytes.Equal(data, []byte(`""`)) {
		*t = flexTime{}
		return nil
	}

	if len(data) > 0 && data[0] != '"' {
		seconds, err := strconv.ParseInt(string(data), 10, 64)
		if err != nil {
			return fmt.Errorf("expected an RFC 3339 time or Unix seconds, got %.40s", data)
		}
		*t = flexTime(time.Unix(seconds, 0).UTC())
		return nil
	}

	var text string
	if err := json.Unmarshal(data, &text); err != nil {
		return err
	}

	parsed, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("invalid time %q: expected RFC 3339", capText(text))
	}
	*t = flexTime(parsed)

	return nil
}

// flexInt is a JSON number that also accepts null and numeric strings.
type flexInt struct {
	value int
	set   bool
}

func (n *flexInt) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*n = flexInt{}
		return nil
	}

	text := strings.Trim(string(data), `"`)
	v, err := strconv.Atoi(text)
	if err != nil {
		return fmt.Errorf("expected an integer, got %.40s", data)
	}
	*n = flexInt{value: v, set: true}

	return nil
}

// certificateJSON is the certificate object in every known shape.
type certificateJSON struct {
	SerialNumber    flexString `json:"serial_number"`
	SerialNumberAlt flexString `json:"SerialNumber"`
	EntityID        flexString `json:"entity_id"`
	EntityIDAlt     flexString `json:"EntityID"`
	EntityType      flexString `json:"entity_type"`
	EntityTypeAlt   flexString `json:"EntityType"`
	Certificate     *string    `json:"certificate"` // plain string: a PEM is large, and null gives nil
	Revoked         bool       `json:"revoked"`
	RevokedAt       flexTime   `json:"revoked_at"`
	RevokedAtAlt    flexTime   `json:"RevokedAt"`
	Reason          flexString `json:"revocation_reason"`
	ReasonAlt       flexString `json:"RevocationReason"`
	IssuedAt        flexTime   `json:"issued_at"`
	IssuedAtAlt     flexTime   `json:"IssuedAt"`
	ExpiryTime      flexTime   `json:"expiry_time"`
	ExpiryTimeAlt   flexTime   `json:"ExpiryTime"`
	ExpiryDate      flexTime   `json:"expiry_date"`
	ExpiryDateAlt   flexTime   `json:"ExpiryDate"`
	RenewedFrom     flexString `json:"renewed_from"`
	RenewedFromAlt  flexString `json:"RenewedFrom"`
}

// firstString returns the first non-empty value.
func firstString(values ...flexString) string {
	for _, v := range values {
		if v != "" {
			return string(v)
		}
	}
	return ""
}

// derefString returns *p, or "" for nil.
func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// firstTime returns the first non-zero value.
func firstTime(values ...flexTime) time.Time {
	for _, v := range values {
		if !time.Time(v).IsZero() {
			return time.Time(v)
		}
	}
	return time.Time{}
}

// toCertificate converts the wire form, parses the PEM when present and
// fills missing fields from it.
func (w certificateJSON) toCertificate() Certificate {
	c := Certificate{
		SerialNumber:     firstString(w.SerialNumber, w.SerialNumberAlt),
		EntityID:         firstString(w.EntityID, w.EntityIDAlt),
		EntityType:       firstString(w.EntityType, w.EntityTypeAlt),
		PEM:              derefString(w.Certificate),
		Revoked:          w.Revoked,
		RevokedAt:        firstTime(w.RevokedAt, w.RevokedAtAlt),
		RevocationReason: firstString(w.Reason, w.ReasonAlt),
		IssuedAt:         firstTime(w.IssuedAt, w.IssuedAtAlt),
		ExpiryTime:       firstTime(w.ExpiryTime, w.ExpiryTimeAlt, w.ExpiryDate, w.ExpiryDateAlt),
		RenewedFrom:      firstString(w.RenewedFrom, w.RenewedFromAlt),
	}

	if c.PEM == "" {
		return c
	}

	cert, err := parseLeafPEM([]byte(c.PEM))
	if err != nil {
		c.CertErr = err
		return c
	}
	c.Cert = cert

	serial := cert.SerialNumber.String()
	switch {
	case c.SerialNumber == "":
		c.SerialNumber = serial
	case !sameSerial(c.SerialNumber, cert.SerialNumber):
		c.CertErr = fmt.Errorf("the service lists serial %s but the PEM contains serial %s", capText(c.SerialNumber), serial)
	}

	if c.IssuedAt.IsZero() {
		c.IssuedAt = cert.NotBefore
	}
	if c.ExpiryTime.IsZero() {
		c.ExpiryTime = cert.NotAfter
	}

	return c
}

// sameSerial compares a serial as the service prints it, decimal or
// hexadecimal with optional colons, against the certificate's serial.
func sameSerial(text string, serial *big.Int) bool {
	if text == serial.String() {
		return true
	}

	hex := strings.ReplaceAll(strings.TrimPrefix(strings.ToLower(text), "0x"), ":", "")
	v, ok := new(big.Int).SetString(hex, 16)
	return ok && v.Cmp(serial) == 0
}

// parseLeafPEM parses the first CERTIFICATE block of data.
func parseLeafPEM(data []byte) (*x509.Certificate, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("the certificate field contains no PEM block")
	}
	if block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("the certificate field contains a %q PEM block, expected CERTIFICATE", capText(block.Type))
	}

	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("the certificate PEM does not parse: %w", err)
	}

	return cert, nil
}

// certificatePageJSON is a page of the certificate list.
type certificatePageJSON struct {
	Total        *flexInt          `json:"total"`
	Offset       flexInt           `json:"offset"`
	Limit        flexInt           `json:"limit"`
	Certificates []certificateJSON `json:"certificates"`
}

// domainJSON is one domain in the hosted and the local shape.
type domainJSON struct {
	ID           flexString `json:"id"`
	Name         flexString `json:"name"`
	Alias        flexString `json:"alias"`
	Route        flexString `json:"route"`
	Status       flexString `json:"status"`
	CreatedAt    flexTime   `json:"created_at"`
	CreatedAtAlt flexTime   `json:"CreatedAt"`
}

func (w domainJSON) toDomain() Domain {
	return Domain{
		ID:        string(w.ID),
		Name:      string(w.Name),
		Alias:     firstString(w.Alias, w.Route),
		Status:    string(w.Status),
		CreatedAt: firstTime(w.CreatedAt, w.CreatedAtAlt),
	}
}

// domainPageJSON is a page of the domain list.
type domainPageJSON struct {
	Total   *flexInt     `json:"total"`
	Offset  flexInt      `json:"offset"`
	Limit   flexInt      `json:"limit"`
	Domains []domainJSON `json:"domains"`
}

// pageCounts fills total, offset and limit of a page, falling back to the
// requested values when the service leaves them out or sends negative ones.
// A missing total is offset plus the page length when fewer than limit
// entries came back; with a full page it stays unknown. A total smaller
// than what the page proves is raised to it.
func pageCounts(total *flexInt, offset, limit flexInt, wantOffset, wantLimit, length int) (tot, off, lim int, unknown bool) {
	off, lim = wantOffset, wantLimit
	if offset.set && offset.value >= 0 {
		off = offset.value
	}
	if limit.set && limit.value > 0 {
		lim = limit.value
	}

	seen := off + length
	if total != nil && total.set {
		return max(total.value, seen), off, lim, false
	}

	return seen, off, lim, length >= lim
}

// tokenJSON is the response of the two token calls.
type tokenJSON struct {
	Token flexString `json:"token"`
}

// tokensJSON is the pair issued by the users service.
type tokensJSON struct {
	AccessToken  flexString `json:"access_token"`
	RefreshToken flexString `json:"refresh_token"`
}

// healthJSON is the response of GET /health.
type healthJSON struct {
	Status  flexString `json:"status"`
	Version flexString `json:"version"`
}

// errorJSON is the error body of the certs API.
type errorJSON struct {
	Error   flexString `json:"error"`
	Message flexString `json:"message"`
}
