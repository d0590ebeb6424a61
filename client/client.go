package client

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
	"golang.org/x/sync/singleflight"
)

// DefaultTimeout bounds one call, retries included, when Config.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Config holds what New needs to reach a certs service.
type Config struct {
	BaseURL            string // certs base URL, such as http://127.0.0.1:9010
	DomainsURL         string // URL of the domain collection; defaults to /domains on the host of BaseURL
	UsersURL           string // users service, for Login and token refresh
	Token              string // bearer access token
	RefreshToken       string
	Timeout            time.Duration // per call; 15 s when zero
	CAFile             string        // extra PEM roots beside the system roots
	InsecureSkipVerify bool
	Version            string // certs-tui version for the User-Agent
	Logger             *slog.Logger

	// OnTokens, when set, receives every new token pair from Login and
	// Refresh, so the caller can store it. It runs on the calling goroutine
	// and must not call back into the client.
	OnTokens func(Tokens)
}

// Client is a typed client of the certs API. It is safe for concurrent use.
type Client struct {
	Domains *DomainsService
	Certs   *CertsService
	CA      *CAService
	Users   *UsersService

	http       *resty.Client
	baseURL    string
	domainsURL string
	usersURL   string
	timeout    time.Duration
	logger     *slog.Logger
	onTokens   func(Tokens)

	mu           sync.Mutex
	token        string
	refreshToken string
	refreshGroup singleflight.Group
}

// DomainsService calls the domain endpoints.
type DomainsService struct{ client *Client }

// CertsService calls the certificate endpoints of a domain.
type CertsService struct{ client *Client }

// CAService calls the CA, CRL and OCSP endpoints.
type CAService struct{ client *Client }

// UsersService calls the users service for tokens.
type UsersService struct{ client *Client }

// New returns a client for cfg. It checks the URLs and reads CAFile, but
// makes no network call.
func New(cfg Config) (*Client, error) {
	base, err := parseServiceURL("base URL", cfg.BaseURL)
	if err != nil {
		return nil, err
	}

	domains := cfg.DomainsURL
	if domains == "" {
		u, _ := url.Parse(base)
		domains = u.Scheme + "://" + u.Host + "/domains"
	}
	if domains, err = parseServiceURL("domains URL", domains); err != nil {
		return nil, err
	}

	users := ""
	if cfg.UsersURL != "" {
		if users, err = parseServiceURL("users URL", cfg.UsersURL); err != nil {
			return nil, err
		}
	}

	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}

	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}

	httpClient, err := newRestyClient(cfg, logger)
	if err != nil {
		return nil, err
	}

	c := &Client{
		http:         httpClient,
		baseURL:      base,
		domainsURL:   domains,
		usersURL:     users,
		timeout:      timeout,
		logger:       logger,
		onTokens:     cfg.OnTokens,
		token:        cfg.Token,
		refreshToken: cfg.RefreshToken,
	}
	c.Domains = &DomainsService{c}
	c.Certs = &CertsService{c}
	c.CA = &CAService{c}
	c.Users = &UsersService{c}

	return c, nil
}

// parseServiceURL checks that raw is an absolute http or https URL and
// returns it without a trailing slash.
func parseServiceURL(name, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return "", fmt.Errorf("invalid %s %q: expected an absolute URL such as http://127.0.0.1:9010", name, raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("invalid %s %q: the scheme must be http or https", name, raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("invalid %s %q: the host is missing", name, raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("invalid %s: credentials in the URL are not supported, use a token", name)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("invalid %s %q: remove the query and fragment", name, raw)
	}

	return strings.TrimRight(u.String(), "/"), nil
}

// Tokens returns the access and refresh tokens in use, which Login and
// token refresh replace.
func (c *Client) Tokens() Tokens {
	c.mu.Lock()
	defer c.mu.Unlock()

	return Tokens{AccessToken: c.token, RefreshToken: c.refreshToken}
}

// SetTokens replaces the access and refresh tokens, for example after the
// operator logs in again.
func (c *Client) SetTokens(t Tokens) {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.token, c.refreshToken = t.AccessToken, t.RefreshToken
}

// secrets lists the values that must never appear in an error or a log line.
func (c *Client) secrets(extra ...string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()

	return append([]string{c.token, c.refreshToken}, extra...)
}

// Health calls GET /health, which needs no token.
func (c *Client) Health(ctx context.Context) (Health, error) {
	var out healthJSON

	err := c.do(ctx, call{
		method: "GET",
		url:    c.baseURL + "/health",
		noAuth: true,
		result: &out,
	})
	if err != nil {
		return Health{}, err
	}

	return Health{Status: string(out.Status), Version: string(out.Version)}, nil
}
