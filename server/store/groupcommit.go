package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// insertRequest is one caller's InsertCertificates, waiting for the
// transaction that carries it to commit.
type insertRequest struct {
	certs []NewCertificate
	ids   []int64
	err   error
	done  bool // set, under writeMu, once ids and err are final
}

// insertQueue holds insert requests that no transaction has taken yet.
//
// Inserts commit in groups: the caller that gets writeMu takes every
// request queued meanwhile into its transaction. Under load, issuers queue while a
// commit runs, and the next commit carries all of them, so the cost of a
// commit (the WAL page writes, the shared-memory locks) is shared. Each
// request runs inside its own savepoint, so a repeated serial or a
// revoked renewal fails that request alone.
type insertQueue struct {
	mu      sync.Mutex
	pending []*insertRequest
}

func (q *insertQueue) push(r *insertRequest) {
	q.mu.Lock()
	q.pending = append(q.pending, r)
	q.mu.Unlock()
}

func (q *insertQueue) takeAll() []*insertRequest {
	q.mu.Lock()
	defer q.mu.Unlock()
	queued := q.pending
	q.pending = nil
	return queued
}

// InsertCertificates stores certificates in one transaction and returns
// their row ids once they are committed. When a serial repeats it returns
// ErrSerialTaken, and when the certificate a renewal replaces was revoked
// meanwhile, ErrAlreadyRevoked. Nothing of the call is stored then.
func (s *Store) InsertCertificates(ctx context.Context, certs []NewCertificate) ([]int64, error) {
	req := &insertRequest{certs: certs}
	s.inserts.push(req)

	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if !req.done {
		// The group runs on after this caller's context ends, since other
		// callers' certificates ride in the same transaction.
		s.commitGroup(context.WithoutCancel(ctx), s.inserts.takeAll())
	}
	return req.ids, req.err
}

// commitGroup inserts every request of group in one transaction. Called
// with writeMu held.
func (s *Store) commitGroup(ctx context.Context, group []*insertRequest) {
	defer func() {
		for _, r := range group {
			r.done = true
		}
	}()
	fail := func(err error) {
		for _, r := range group {
			r.ids, r.err = nil, err
		}
	}

	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("begin insert: %w", err))
		return
	}
	defer tx.Rollback()

	insert := tx.StmtContext(ctx, s.insertStmt)
	defer insert.Close()
	if len(group) == 1 {
		// Alone in the transaction, a failed request rolls all of it back,
		// which spares the two savepoint statements.
		r := group[0]
		if r.ids, r.err = s.insertAll(ctx, tx, insert, r.certs); r.err != nil {
			r.ids = nil
			return
		}
	} else {
		for _, r := range group {
			r.ids, r.err = s.insertInSavepoint(ctx, tx, insert, r.certs)
		}
	}
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("commit insert: %w", err))
		return
	}

	// The index changes under writeMu, so its order matches commit order.
	for _, r := range group {
		for i, id := range r.ids {
			s.index.add(r.certs[i].DomainID, r.certs[i].EntityID, id)
		}
	}
}

// insertInSavepoint inserts certs inside a savepoint of tx, and rolls back
// to it when any of them fails, so the rest of the group is kept.
func (s *Store) insertInSavepoint(ctx context.Context, tx *sql.Tx, insert *sql.Stmt, certs []NewCertificate) ([]int64, error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT insert_request`); err != nil {
		return nil, fmt.Errorf("begin savepoint: %w", err)
	}
	ids, err := s.insertAll(ctx, tx, insert, certs)
	if err != nil {
		if _, rbErr := tx.ExecContext(ctx, `ROLLBACK TO insert_request`); rbErr != nil {
			return nil, fmt.Errorf("%w (and undoing it failed: %v)", err, rbErr)
		}
	}
	if _, relErr := tx.ExecContext(ctx, `RELEASE insert_request`); relErr != nil && err == nil {
		return nil, fmt.Errorf("release savepoint: %w", relErr)
	}
	return ids, err
}
