package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/certs-tui/certs-tui/server/ca"
	"github.com/certs-tui/certs-tui/server/store"
)

// certificateJSON is the certificate object of the certs API.
type certificateJSON struct {
	SerialNumber     string     `json:"serial_number"`
	EntityID         string     `json:"entity_id"`
	EntityType       string     `json:"entity_type"`
	Certificate      string     `json:"certificate,omitempty"`
	Revoked          bool       `json:"revoked"`
	RevokedAt        *time.Time `json:"revoked_at,omitempty"`
	RevocationReason string     `json:"revocation_reason,omitempty"`
	IssuedAt         time.Time  `json:"issued_at"`
	ExpiryTime       time.Time  `json:"expiry_time"`
	RenewedFrom      string     `json:"renewed_from,omitempty"`
}

func toCertificateJSON(c store.Certificate) certificateJSON {
	out := certificateJSON{
		SerialNumber: c.Serial,
		EntityID:     c.EntityID,
		EntityType:   c.EntityType,
		Certificate:  string(ca.CertificatePEM(c.DER)),
		Revoked:      c.Revoked,
		IssuedAt:     c.IssuedAt,
		ExpiryTime:   c.ExpiresAt,
		RenewedFrom:  c.RenewedFrom,
	}
	if c.Revoked {
		at := c.RevokedAt
		out.RevokedAt = &at
		out.RevocationReason = ca.ReasonName(c.Reason)
	}
	return out
}

// maxBodyBytes limits every request body.
const maxBodyBytes = 1 << 20

// decodeJSON reads one JSON object from the request body into v. An empty
// body is an error only when required is set.
func decodeJSON(r *http.Request, v any, required bool) error {
	dec := json.NewDecoder(r.Body)
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) {
		if required {
			return newProblem(kindInvalid, "missing JSON request body")
		}
		return nil
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return newProblem(kindTooLarge, "request body larger than %d bytes", tooLarge.Limit)
	}
	if err != nil {
		return newProblem(kindInvalid, "invalid JSON request body: %v", err)
	}
	if dec.More() {
		return newProblem(kindInvalid, "invalid JSON request body: more than one JSON value")
	}
	return nil
}
