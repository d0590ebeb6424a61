package client

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

// TestE2ECAZipDecoded fetches the local server's CA in its zip form, which
// the client's own Accept header does not select, and decodes it.
func TestE2ECAZipDecoded(t *testing.T) {
	inst := servertest.Start(t)
	c, err := New(Config{BaseURL: inst.URL, Token: inst.Token})
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)

	token, err := c.CA.Token(ctx)
	if err != nil {
		t.Fatalf("CA.Token: %v", err)
	}

	req, err := http.NewRequestWithContext(ctx, "GET", inst.URL+"/certs/download-ca?token="+url.QueryEscape(token), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/zip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}

	if !isZip(body) {
		t.Fatalf("the server sent %s, want a zip", resp.Header.Get("Content-Type"))
	}
	fromZip, err := decodeCAChain(body)
	if err != nil {
		t.Fatalf("decodeCAChain: %v", err)
	}

	// The local server accepts each download token once.
	second, err := c.CA.Token(ctx)
	if err != nil {
		t.Fatalf("CA.Token: %v", err)
	}
	fromPEM, err := c.CA.Download(ctx, second)
	if err != nil {
		t.Fatalf("CA.Download: %v", err)
	}
	if string(fromZip.PEM) != string(fromPEM.PEM) {
		t.Error("the zip and the PEM form carry different chains")
	}
}
