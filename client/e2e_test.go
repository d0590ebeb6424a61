package client_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// e2e starts the real local server and a client with its token.
func e2e(t *testing.T) (*client.Client, *servertest.Instance, context.Context) {
	t.Helper()

	inst := servertest.Start(t)
	c, err := client.New(client.Config{BaseURL: inst.URL, Token: inst.Token, Version: "e2e", Timeout: 20 * time.Second})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)

	return c, inst, ctx
}

// openssl runs openssl with args and returns its combined output.
func openssl(t *testing.T, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is not installed")
	}
	out, err := exec.Command("openssl", args...).CombinedOutput()
	return string(out), err
}

func TestE2EHealthAndDomains(t *testing.T) {
	c, inst, ctx := e2e(t)

	health, err := c.Health(ctx)
	if err != nil {
		t.Fatalf("Health: %v", err)
	}
	if health.Status != "pass" {
		t.Errorf("Health.Status = %q, want pass", health.Status)
	}

	page, err := c.Domains.List(ctx, 10, 0)
	if err != nil {
		t.Fatalf("Domains.List: %v", err)
	}
	if page.Total != 1 || len(page.Domains) != 1 || page.Domains[0].Name != "default" || page.Domains[0].ID != inst.DomainID {
		t.Errorf("a fresh server lists %+v, want the one default domain %s", page, inst.DomainID)
	}

	created, err := c.Domains.Create(ctx, "lab", "lab")
	if err != nil {
		t.Fatalf("Domains.Create: %v", err)
	}
	if created.ID == "" || created.Name != "lab" || created.Alias != "lab" || created.CreatedAt.IsZero() {
		t.Errorf("created domain = %+v", created)
	}

	if _, err := c.Domains.Create(ctx, "lab again", "lab"); !errors.Is(err, client.ErrConflict) {
		t.Errorf("a taken alias: error = %v, want ErrConflict", err)
	}

	page, err = c.Domains.List(ctx, 10, 0)
	if err != nil {
		t.Fatalf("Domains.List: %v", err)
	}
	if page.Total != 2 || len(page.Domains) != 2 {
		t.Errorf("after create: total %d, %d domains, want 2", page.Total, len(page.Domains))
	}
}

