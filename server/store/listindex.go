package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// listIndex keeps, per domain, the ascending row ids of its listed (not
// deleted) certificates. SQLite reaches OFFSET 90000 only by stepping over
// the 90,000 rows before it. That took about 20 ms with modernc.org/sqlite
// on a 2-core AMD EPYC (BenchmarkListPage). So the store finds a page's id
// range here and reads just that range from SQLite. The index costs 8 bytes
// per certificate.
//
// The index is filled at Open and changed only after a committed write,
// while writeMu is held, so its order matches commit order.
type listIndex struct {
	mu  sync.RWMutex
	ids map[string][]int64
}

// load reads the ids of every listed certificate.
func (ix *listIndex) load(ctx context.Context, s *Store) error {
	rows, err := s.read.QueryContext(ctx, `SELECT domain_id, id FROM certificates WHERE deleted = 0 ORDER BY id`)
	if err != nil {
		return fmt.Errorf("load list index: %w", err)
	}
	defer rows.Close()

	ids := map[string][]int64{}
	for rows.Next() {
		var domainID string
		var id int64
		if err := rows.Scan(&domainID, &id); err != nil {
			return fmt.Errorf("load list index: %w", err)
		}
		ids[domainID] = append(ids[domainID], id)
	}
	ix.mu.Lock()
	ix.ids = ids
	ix.mu.Unlock()
	return rows.Err()
}

// add inserts the ids of new certificates of a domain, keeping the order.
func (ix *listIndex) add(domainID string, newIDs ...int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()

	list := ix.ids[domainID]
	for _, id := range newIDs {
		// Row ids grow, so the position is almost always the end.
		i := len(list)
		for i > 0 && list[i-1] > id {
			i--
		}
		list = slices.Insert(list, i, id)
	}
	ix.ids[domainID] = list
}

// remove drops the ids of deleted certificates of a domain.
func (ix *listIndex) remove(domainID string, gone []int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()

	drop := make(map[int64]bool, len(gone))
	for _, id := range gone {
		drop[id] = true
	}
	ix.ids[domainID] = slices.DeleteFunc(ix.ids[domainID], func(id int64) bool { return drop[id] })
}

// page returns the id range of a newest-first page and the number of listed
// certificates in the domain. ok is false when the page is empty.
func (ix *listIndex) page(domainID string, limit, offset int) (lowest, highest int64, total int, ok bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	list := ix.ids[domainID]
	total = len(list)
	if offset >= total {
		return 0, 0, total, false
	}
	end := total - offset // exclusive, in ascending order
	start := max(end-limit, 0)
	return list[start], list[end-1], total, true
}
