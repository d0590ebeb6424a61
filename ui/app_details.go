package ui

import (
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

// closeDetails returns to the certificate list.
func (a *App) closeDetails() tea.Cmd {
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

// routeExpiry hands a loaded list to the expiry overview, if still open.
func (a *App) routeExpiry(msg expiryLoadedMsg) tea.Cmd {
	if a.expiry == nil {
		return nil
	}
	return a.expiry.Update(msg)
}