func TestE2ECertificateLifecycle(t *testing.T) {
	c, inst, ctx := e2e(t)
	domain := inst.DomainID

	issued, err := c.Certs.Issue(ctx, domain, client.IssueRequest{
		EntityType: "cvm", EntityID: "vm-1",
		IPAddresses: []string{"10.0.0.1"}, DNSNames: []string{"vm-1.lab"}, TTL: "720h",
	})
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	if issued.Cert == nil || issued.CertErr != nil {
		t.Fatalf("issued certificate did not parse: %v", issued.CertErr)
	}
	if issued.EntityID != "vm-1" || issued.EntityType != "cvm" || issued.Revoked {
		t.Errorf("issued = %+v", issued)
	}
	if !slices.ContainsFunc(issued.Cert.IPAddresses, func(ip net.IP) bool { return ip.Equal(net.ParseIP("10.0.0.1")) }) ||
		!slices.Contains(issued.Cert.DNSNames, "vm-1.lab") {
		t.Errorf("SANs = %v %v, want 10.0.0.1 and vm-1.lab", issued.Cert.IPAddresses, issued.Cert.DNSNames)
	}
	if ttl := issued.ExpiryTime.Sub(issued.IssuedAt); ttl < 719*time.Hour || ttl > 721*time.Hour {
		t.Errorf("validity = %v, want about 720h", ttl)
	}

	got, err := c.Certs.Get(ctx, domain, issued.SerialNumber)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.SerialNumber != issued.SerialNumber || got.Cert == nil || !got.Cert.Equal(issued.Cert) {
		t.Errorf("Get returned %s, want %s with the same PEM", got.SerialNumber, issued.SerialNumber)
	}

	other, err := c.Certs.Issue(ctx, domain, client.IssueRequest{EntityType: "backend", EntityID: "api-1"})
	if err != nil {
		t.Fatalf("Issue backend: %v", err)
	}

	page, err := c.Certs.List(ctx, domain, client.ListOptions{Limit: 10})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if page.Total != 2 || len(page.Certificates) != 2 || page.Certificates[0].SerialNumber != other.SerialNumber {
		t.Errorf("List = total %d, %d entries, first %q; want 2, newest (%s) first",
			page.Total, len(page.Certificates), firstSerial(page), other.SerialNumber)
	}

	filtered, err := c.Certs.List(ctx, domain, client.ListOptions{Limit: 10, EntityID: "vm-1"})
	if err != nil {
		t.Fatalf("List by entity: %v", err)
	}
	if filtered.Total != 1 || firstSerial(filtered) != issued.SerialNumber {
		t.Errorf("List by entity vm-1 = %+v", filtered)
	}

	paged, err := c.Certs.List(ctx, domain, client.ListOptions{Limit: 1, Offset: 1})
	if err != nil {
		t.Fatalf("List page 2: %v", err)
	}
	if paged.Total != 2 || paged.Offset != 1 || firstSerial(paged) != issued.SerialNumber {
		t.Errorf("page 2 of 1 = total %d offset %d first %q", paged.Total, paged.Offset, firstSerial(paged))
	}

	renewed, err := c.Certs.Renew(ctx, domain, issued.SerialNumber)
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if renewed.SerialNumber == issued.SerialNumber || renewed.RenewedFrom != issued.SerialNumber || renewed.EntityID != "vm-1" {
		t.Errorf("renewed = serial %s from %q entity %s", renewed.SerialNumber, renewed.RenewedFrom, renewed.EntityID)
	}
	if renewed.Cert == nil || !slices.Contains(renewed.Cert.DNSNames, "vm-1.lab") {
		t.Errorf("the renewed certificate lost its SANs")
	}

	old, err := c.Certs.Get(ctx, domain, issued.SerialNumber)
	if err != nil {
		t.Fatalf("Get after renew: %v", err)
	}
	if old.Revoked {
		t.Error("renewal revoked the old certificate, which should stay valid until it expires")
	}

	if err := c.Certs.Revoke(ctx, domain, issued.SerialNumber, "key_compromise"); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if err := c.Certs.Revoke(ctx, domain, issued.SerialNumber, ""); !errors.Is(err, client.ErrConflict) {
		t.Errorf("second Revoke: error = %v, want ErrConflict", err)
	}
	if _, err := c.Certs.Renew(ctx, domain, issued.SerialNumber); !errors.Is(err, client.ErrConflict) {
		t.Errorf("Renew of a revoked certificate: error = %v, want ErrConflict", err)
	}

	revoked, err := c.Certs.Get(ctx, domain, issued.SerialNumber)
	if err != nil {
		t.Fatalf("Get revoked: %v", err)
	}
	if !revoked.Revoked || revoked.RevocationReason != "key_compromise" || revoked.RevokedAt.IsZero() {
		t.Errorf("revoked = revoked %v reason %q at %v", revoked.Revoked, revoked.RevocationReason, revoked.RevokedAt)
	}

	if _, err := c.Certs.Get(ctx, domain, "123456789"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Get of an unknown serial: error = %v, want ErrNotFound", err)
	}
	if _, err := c.Certs.Issue(ctx, domain, client.IssueRequest{EntityType: "cvm", EntityID: "vm-2", IPAddresses: []string{"not-an-ip"}}); !errors.Is(err, client.ErrBadRequest) {
		t.Errorf("Issue with a bad IP: error = %v, want ErrBadRequest", err)
	}
	if _, err := c.Certs.Issue(ctx, "no-such-domain", client.IssueRequest{EntityType: "cvm", EntityID: "vm-2"}); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("Issue in an unknown domain: error = %v, want ErrNotFound", err)
	}

	if err := c.Certs.DeleteEntity(ctx, domain, "vm-1"); err != nil {
		t.Fatalf("DeleteEntity: %v", err)
	}
	gone, err := c.Certs.List(ctx, domain, client.ListOptions{Limit: 10, EntityID: "vm-1"})
	if err != nil {
		t.Fatalf("List after delete: %v", err)
	}
	if gone.Total != 0 || len(gone.Certificates) != 0 {
		t.Errorf("after DeleteEntity, vm-1 still lists %d certificates", len(gone.Certificates))
	}
	if err := c.Certs.DeleteEntity(ctx, domain, "vm-1"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("second DeleteEntity: error = %v, want ErrNotFound", err)
	}

	checkRevocationSources(t, c, ctx, issued, renewed, other)
}

