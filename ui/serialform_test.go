package ui

import (
	"strings"
	"testing"

	"github.com/certs-tui/certs-tui/server/servertest"
)

func TestSerialFormToggleListAndDetails(t *testing.T) {
	srv := servertest.Start(t)
	cl := newTestClient(t, srv.URL, srv.Token)
	cert := issueDirect(t, cl, srv.DomainID, "hex-a")
	hex := hexSerial(cert.SerialNumber)

	c := startConsole(t, Options{Client: cl})
	c.waitFor("Domains", "default")
	c.press("enter")
	c.waitFor("hex-a", shortSerial(cert.SerialNumber, shortSerialWidth))

	// h shows the list's serials in hex, shortened to the column.
	c.press("h")
	screen := c.waitFor(shortSerial(hex, shortSerialWidth))
	if strings.Contains(screen, shortSerial(cert.SerialNumber, shortSerialWidth)) {
		t.Errorf("the decimal serial remains after h:\n%s", screen)
	}

	// The details follow the same choice, and h there switches back.
	c.press("enter")
	c.waitUntil("the hex serial first", func(screen string) bool {
		hexAt, decimalAt := strings.Index(screen, "Serial (hex)"), strings.Index(screen, "Serial (decimal)")
		return hexAt >= 0 && decimalAt > hexAt
	})
	c.press("h", "esc")
	c.waitFor("Certificates of default", shortSerial(cert.SerialNumber, shortSerialWidth))
}
