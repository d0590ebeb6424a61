package client

import (
	"crypto/x509"
	"io/fs"
	"time"
)

// Certificate is one certificate as the certs service describes it.
type Certificate struct {
	SerialNumber     string // decimal, as the service prints it
	EntityID         string
	EntityType       string // cvm, computation, backend, or empty when unknown
	PEM              string // leaf certificate PEM; empty when the service left it out
	Cert             *x509.Certificate
	Revoked          bool
	RevokedAt        time.Time
	RevocationReason string // RFC 5280 reason name, such as key_compromise
	IssuedAt         time.Time
	ExpiryTime       time.Time
	RenewedFrom      string // serial this certificate replaced by renewal

	// CertErr is the reason PEM did not parse or disagrees with
	// SerialNumber. It is nil when PEM is empty or matches.
	CertErr error
}

// CertificatePage is one page of a domain's certificate list, newest first.
type CertificatePage struct {
	Total        int
	Offset       int
	Limit        int
	Certificates []Certificate

	// TotalUnknown is set when the service left out the total and returned a
	// full page: Total is then only Offset plus the page length, and more
	// pages may follow.
	TotalUnknown bool
}

// Domain is a workspace of the certs service.
type Domain struct {
	ID        string
	Name      string
	Alias     string
	Status    string
	CreatedAt time.Time
}

// DomainPage is one page of the domain list.
type DomainPage struct {
	Total   int
	Offset  int
	Limit   int
	Domains []Domain

	// TotalUnknown has the meaning of CertificatePage.TotalUnknown.
	TotalUnknown bool
}

// IssueRequest holds the values of a certificate issuance.
type IssueRequest struct {
	EntityType  string // cvm, computation or backend
	EntityID    string
	IPAddresses []string
	DNSNames    []string
	TTL         string // Go duration such as "720h"; empty for the service default
	CommonName  string
}

// ListOptions selects a page of certificates.
type ListOptions struct {
	Limit    int
	Offset   int
	EntityID string // empty for every entity
}

// Bundle is a certificate with its private key and CA chain, verified on decode.
type Bundle struct {
	CertificatePEM []byte
	PrivateKeyPEM  []byte
	CAPEM          []byte // intermediate, then root
	Certificate    *x509.Certificate
	Chain          []*x509.Certificate
}

// CAChain is the service's CA chain, issuing CA first.
type CAChain struct {
	PEM          []byte
	Certificates []*x509.Certificate
}

// OCSP status values.
const (
	OCSPGood    = "good"
	OCSPRevoked = "revoked"
	OCSPUnknown = "unknown"
)

// OCSPStatus is the OCSP responder's status of one certificate.
type OCSPStatus struct {
	Status     string // OCSPGood, OCSPRevoked or OCSPUnknown
	RevokedAt  time.Time
	Reason     string // RFC 5280 reason name when revoked
	ThisUpdate time.Time
	NextUpdate time.Time
}

// Health is the response of GET /health.
type Health struct {
	Status  string
	Version string
}

// Tokens is the pair issued by the users service.
type Tokens struct {
	AccessToken  string
	RefreshToken string
}

// SavedFiles lists the paths SaveBundle and SaveCAChain wrote.
type SavedFiles struct {
	Dir         string
	Certificate string
	PrivateKey  string
	CA          string

	// DirTightenedFrom is the permissions Dir had when SaveBundle found it
	// open to group or others and removed that access. It is 0 when Dir
	// was created or was already private.
	DirTightenedFrom fs.FileMode
}