// checkRevocationSources checks the CRL and OCSP after the lifecycle: the
// revoked certificate and the deleted entity's renewal are listed, the
// other certificate is good.
func checkRevocationSources(t *testing.T, c *client.Client, ctx context.Context, revoked, deleted, good client.Certificate) {
	t.Helper()

	token, err := c.CA.Token(ctx)
	if err != nil {
		t.Fatalf("CA.Token: %v", err)
	}
	chain, err := c.CA.Download(ctx, token)
	if err != nil {
		t.Fatalf("CA.Download: %v", err)
	}
	issuer := chain.Certificates[0]
	if err := revoked.Cert.CheckSignatureFrom(issuer); err != nil {
		t.Fatalf("the first CA certificate did not issue the leaf: %v", err)
	}

	crl, err := c.CA.CRL(ctx)
	if err != nil {
		t.Fatalf("CRL: %v", err)
	}
	if err := crl.CheckSignatureFrom(issuer); err != nil {
		t.Errorf("CRL signature: %v", err)
	}
	listed := map[string]bool{}
	for _, entry := range crl.RevokedCertificateEntries {
		listed[entry.SerialNumber.String()] = true
	}
	if !listed[revoked.SerialNumber] || !listed[deleted.SerialNumber] || listed[good.SerialNumber] {
		t.Errorf("CRL lists %v; want %s and %s, not %s", listed, revoked.SerialNumber, deleted.SerialNumber, good.SerialNumber)
	}

	status, err := c.CA.OCSP(ctx, revoked.Cert, issuer)
	if err != nil {
		t.Fatalf("OCSP revoked: %v", err)
	}
	if status.Status != client.OCSPRevoked || status.Reason != "key_compromise" || status.RevokedAt.IsZero() {
		t.Errorf("OCSP of the revoked certificate = %+v", status)
	}

	status, err = c.CA.OCSP(ctx, deleted.Cert, issuer)
	if err != nil {
		t.Fatalf("OCSP deleted: %v", err)
	}
	if status.Status != client.OCSPRevoked || status.Reason != "cessation_of_operation" {
		t.Errorf("OCSP of a certificate of a deleted entity = %+v, want revoked, cessation_of_operation", status)
	}

	status, err = c.CA.OCSP(ctx, good.Cert, issuer)
	if err != nil {
		t.Fatalf("OCSP good: %v", err)
	}
	if status.Status != client.OCSPGood {
		t.Errorf("OCSP of the good certificate = %+v", status)
	}
}

func firstSerial(page client.CertificatePage) string {
	if len(page.Certificates) == 0 {
		return ""
	}
	return page.Certificates[0].SerialNumber
}

func TestE2EBundleSavedAndVerifiedByOpenSSL(t *testing.T) {
	c, inst, ctx := e2e(t)

	issued, err := c.Certs.Issue(ctx, inst.DomainID, client.IssueRequest{EntityType: "computation", EntityID: "job-7", IPAddresses: []string{}})
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	token, err := c.Certs.DownloadToken(ctx, inst.DomainID, issued.SerialNumber)
	if err != nil {
		t.Fatalf("DownloadToken: %v", err)
	}
	bundle, err := c.Certs.Download(ctx, inst.DomainID, "job-7", token)
	if err != nil {
		t.Fatalf("Download: %v", err)
	}
	if !bundle.Certificate.Equal(issued.Cert) {
		t.Error("the bundle contains another certificate than the one issued")
	}

	dir := filepath.Join(t.TempDir(), "bundles")
	saved, err := client.SaveBundle(dir, bundle, "job-7", issued.SerialNumber, false)
	if err != nil {
		t.Fatalf("SaveBundle: %v", err)
	}

	info, err := os.Stat(saved.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key.pem mode = %v, want 0600", info.Mode().Perm())
	}

	out, err := openssl(t, "verify", "-CAfile", saved.CA, saved.Certificate)
	if err != nil || !strings.Contains(out, ": OK") {
		t.Errorf("openssl verify rejected the saved bundle: %v\n%s", err, out)
	}

	certKey, err1 := openssl(t, "x509", "-in", saved.Certificate, "-noout", "-pubkey")
	privKey, err2 := openssl(t, "pkey", "-in", saved.PrivateKey, "-pubout")
	if err1 != nil || err2 != nil || certKey != privKey {
		t.Errorf("openssl: key.pem does not match cert.pem (%v, %v)", err1, err2)
	}

	if _, err := client.SaveBundle(dir, bundle, "job-7", issued.SerialNumber, false); !errors.Is(err, client.ErrExists) {
		t.Errorf("saving again: error = %v, want ErrExists", err)
	}
}

func TestE2EDownloadTokenChecks(t *testing.T) {
	c, inst, ctx := e2e(t)

	issued, err := c.Certs.Issue(ctx, inst.DomainID, client.IssueRequest{EntityType: "cvm", EntityID: "vm-9"})
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	token, err := c.Certs.DownloadToken(ctx, inst.DomainID, issued.SerialNumber)
	if err != nil {
		t.Fatalf("DownloadToken: %v", err)
	}

	if _, err := c.Certs.Download(ctx, inst.DomainID, "vm-9", "forged-token"); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("a forged token: error = %v, want ErrUnauthorized", err)
	} else if strings.Contains(err.Error(), "forged-token") {
		t.Errorf("the error shows the download token: %v", err)
	}
	if _, err := c.Certs.Download(ctx, inst.DomainID, "vm-other", token); !errors.Is(err, client.ErrForbidden) {
		t.Errorf("a token for another entity: error = %v, want ErrForbidden", err)
	} else if strings.Contains(err.Error(), token) {
		t.Errorf("the error shows the download token: %v", err)
	}
	if _, err := c.Certs.DownloadToken(ctx, inst.DomainID, "987654321"); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("a token for an unknown serial: error = %v, want ErrNotFound", err)
	}
}

