package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// openFirstDetails opens the default domain and the details of its first row.
func openFirstDetails(c *console, entity string) {
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor(entity)
	c.press("enter")
	c.waitFor("Serial (decimal)")
}

func TestDetailsShowFieldsOfKnownCertificate(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-details")
	if cert.Cert == nil {
		t.Fatalf("issued certificate has no parsed X.509: %v", cert.CertErr)
	}

	sum := sha256.Sum256(cert.Cert.Raw)
	wantFingerprint := colonHex(sum[:])
	wantHex := colonHex(cert.Cert.SerialNumber.Bytes())

	c := startConsole(t, Options{Client: cl})
	openFirstDetails(c, "cvm-details")
	screen := c.waitFor("Serial (hex)", wantHex, "IP:10.1.2.3", "SHA-256", wantFingerprint,
		"verified against the service's CA chain", "OCSP", "good, this update")

	for _, want := range []string{cert.SerialNumber, "Basic constraints", "CA: no", "Public key", "Lifetime used", "not revoked"} {
		if !strings.Contains(screen, want) {
			t.Errorf("details do not show %q:\n%s", want, screen)
		}
	}

	// h puts the hex form first, and both forms stay shown.
	c.press("h")
	c.waitUntil("the hex serial first", func(screen string) bool {
		return strings.Index(screen, "Serial (hex)") < strings.Index(screen, "Serial (decimal)")
	})

	// The PEM is at the end of the view: G scrolls to it.
	c.press("G")
	c.waitFor("-----END CERTIFICATE-----")

	// esc returns to the list.
	c.press("esc")
	c.waitFor("Certificates of default")
}

func TestDetailsCopyEmitsOSC52(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-copy")
	wantPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Cert.Raw}))

	c := startConsole(t, Options{Client: cl})
	openFirstDetails(c, "cvm-copy")

	c.press("c")
	c.waitFor("Copied the serial " + cert.SerialNumber)
	wantSerial := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(cert.SerialNumber))
	teatest.WaitFor(t, c.tm.Output(), func(out []byte) bool {
		return bytes.Contains(out, []byte(wantSerial))
	}, teatest.WithDuration(screenWait))

	c.press("C")
	c.waitFor("Copied the PEM")
	wantPEMSeq := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(wantPEM))
	teatest.WaitFor(t, c.tm.Output(), func(out []byte) bool {
		return bytes.Contains(out, []byte(wantPEMSeq))
	}, teatest.WithDuration(screenWait))
}

func TestDetailsRevokeShowsOCSPRevoked(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-revoke")

	c := startConsole(t, Options{Client: cl})
	openFirstDetails(c, "cvm-revoke")
	c.waitFor("good, this update")

	c.press("x")
	c.waitFor("Revoke certificate")
	c.press("right", "y")
	c.waitFor("Revoked serial", "reason key_compromise")
	c.waitUntil("OCSP revoked with key_compromise", func(screen string) bool {
		line := lineWith(screen, "OCSP")
		return strings.Contains(line, "revoked at") && strings.Contains(line, "key_compromise")
	})

	got, err := cl.Certs.Get(context.Background(), srv.DomainID, cert.SerialNumber)
	if err != nil {
		t.Fatalf("get revoked certificate: %v", err)
	}
	if !got.Revoked {
		t.Errorf("server has serial %s not revoked after the details revoke", cert.SerialNumber)
	}
}

func TestDetailsRenewalLinksJump(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	old := issueDirect(t, cl, srv.DomainID, "cvm-renew")
	renewed, err := cl.Certs.Renew(context.Background(), srv.DomainID, old.SerialNumber)
	if err != nil {
		t.Fatalf("renew: %v", err)
	}

	// The list shows the newest first, so the first row is the renewal.
	c := startConsole(t, Options{Client: cl})
	openFirstDetails(c, "cvm-renew")
	c.waitFor("Certificate "+shortSerial(renewed.SerialNumber, 24), "Renewed from", old.SerialNumber+" (p opens it)")

	c.press("p")
	screen := c.waitFor("Certificate "+shortSerial(old.SerialNumber, 24), renewed.SerialNumber+" (n opens it)")
	if line := lineWith(screen, "Renewed from"); !strings.Contains(line, "none") {
		t.Errorf("the first certificate shows %q, want renewed from none", line)
	}

	c.press("n")
	c.waitFor("Certificate "+shortSerial(renewed.SerialNumber, 24), old.SerialNumber+" (p opens it)")
}

func TestDetailsWithoutOCSPShowUnavailable(t *testing.T) {
	srv := servertest.Start(t)

	// A proxy in front of the server returns 404 for OCSP, like a service
	// without an OCSP responder, and passes every other call through.
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/ocsp") {
			_, _ = io.Copy(io.Discard, r.Body)
			http.Error(w, `{"error":"not_found","message":"no such route"}`, http.StatusNotFound)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)

	cl := newTestClient(t, front.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "cvm-no-ocsp")

	c := startConsole(t, Options{Client: cl})
	openFirstDetails(c, "cvm-no-ocsp")
	screen := c.waitFor("unavailable: the service offers no OCSP responder", "verified against")
	if strings.Contains(screen, "✗") {
		t.Errorf("a missing OCSP responder shows as an error:\n%s", screen)
	}
}

