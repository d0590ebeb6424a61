package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/server/servertest"
)

// entityRuleCases are entity IDs at the edges of the entity ID rule: 1 to
// 128 characters, no control or invisible character, no slash.
var entityRuleCases = []string{
	"cvm 01",                 // inner space
	"cvm\u00a001",            // no-break space, a lookalike that the server accepts
	"cvm\u300001",            // ideographic space
	"a.b_c:d@e+f=g,h",        // punctuation
	"計算-wide",                // wide characters
	"é-combining\u0301",      // combining mark
	"cvm\u200b01",            // zero-width space (Cf)
	"cvm\u202e10",            // right-to-left override (bidi control)
	"cvm\u2028b",             // line separator (Zl)
	"cvm\u2029b",             // paragraph separator (Zp)
	"cvm\ufe0f01",            // variation selector
	"cvm\u034f01",            // combining grapheme joiner (default ignorable)
	"cvm\u3164",              // Hangul filler (default ignorable)
	"cvm\u0085",              // next line (C1 control)
	"cvm\x7f",                // DEL
	"cvm/01",                 // slash
	"..",                     // path segment
	".hidden",                // a dot that is not a whole segment
	"%2F",                    // escaped slash stays text
	"?#&",                    // URL delimiters are escaped by the client
	strings.Repeat("x", 128), // the longest ID
	strings.Repeat("x", 129), // one too long
	strings.Repeat("é", 128), // 128 characters of two bytes each
}

// TestEntityIDRuleMatchesServer checks that the issue form accepts exactly
// the entity IDs the local server accepts. Each case the form accepts is
// issued for real, with a common name so that IDs over 64 characters fit.
func TestEntityIDRuleMatchesServer(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)

	for _, id := range entityRuleCases {
		formErr := validateEntityID(id)

		_, serverErr := cl.Certs.Issue(context.Background(), srv.DomainID, client.IssueRequest{
			EntityType: "cvm", EntityID: id, IPAddresses: []string{}, CommonName: "rule-test",
		})
		var apiErr *client.APIError
		if serverErr != nil && !errors.As(serverErr, &apiErr) {
			// The client rejects control characters and dot segments
			// itself, before sending, and the server rejects them too.
			t.Logf("client rejected %+q before sending: %v", id, serverErr)
		}

		switch {
		case formErr == nil && serverErr != nil:
			t.Errorf("the form accepts entity ID %+q, but the server rejects it: %v", id, serverErr)
		case formErr != nil && serverErr == nil:
			t.Errorf("the form rejects entity ID %+q (%v), but the server accepts it", id, formErr)
		}
	}
}

func TestEntityIDErrorsNameTheProblem(t *testing.T) {
	cases := map[string]string{
		"":                       "missing",
		"a/b":                    "slash",
		"a\u200bb":               "U+200B",
		"a\ufe0fb":               "U+FE0F",
		"a\u2028b":               "U+2028",
		"a\x7fb":                 "U+007F",
		"..":                     "path segment",
		strings.Repeat("y", 130): "130 characters",
	}
	for id, want := range cases {
		err := validateEntityID(id)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validateEntityID(%+q) = %v, want an error containing %q", id, err, want)
		}
	}
}

func TestIssueEntityIDWithSpaces(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("This domain has no certificates yet")

	// An inner space is sent at once.
	c.press("i")
	c.waitFor("Issue a certificate")
	c.typeText("edge cvm")
	c.press("enter")
	c.waitFor("Issued serial")

	// A space at the end warns first, and a second enter sends it as typed.
	c.press("i")
	c.waitFor("Issue a certificate")
	c.typeText("edge cvm ")
	c.press("enter")
	screen := c.waitFor("ends with a space")
	if !strings.Contains(screen, "Issue a certificate") {
		t.Fatalf("the warning closed the form:\n%s", screen)
	}
	if page := listAll(t, cl, srv.DomainID); page.Total != 1 {
		t.Fatalf("server lists %d certificates after the warning, want 1: nothing may be sent", page.Total)
	}
	c.press("enter")
	c.waitUntil("the second certificate in the list", func(screen string) bool {
		return strings.Contains(screen, "2 valid")
	})

	ids := map[string]bool{}
	for _, cert := range listAll(t, cl, srv.DomainID).Certificates {
		ids[cert.EntityID] = true
	}
	for _, want := range []string{"edge cvm", "edge cvm "} {
		if !ids[want] {
			t.Errorf("the server has no certificate of entity %q; it has %v", want, ids)
		}
	}
}

func TestIssueWarnsEachEdgeSpace(t *testing.T) {
	a := newTestApp(t, Options{})
	openTestDomain(a, testCertificates(), 4)
	feed(a, keyPress("i"))
	d := a.dialog.(*issueDialog)
	d.entityID.SetValue("cvm-edge ")
	d.cn.SetValue(" cn-edge")

	// Each field's warning shows once, and only the third enter sends.
	feed(a, keyPress("enter"))
	if !strings.Contains(d.warnText, `entity ID "cvm-edge " ends with a space`) {
		t.Errorf("first enter: warning is %q, want the entity ID's", d.warnText)
	}
	feed(a, keyPress("enter"))
	if !strings.Contains(d.warnText, `common name " cn-edge" starts with a space`) {
		t.Errorf("second enter: warning is %q, want the common name's", d.warnText)
	}
	if d.pending != 0 {
		t.Errorf("second enter sent the request before the common name's warning showed")
	}
	feed(a, keyPress("enter"))
	if d.pending == 0 {
		t.Errorf("third enter did not send the request; warning %q, error %q", d.warnText, d.errText)
	}
}
