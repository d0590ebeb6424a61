package ui

import (
	tea "charm.land/bubbletea/v2"
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
// caches the CA chain whichever page asked for it.
func (a *App) routeDetails(msg tea.Msg) tea.Cmd {
	if chain, ok := msg.(caChainMsg); ok {
		a.c.storeCAChain(chain)
	}
	if a.details == nil {
		return nil
	}
	return a.details.Update(msg)
}
