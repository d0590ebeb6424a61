package ui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// actionKind names an operation on certificates.
type actionKind int

const (
	actionIssue actionKind = iota + 1
	actionRenew
	actionRevoke
	actionDelete
	actionDownload
)

// String returns the verb shown in messages.
func (k actionKind) String() string {
	switch k {
	case actionIssue:
		return "issue"
	case actionRenew:
		return "renew"
	case actionRevoke:
		return "revoke"
	case actionDelete:
		return "delete"
	case actionDownload:
		return "download"
	}
	return "action"
}

// action holds the inputs of one operation; it is copied into the command so
// the command never reads the live model.
type action struct {
	kind      actionKind
	domainID  string
	serial    string
	entity    string
	reason    string // revoke reason, RFC 5280 name; empty for unspecified
	issue     client.IssueRequest
	dir       string         // download folder
	overwrite bool           // replace existing bundle files
	bundle    *client.Bundle // already downloaded, when retrying a save
}

// actionDoneMsg is the result of an action, matched to its task by id.
type actionDoneMsg struct {
	task   int
	action action
	cert   client.Certificate // issue and renew: the new certificate
	saved  client.SavedFiles  // download: the written files
	bundle *client.Bundle     // download: kept when the save was refused, to retry without a new token
	err    error
}

// startText is shown beside the spinner while the action runs. The serial
// and entity of an action are as the service sent them, so they are
// sanitized here.
func (a action) startText() string {
	entity, serial := sanitize.Text(a.entity), shortSerial(sanitize.Text(a.serial), 20)
	switch a.kind {
	case actionIssue:
		return fmt.Sprintf("Issuing a %s certificate for %s…", a.issue.EntityType, sanitize.Text(a.issue.EntityID))
	case actionRenew:
		return fmt.Sprintf("Renewing %s (serial %s)…", entity, serial)
	case actionRevoke:
		return fmt.Sprintf("Revoking %s (serial %s)…", entity, serial)
	case actionDelete:
		return fmt.Sprintf("Deleting the certificates of %s…", entity)
	case actionDownload:
		return fmt.Sprintf("Downloading the bundle of %s to %s…", entity, sanitize.Text(a.dir))
	}
	return "Working…"
}

// runAction starts a task for the action and returns its command.
func (c *Common) runAction(a action) tea.Cmd {
	_, cmd := c.startAction(a)
	return cmd
}

// startAction starts a task for the action and returns its id, which the
// actionDoneMsg carries, and its command.
func (c *Common) startAction(a action) (int, tea.Cmd) {
	id, tick := c.tasks.start(a.startText())
	return id, tea.Batch(tick, actionCmd(c.Ctx, c.Client, id, a))
}

// actionCmd performs the action through the client.
func actionCmd(parent context.Context, cl *client.Client, id int, a action) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, requestTimeout)
		defer cancel()

		done := actionDoneMsg{task: id, action: a}
		switch a.kind {
		case actionIssue:
			done.cert, done.err = cl.Certs.Issue(ctx, a.domainID, a.issue)
		case actionRenew:
			done.cert, done.err = cl.Certs.Renew(ctx, a.domainID, a.serial)
		case actionRevoke:
			done.err = cl.Certs.Revoke(ctx, a.domainID, a.serial, a.reason)
		case actionDelete:
			done.err = cl.Certs.DeleteEntity(ctx, a.domainID, a.entity)
		case actionDownload:
			done.saved, done.bundle, done.err = download(ctx, cl, a)
		}
		return done
	}
}

// download fetches a bundle, unless the action already carries one, and saves
// it. The bundle is returned when the save failed, so a confirmed overwrite
// does not need a new download token.
func download(ctx context.Context, cl *client.Client, a action) (client.SavedFiles, *client.Bundle, error) {
	b := a.bundle
	if b == nil {
		fetched, err := cl.Certs.DownloadSerial(ctx, a.domainID, a.serial, a.entity)
		if err != nil {
			return client.SavedFiles{}, nil, err
		}
		b = &fetched
	}

	saved, err := client.SaveBundle(a.dir, *b, a.entity, a.serial, a.overwrite)
	if err != nil {
		return client.SavedFiles{}, b, err
	}
	return saved, nil, nil
}

// successText describes what a finished action did.
func (m actionDoneMsg) successText() string {
	a := m.action
	entity, serial := sanitize.Text(a.entity), sanitize.Text(a.serial)
	newSerial := sanitize.Text(m.cert.SerialNumber) // empty when the service returned no body
	switch {
	case a.kind == actionIssue && newSerial == "":
		return fmt.Sprintf("Issued a certificate for %s; the service returned no serial, so find it in the refreshed list", sanitize.Text(a.issue.EntityID))
	case a.kind == actionRenew && newSerial == "":
		return fmt.Sprintf("Renewed %s; the service returned no new serial, so find it in the refreshed list", entity)
	case a.kind == actionDownload && m.saved.DirTightenedFrom != 0:
		// The mode change leads, because a long folder is cut off the
		// status line.
		before := m.saved.DirTightenedFrom.Perm()
		return fmt.Sprintf("Changed the folder's mode from %04o to %04o, so only you can open it, and saved cert.pem, key.pem (mode 0600) and ca.pem in %s",
			before, before&^0o077, sanitize.Text(m.saved.Dir))
	}

	switch a.kind {
	case actionIssue:
		return fmt.Sprintf("Issued serial %s for %s; press d to download its bundle", newSerial, sanitize.Text(a.issue.EntityID))
	case actionRenew:
		return fmt.Sprintf("Renewed %s: new serial %s; the old certificate stays valid until it expires", entity, newSerial)
	case actionRevoke:
		reason := a.reason
		if reason == "" {
			reason = "unspecified"
		}
		return fmt.Sprintf("Revoked serial %s of %s (reason %s)", serial, entity, reason)
	case actionDelete:
		return fmt.Sprintf("Deleted the certificates of %s: they are revoked and no longer listed", entity)
	case actionDownload:
		return fmt.Sprintf("Saved cert.pem, key.pem (mode 0600) and ca.pem in %s", sanitize.Text(m.saved.Dir))
	}
	return "Done"
}