func TestDetailsReadOnlyRejectsRevoke(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-ro")

	c := startConsole(t, Options{Client: cl, ReadOnly: true})
	openFirstDetails(c, "cvm-ro")
	c.press("x")
	c.waitFor("Read-only mode: revoke is disabled")

	got, err := cl.Certs.Get(context.Background(), srv.DomainID, cert.SerialNumber)
	if err != nil {
		t.Fatalf("get certificate: %v", err)
	}
	if got.Revoked {
		t.Error("read-only details revoked the certificate")
	}
}

// waitUntil waits until the screen meets the condition, and fails the test
// with the last screen on timeout.
func (c *console) waitUntil(what string, ok func(screen string) bool) {
	c.t.Helper()
	deadline := time.Now().Add(screenWait)
	for !ok(c.app.screen()) {
		if time.Now().After(deadline) {
			c.t.Fatalf("screen does not show %s after %s:\n%s", what, screenWait, c.app.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lineWith returns the first screen line that contains text.
func lineWith(screen, text string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, text) {
			return line
		}
	}
	return ""
}

func TestVerifyChainStatuses(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "cvm-chain")

	ctx := context.Background()
	token, err := cl.CA.Token(ctx)
	if err != nil {
		t.Fatalf("CA token: %v", err)
	}
	chain, err := cl.CA.Download(ctx, token)
	if err != nil {
		t.Fatalf("CA download: %v", err)
	}

	// A second server has its own CA, which did not sign the certificate.
	other := servertest.Start(t)
	otherClient := newTestClient(t, other.URL, other.Token)
	otherToken, err := otherClient.CA.Token(ctx)
	if err != nil {
		t.Fatalf("other CA token: %v", err)
	}
	otherChain, err := otherClient.CA.Download(ctx, otherToken)
	if err != nil {
		t.Fatalf("other CA download: %v", err)
	}

	leaf := cert.Cert
	cases := []struct {
		name string
		now  time.Time
		want chainStatus
	}{
		{"verified", leaf.NotBefore.Add(time.Hour), chainVerified},
		{"expired", leaf.NotAfter.Add(time.Hour), chainExpired},
		{"not yet valid", leaf.NotBefore.Add(-time.Hour), chainNotYetValid},
	}
	for _, tc := range cases {
		got, detail := verifyChain(leaf, chain.Certificates, tc.now)
		if got != tc.want {
			t.Errorf("%s: status %s (%s), want %s", tc.name, got, detail, tc.want)
		}
	}

	if got, _ := verifyChain(leaf, otherChain.Certificates, time.Now()); got != chainUnknownIssuer {
		t.Errorf("foreign CA: status %s, want %s", got, chainUnknownIssuer)
	}
	if findIssuer(leaf, chain.Certificates) == nil {
		t.Error("findIssuer found no issuer in the service's own chain")
	}
	if findIssuer(leaf, otherChain.Certificates) != nil {
		t.Error("findIssuer found an issuer in a foreign chain")
	}
}

func TestHexSerial(t *testing.T) {
	cases := map[string]string{"0": "00", "255": "FF", "256": "01:00", "65535": "FF:FF", "abc": "-", "-5": "-"}
	for in, want := range cases {
		if got := hexSerial(in); got != want {
			t.Errorf("hexSerial(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetailsWrapOnSmallTerminal(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "small-details")
	sum := sha256.Sum256(cert.Cert.Raw)

	a := New(Options{Client: cl})
	d := newDetailsScreen(a.c, srv.DomainID, newCertRow(cert))
	d.cert = &cert
	d.SetSize(minWidth, minHeight)
	content := ansi.Strip(d.content())

	// The 95-character SHA-256 fingerprint wraps at its colons within the
	// value column instead of being cut at the terminal's edge.
	if got, want := wrappedValue(content, "SHA-256", "SHA-1"), colonHex(sum[:]); got != want {
		t.Errorf("SHA-256 value column reads %q, want %q:\n%s", got, want, content)
	}
	for i, line := range strings.Split(content, "\n") {
		if w := ansi.StringWidth(line); w > minWidth {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, minWidth, line)
		}
	}
}

// wrappedValue joins the value column of a field that wraps over several
// lines, from the line labelled label to the line labelled next.
func wrappedValue(screen, label, next string) string {
	var b strings.Builder
	inside := false
	for _, line := range strings.Split(screen, "\n") {
		switch {
		case strings.HasPrefix(line, label+" "):
			inside = true
		case strings.HasPrefix(line, next+" "):
			return b.String()
		}
		if inside && len(line) > detailsLabelWidth {
			b.WriteString(strings.TrimSpace(line[detailsLabelWidth:]))
		}
	}
	return ""
}

func TestDetailsRenewShowsSuccessor(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	issueDirect(t, cl, srv.DomainID, "cvm-renew-here")

	c := startConsole(t, Options{Client: cl})
	openFirstDetails(c, "cvm-renew-here")
	c.waitFor("Renewed by", "none")

	c.press("r")
	c.waitFor("Renew certificate")
	c.press("y")
	c.waitFor("Renewed cvm-renew-here")

	page := listAll(t, cl, srv.DomainID)
	if page.Total != 2 {
		t.Fatalf("server lists %d certificates after renew, want 2", page.Total)
	}
	newest := page.Certificates[0].SerialNumber
	c.waitFor(newest + " (n opens it)")

	// d opens the download dialog for this certificate.
	c.press("d")
	c.waitFor("Download bundle", "cvm-renew-here")
}
