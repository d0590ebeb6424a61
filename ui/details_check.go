package ui

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// caChainMsg is the service's CA chain, fetched through the CA token flow.
type caChainMsg struct {
	client *client.Client // the client that fetched it; a reply for a replaced client is dropped
	chain  client.CAChain
	err    error
}

// ocspMsg is the OCSP response for one certificate.
type ocspMsg struct {
	serial string
	status client.OCSPStatus
	err    error
}

// caCache keeps the CA chain for the session, so opening details or the CA
// screen again costs no call. A failed fetch is kept too, until the operator
// refreshes.
type caCache struct {
	chain   *client.CAChain
	err     error
	loading bool
}

// requestCAChain returns the command that fetches the CA chain, or nil when
// the chain is cached or already on its way. force fetches it again.
func (c *Common) requestCAChain(force bool) tea.Cmd {
	if c.ca == nil {
		c.ca = &caCache{}
	}
	if c.ca.loading || (!force && (c.ca.chain != nil || c.ca.err != nil)) {
		return nil
	}

	c.ca.loading = true
	return fetchCAChainCmd(c.Ctx, c.Client)
}

// storeCAChain caches a fetched chain or the reason it failed.
func (c *Common) storeCAChain(msg caChainMsg) {
	if msg.client != c.Client {
		return
	}
	if c.ca == nil {
		c.ca = &caCache{}
	}
	c.ca.loading = false
	c.ca.chain, c.ca.err = nil, msg.err
	if msg.err == nil {
		chain := msg.chain
		c.ca.chain = &chain
	} else {
		c.Logger.Warn("CA chain download failed", "err", msg.err)
	}
}

// fetchCAChainCmd downloads the CA chain through the token flow.
func fetchCAChainCmd(parent context.Context, cl *client.Client) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		chain, err := cl.CA.Chain(ctx)
		return caChainMsg{client: cl, chain: chain, err: err}
	}
}

// ocspCmd queries the service's OCSP responder about one certificate.
func ocspCmd(parent context.Context, cl *client.Client, serial string, cert, issuer *x509.Certificate) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		status, err := cl.CA.OCSP(ctx, cert, issuer)
		return ocspMsg{serial: serial, status: status, err: err}
	}
}

// ocspUnavailable reports whether an OCSP failure means the service does
// not offer OCSP: no such route (404, 405, 501) or no response at all.
// Services with only the reference API's calls lack OCSP, so this is not an
// error.
func ocspUnavailable(err error) bool {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusNotImplemented:
			return true
		}
	}
	return errors.Is(err, client.ErrNetwork)
}

// chainStatus is the result of verifying a certificate against the CA chain.
type chainStatus int

const (
	chainPending chainStatus = iota
	chainVerified
	chainExpired
	chainNotYetValid
	chainUnknownIssuer
	chainInvalid     // verification failed for another reason, such as a bad signature
	chainUnavailable // the CA chain could not be fetched
)

// String returns the label shown in the details.
func (s chainStatus) String() string {
	switch s {
	case chainPending:
		return "checking…"
	case chainVerified:
		return "verified"
	case chainExpired:
		return "expired"
	case chainNotYetValid:
		return "not yet valid"
	case chainUnknownIssuer:
		return "unknown issuer"
	case chainInvalid:
		return "invalid"
	case chainUnavailable:
		return "unavailable"
	}
	return "unknown"
}

// verifyChain checks leaf against the CA chain at now. Self-signed chain
// members are the roots and the others intermediates. The detail names what
// failed, for statuses other than verified.
func verifyChain(leaf *x509.Certificate, chain []*x509.Certificate, now time.Time) (chainStatus, string) {
	roots, intermediates := x509.NewCertPool(), x509.NewCertPool()
	for _, ca := range chain {
		if bytes.Equal(ca.RawSubject, ca.RawIssuer) && ca.CheckSignatureFrom(ca) == nil {
			roots.AddCert(ca)
		} else {
			intermediates.AddCert(ca)
		}
	}

	_, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: intermediates,
		CurrentTime:   now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err == nil {
		return chainVerified, ""
	}

	var invalid x509.CertificateInvalidError
	var unknown x509.UnknownAuthorityError
	switch {
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		// Go reports "expired or not yet valid" for any certificate of the
		// path, so the leaf's own dates tell which one applies.
		switch {
		case now.Before(leaf.NotBefore):
			return chainNotYetValid, "the certificate is valid from " + expiryText(leaf.NotBefore) + " UTC"
		case now.After(leaf.NotAfter):
			return chainExpired, "the certificate expired at " + expiryText(leaf.NotAfter) + " UTC"
		}
		return chainExpired, "a CA certificate of the chain is outside its validity period"
	case errors.As(err, &unknown):
		return chainUnknownIssuer, "the service's CA chain did not sign this certificate"
	}
	return chainInvalid, err.Error()
}

// findIssuer returns the chain member that signed leaf, or nil.
func findIssuer(leaf *x509.Certificate, chain []*x509.Certificate) *x509.Certificate {
	for _, ca := range chain {
		if bytes.Equal(ca.RawSubject, leaf.RawIssuer) && leaf.CheckSignatureFrom(ca) == nil {
			return ca
		}
	}
	return nil
}
