package client

import (
	"context"
	"crypto/x509"
	"errors"
	"log/slog"
	"time"
)

// Config holds what New needs to reach a certs service.
type Config struct {
	BaseURL            string // certs base URL, such as http://127.0.0.1:9010
	DomainsURL         string // defaults to /domains on the host of BaseURL
	UsersURL           string // users service, for Login and token refresh
	Token              string // bearer access token
	RefreshToken       string
	Timeout            time.Duration // per call; 15 s when zero
	CAFile             string        // extra PEM roots beside the system roots
	InsecureSkipVerify bool
	Version            string // certs-tui version for the User-Agent
	Logger             *slog.Logger
}

// Client is a typed client of the certs API.
type Client struct {
	Domains *DomainsService
	Certs   *CertsService
	CA      *CAService
	Users   *UsersService
}

// DomainsService calls the domain endpoints.
type DomainsService struct{ client *Client }

// CertsService calls the certificate endpoints of a domain.
type CertsService struct{ client *Client }

// CAService calls the CA, CRL and OCSP endpoints.
type CAService struct{ client *Client }

// UsersService calls the users service for tokens.
type UsersService struct{ client *Client }

// TODO: skeleton of the contract; every body below is replaced by the real client.
var errNotImplemented = errors.New("not implemented")

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	c := &Client{}
	c.Domains = &DomainsService{c}
	c.Certs = &CertsService{c}
	c.CA = &CAService{c}
	c.Users = &UsersService{c}
	return c, nil
}

// Health calls GET /health.
func (c *Client) Health(ctx context.Context) (Health, error) { return Health{}, errNotImplemented }

// List calls GET /domains.
func (s *DomainsService) List(ctx context.Context, limit, offset int) (DomainPage, error) {
	return DomainPage{}, errNotImplemented
}

// Create calls POST /domains.
func (s *DomainsService) Create(ctx context.Context, name, alias string) (Domain, error) {
	return Domain{}, errNotImplemented
}

// Issue calls POST /{domainID}/certs/issue/{entityType}/{entityID}.
func (s *CertsService) Issue(ctx context.Context, domainID string, req IssueRequest) (Certificate, error) {
	return Certificate{}, errNotImplemented
}

// Renew calls PATCH /{domainID}/certs/{serial}/renew and returns the new certificate.
func (s *CertsService) Renew(ctx context.Context, domainID, serial string) (Certificate, error) {
	return Certificate{}, errNotImplemented
}

// Revoke calls PATCH /{domainID}/certs/{serial}/revoke; reason may be empty.
func (s *CertsService) Revoke(ctx context.Context, domainID, serial, reason string) error {
	return errNotImplemented
}

// List calls GET /{domainID}/certs.
func (s *CertsService) List(ctx context.Context, domainID string, opts ListOptions) (CertificatePage, error) {
	return CertificatePage{}, errNotImplemented
}

// Get calls GET /{domainID}/certs/{serial}.
func (s *CertsService) Get(ctx context.Context, domainID, serial string) (Certificate, error) {
	return Certificate{}, errNotImplemented
}

// DeleteEntity calls DELETE /{domainID}/certs?entity_id=.
func (s *CertsService) DeleteEntity(ctx context.Context, domainID, entityID string) error {
	return errNotImplemented
}

// DownloadToken calls GET /{domainID}/certs/{serial}/download/token.
func (s *CertsService) DownloadToken(ctx context.Context, domainID, serial string) (string, error) {
	return "", errNotImplemented
}

// Download calls GET /{domainID}/certs/{entityID}/download and verifies the bundle.
func (s *CertsService) Download(ctx context.Context, domainID, entityID, token string) (Bundle, error) {
	return Bundle{}, errNotImplemented
}

// Token calls GET /certs/get-ca/token.
func (s *CAService) Token(ctx context.Context) (string, error) { return "", errNotImplemented }

// Download calls GET /certs/download-ca.
func (s *CAService) Download(ctx context.Context, token string) (CAChain, error) {
	return CAChain{}, errNotImplemented
}

// CRL calls GET /certs/crl.
func (s *CAService) CRL(ctx context.Context) (*x509.RevocationList, error) {
	return nil, errNotImplemented
}

// OCSP calls POST /certs/ocsp for cert, issued by issuer.
func (s *CAService) OCSP(ctx context.Context, cert, issuer *x509.Certificate) (OCSPStatus, error) {
	return OCSPStatus{}, errNotImplemented
}

// Login calls POST {users_url}/users/tokens/issue and keeps the tokens.
func (s *UsersService) Login(ctx context.Context, username, password string) (Tokens, error) {
	return Tokens{}, errNotImplemented
}

// Refresh calls POST {users_url}/users/tokens/refresh and keeps the new tokens.
func (s *UsersService) Refresh(ctx context.Context) (Tokens, error) {
	return Tokens{}, errNotImplemented
}

// SaveBundle writes cert.pem, key.pem (0600) and ca.pem into dir/<entity>-<serial>.
// It refuses to replace an existing file unless overwrite is set; the error then
// matches ErrExists.
func SaveBundle(dir string, b Bundle, entityID, serial string, overwrite bool) (SavedFiles, error) {
	return SavedFiles{}, errNotImplemented
}

// SaveCAChain writes ca.pem into dir with the same rules as SaveBundle.
func SaveCAChain(dir string, chain CAChain, overwrite bool) (string, error) {
	return "", errNotImplemented
}
