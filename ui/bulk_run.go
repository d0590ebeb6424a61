package ui

import (
	"context"
	"sort"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/sync/errgroup"

	"github.com/certs-tui/certs-tui/client"
)

// bulkConcurrency is how many calls of a bulk action run at once, so a batch
// of hundreds does not flood the service.
const bulkConcurrency = 4

// bulkFailure is one certificate a bulk action could not change.
type bulkFailure struct {
	row certRow
	err error
}

// bulkRun is the state of one bulk action. Update owns it; the worker
// goroutines only send results on the channel.
type bulkRun struct {
	kind     actionKind
	domainID string
	reason   string // revoke reason; empty for unspecified
	rows     []certRow
	results  chan bulkResultMsg

	done     int
	failures []bulkFailure
	finished bool
}

// bulkResultMsg is the outcome of one call of a bulk action.
type bulkResultMsg struct {
	run *bulkRun
	row certRow
	err error
}

// bulkFinishedMsg reports that every call of a bulk action returned.
type bulkFinishedMsg struct{ run *bulkRun }

// newBulkRun prepares a bulk action. The results channel is buffered for
// one result per row, so the workers never wait for the console to read.
func newBulkRun(kind actionKind, domainID, reason string, rows []certRow) *bulkRun {
	sorted := append([]certRow(nil), rows...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].serial < sorted[j].serial })
	return &bulkRun{kind: kind, domainID: domainID, reason: reason, rows: sorted, results: make(chan bulkResultMsg, len(rows))}
}

// start returns the commands that run the batch and read its first result.
func (r *bulkRun) start(parent context.Context, cl *client.Client) tea.Cmd {
	return tea.Batch(runBulkCmd(parent, cl, r), r.next())
}

// next returns the command that waits for the next result, or for the end.
func (r *bulkRun) next() tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-r.results
		if !ok {
			return bulkFinishedMsg{run: r}
		}
		return msg
	}
}

// record counts one result. Failures are kept in serial order.
func (r *bulkRun) record(msg bulkResultMsg) {
	r.done++
	if msg.err != nil {
		r.failures = append(r.failures, bulkFailure{row: msg.row, err: msg.err})
		sort.Slice(r.failures, func(i, j int) bool { return r.failures[i].row.serial < r.failures[j].row.serial })
	}
}

// runBulkCmd calls the service for every row, at most bulkConcurrency at a
// time. A failed call does not stop the others. The channel is closed when
// the last call returned.
func runBulkCmd(parent context.Context, cl *client.Client, run *bulkRun) tea.Cmd {
	kind, domainID, reason := run.kind, run.domainID, run.reason
	rows, results := run.rows, run.results
	return func() tea.Msg {
		var g errgroup.Group
		g.SetLimit(bulkConcurrency)
		for _, row := range rows {
			g.Go(func() error {
				ctx, cancel := context.WithTimeout(parent, requestTimeout)
				defer cancel()

				var err error
				switch kind {
				case actionRenew:
					_, err = cl.Certs.Renew(ctx, domainID, row.apiSerial)
				case actionRevoke:
					err = cl.Certs.Revoke(ctx, domainID, row.apiSerial, reason)
				}
				results <- bulkResultMsg{run: run, row: row, err: err}
				return nil
			})
		}
		_ = g.Wait() // every worker returns nil; failures travel on the channel
		close(results)
		return nil
	}
}