func TestE2ECAChainSaved(t *testing.T) {
	c, _, ctx := e2e(t)

	token, err := c.CA.Token(ctx)
	if err != nil {
		t.Fatalf("CA.Token: %v", err)
	}
	chain, err := c.CA.Download(ctx, token)
	if err != nil {
		t.Fatalf("CA.Download: %v", err)
	}
	for i, cert := range chain.Certificates {
		if !cert.IsCA {
			t.Errorf("CA certificate %d is not a CA", i+1)
		}
	}

	path, err := client.SaveCAChain(t.TempDir(), chain, false)
	if err != nil {
		t.Fatalf("SaveCAChain: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(data, chain.PEM) {
		t.Errorf("ca.pem differs from the downloaded chain (%v)", err)
	}

	root := chain.Certificates[len(chain.Certificates)-1]
	if root.CheckSignatureFrom(root) != nil {
		t.Errorf("the last CA certificate %q is not a self-signed root", root.Subject)
	}

	if _, err := c.CA.Download(ctx, "not-a-token"); !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("a wrong CA token: error = %v, want ErrUnauthorized", err)
	}
}

func TestE2EWrongBearerToken(t *testing.T) {
	_, inst, ctx := e2e(t)

	c, err := client.New(client.Config{BaseURL: inst.URL, Token: "wrong-token"})
	if err != nil {
		t.Fatal(err)
	}

	_, err = c.Certs.List(ctx, inst.DomainID, client.ListOptions{})
	if !errors.Is(err, client.ErrUnauthorized) {
		t.Errorf("error = %v, want ErrUnauthorized", err)
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.Message == "" && apiErr.Kind == "" {
		t.Errorf("the 401 carries neither kind nor message: %+v", apiErr)
	}

	if _, err := c.Health(ctx); err != nil {
		t.Errorf("Health needs no token but failed: %v", err)
	}
}

func TestE2EBundleKeyAlgorithms(t *testing.T) {
	for _, algorithm := range []string{"rsa-2048", "ed25519"} {
		t.Run(algorithm, func(t *testing.T) {
			inst := servertest.Start(t, servertest.WithKeyAlgorithm(algorithm))
			c, err := client.New(client.Config{BaseURL: inst.URL, Token: inst.Token, Timeout: 30 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()

			issued, err := c.Certs.Issue(ctx, inst.DomainID, client.IssueRequest{EntityType: "backend", EntityID: "api"})
			if err != nil {
				t.Fatalf("Issue: %v", err)
			}
			token, err := c.Certs.DownloadToken(ctx, inst.DomainID, issued.SerialNumber)
			if err != nil {
				t.Fatalf("DownloadToken: %v", err)
			}
			bundle, err := c.Certs.Download(ctx, inst.DomainID, "api", token)
			if err != nil {
				t.Fatalf("Download: %v", err)
			}

			saved, err := client.SaveBundle(t.TempDir(), bundle, "api", issued.SerialNumber, false)
			if err != nil {
				t.Fatalf("SaveBundle: %v", err)
			}
			out, err := openssl(t, "verify", "-CAfile", saved.CA, saved.Certificate)
			if err != nil || !strings.Contains(out, ": OK") {
				t.Errorf("openssl verify: %v\n%s", err, out)
			}

			// The OCSP signature is checked for every key algorithm,
			// Ed25519 included.
			issuer := bundle.Chain[0]
			status, err := c.CA.OCSP(ctx, bundle.Certificate, issuer)
			if err != nil {
				t.Fatalf("OCSP before revoke: %v", err)
			}
			if status.Status != client.OCSPGood {
				t.Errorf("OCSP before revoke = %q, want good", status.Status)
			}
			if err := c.Certs.Revoke(ctx, inst.DomainID, issued.SerialNumber, "superseded"); err != nil {
				t.Fatalf("Revoke: %v", err)
			}
			status, err = c.CA.OCSP(ctx, bundle.Certificate, issuer)
			if err != nil {
				t.Fatalf("OCSP after revoke: %v", err)
			}
			if status.Status != client.OCSPRevoked || status.Reason != "superseded" {
				t.Errorf("OCSP after revoke = %+v, want revoked, superseded", status)
			}
		})
	}
}
