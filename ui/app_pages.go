package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// openDetails shows the details page of a certificate over the list. A
// details page already open, for a renewal link, is replaced.
func (a *App) openDetails(domainID string, row certRow) tea.Cmd {
	a.details = newDetailsScreen(a.c, domainID, row)
	a.resize()
	return a.details.Init()
}

// closeDetails returns to the certificate list, redrawn when the serial
// form was switched on the details page.
func (a *App) closeDetails() tea.Cmd {
	if a.details != nil && a.certs != nil && a.details.hexAtOpen != a.c.hexSerials {
		a.certs.rebuildTable()
	}
	a.details = nil
	return nil
}

// routeDetails hands the replies of details calls to the details page, and
// caches the CA chain whichever page requested it.
func (a *App) routeDetails(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	if chain, ok := msg.(caChainMsg); ok {
		a.c.storeCAChain(chain)
		if a.caPage != nil {
			cmds = append(cmds, a.caPage.Update(msg))
		}
	}
	if a.details != nil {
		cmds = append(cmds, a.details.Update(msg))
	}
	return tea.Batch(cmds...)
}

// openCA shows the CA screen over the current page.
func (a *App) openCA() tea.Cmd {
	a.caPage = newCAScreen(a.c)
	a.resize()
	return a.caPage.Init()
}

// closeCA returns to the page under the CA screen.
func (a *App) closeCA() tea.Cmd {
	a.caPage = nil
	return nil
}

// routeCA hands the result of a ca.pem save to the CA screen. After the
// screen closed, the result still ends its task and reaches the status line.
func (a *App) routeCA(msg caSavedMsg) tea.Cmd {
	if a.caPage != nil {
		return a.caPage.Update(msg)
	}
	return newCAScreen(a.c).handleSaved(msg)
}

// openExpiry shows the expiry overview of a domain over its list.
func (a *App) openExpiry(domain client.Domain) tea.Cmd {
	a.expiry = newExpiryScreen(a.c, domain)
	a.resize()
	return a.expiry.Init()
}

// closeExpiry returns to the certificate list.
func (a *App) closeExpiry() tea.Cmd {
	a.expiry = nil
	return nil
}

// showExpiring closes the expiry overview and narrows the certificate list
// of the same domain by the filter, applied to the certificates in data.
func (a *App) showExpiring(f expiryFilter, data expiryLoadedMsg) tea.Cmd {
	a.expiry = nil
	if a.certs == nil || a.certs.domain.ID != data.domainID {
		return nil
	}
	return a.certs.applyExpiryFilter(f, data)
}

// refreshList reloads the certificate list, whose counts the header shows.
func (a *App) refreshList() tea.Cmd {
	if a.certs == nil {
		return nil
	}
	return a.certs.reload()
}

// routeExpiry hands a loaded list to the expiry overview, if still open.
func (a *App) routeExpiry(msg expiryLoadedMsg) tea.Cmd {
	if a.expiry == nil {
		return nil
	}
	return a.expiry.Update(msg)
}

// routeBulk records the results of a bulk action as they arrive and, at the
// end, reports the outcome and lets the list drop the marks it handled.
func (a *App) routeBulk(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case bulkResultMsg:
		msg.run.record(msg)
		if msg.err != nil {
			a.c.Logger.Warn("bulk action call failed", "action", msg.run.kind.String(), "domain", msg.run.domainID, "serial", msg.row.serial, "err", msg.err)
		}
		return msg.run.next()

	case bulkFinishedMsg:
		run := msg.run
		run.finished = true
		failed := len(run.failures)
		a.c.Logger.Info("bulk action finished", "action", run.kind.String(), "domain", run.domainID, "count", len(run.rows), "failed", failed)

		level, text := levelSuccess, fmt.Sprintf("Bulk %s of %s finished", run.kind.String(), countNoun(len(run.rows), "certificate"))
		if failed > 0 {
			level, text = levelWarning, text+fmt.Sprintf(": %d failed and stay marked", failed)
		}
		cmds := []tea.Cmd{a.c.status.set(level, text)}
		if a.certs != nil {
			cmds = append(cmds, a.certs.finishBulk(run))
		}
		return tea.Batch(cmds...)
	}
	return nil
}
