package ui

import (
	tea "charm.land/bubbletea/v2"
)

// copyToClipboard sets the system clipboard through OSC 52, the escape
// sequence terminals, tmux and SSH sessions pass on, and reports it. A
// terminal may ignore OSC 52; tmux needs "set -g set-clipboard on".
func (c *Common) copyToClipboard(label, text string) tea.Cmd {
	c.Logger.Info("copied to the clipboard", "copied", label, "bytes", len(text))
	return tea.Batch(
		tea.SetClipboard(text),
		c.status.set(levelSuccess, "Copied the "+label+" to the clipboard (OSC 52; a terminal that blocks OSC 52 ignores it)"),
	)
}

// copySerial copies the serial in the form the details show first.
func (s *detailsScreen) copySerial() tea.Cmd {
	if s.c.hexSerials {
		serial := hexSerial(s.row.serial)
		if serial == "-" {
			return s.c.status.set(levelWarning, "The serial "+s.row.serial+" is not a decimal number, so it has no hex form to copy")
		}
		return s.c.copyToClipboard("serial "+serial, serial)
	}
	return s.c.copyToClipboard("serial "+s.row.serial, s.row.serial)
}

// copyPEM copies the certificate's PEM, encoded again from the parsed DER.
func (s *detailsScreen) copyPEM() tea.Cmd {
	text := s.pemText()
	if text == "" {
		return s.c.status.set(levelWarning, "There is no parsed certificate to copy; press ctrl+r to load it again")
	}
	return s.c.copyToClipboard("PEM of serial "+shortSerial(s.row.serial, 20), text)
}
