package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
)

// listKey names one list: a domain's certificates when entityID is empty,
// else those of one entity in it. Entity IDs are never empty.
type listKey struct {
	domainID string
	entityID string
}

// listIndex keeps the ascending row ids of listed (not deleted)
// certificates, per domain and per entity. SQLite reaches OFFSET 90000 only
// by stepping over the 90,000 rows before it. That took about 20 ms with
// modernc.org/sqlite on a 2-core AMD EPYC (BenchmarkListPage). So the store
// finds a page's ids and the total here, and reads just those rows by row
// id from SQLite. The index costs about 16 bytes per certificate plus one
// map entry per entity.
//
// Since the index names every row a list or an entity delete needs, the
// certificates table has no index on domain or entity: each one cost every
// issuance a B-tree insert and its WAL pages (migration 3).
//
// The index is filled at Open and changed only after a committed write,
// while writeMu is held, so its order matches commit order.
type listIndex struct {
	mu  sync.RWMutex
	ids map[listKey][]int64
}

// load reads the ids of every listed certificate.
func (ix *listIndex) load(ctx context.Context, s *Store) error {
	rows, err := s.read.QueryContext(ctx, `SELECT domain_id, entity_id, id FROM certificates WHERE deleted = 0 ORDER BY id`)
	if err != nil {
		return fmt.Errorf("load list index: %w", err)
	}
	defer rows.Close()

	ids := map[listKey][]int64{}
	for rows.Next() {
		var key listKey
		var id int64
		if err := rows.Scan(&key.domainID, &key.entityID, &id); err != nil {
			return fmt.Errorf("load list index: %w", err)
		}
		ids[key] = append(ids[key], id)
		domainKey := listKey{domainID: key.domainID}
		ids[domainKey] = append(ids[domainKey], id)
	}
	ix.mu.Lock()
	ix.ids = ids
	ix.mu.Unlock()
	return rows.Err()
}

// add inserts the id of a new certificate into its domain and entity lists.
func (ix *listIndex) add(domainID, entityID string, id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()

	for _, key := range []listKey{{domainID: domainID}, {domainID: domainID, entityID: entityID}} {
		list := ix.ids[key]
		// Row ids grow, so the position is almost always the end.
		i := len(list)
		for i > 0 && list[i-1] > id {
			i--
		}
		ix.ids[key] = slices.Insert(list, i, id)
	}
}

// removeEntity drops the listed certificates of a deleted entity, whose ids are removedIDs.
func (ix *listIndex) removeEntity(domainID, entityID string, removedIDs []int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()

	drop := make(map[int64]bool, len(removedIDs))
	for _, id := range removedIDs {
		drop[id] = true
	}
	domainKey := listKey{domainID: domainID}
	ix.ids[domainKey] = slices.DeleteFunc(ix.ids[domainKey], func(id int64) bool { return drop[id] })
	delete(ix.ids, listKey{domainID: domainID, entityID: entityID})
}

// page returns the ids of a newest-first page of a list, in ascending
// order, and the number of certificates in the list.
func (ix *listIndex) page(key listKey, limit, offset int) (ids []int64, total int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	list := ix.ids[key]
	total = len(list)
	if offset >= total {
		return nil, total
	}
	end := total - offset // exclusive, in ascending order
	start := max(end-limit, 0)
	return slices.Clone(list[start:end]), total
}

// entity returns the ids of the listed certificates of an entity.
func (ix *listIndex) entity(domainID, entityID string) []int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return slices.Clone(ix.ids[listKey{domainID: domainID, entityID: entityID}])
}

// idsJSON encodes ids as a JSON array, the form SQLite's json_each reads,
// so that one prepared statement takes any number of ids.
func idsJSON(ids []int64) string {
	buf := make([]byte, 0, len(ids)*8+2)
	buf = append(buf, '[')
	for i, id := range ids {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, id, 10)
	}
	return string(append(buf, ']'))
}
