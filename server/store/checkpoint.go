package store

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"
)

// checkpointInterval is how often the background checkpointer copies
// committed WAL frames into the database file.
const checkpointInterval = 200 * time.Millisecond

// fallbackCheckpointPages is the WAL size, in pages (80 MB), at which the
// write connection checkpoints by itself. It acts only when the background
// checkpointer falls behind, for example while a long read holds old frames.
const fallbackCheckpointPages = 20000

// checkpointer runs SQLite's WAL checkpoints on a read connection, away
// from the writer. By default SQLite checkpoints inside the commit that
// pushes the WAL past 1000 pages, and that commit waits for an fsync while
// writeMu is held, so every issuer queues behind it. Moving checkpoints
// here made HTTP issuance about 20% faster in BenchmarkIssuance.
//
// A PASSIVE checkpoint never blocks the writer, and a commit is durable in
// the WAL before any checkpoint copies it.
type checkpointer struct {
	db       *sql.DB
	logger   *slog.Logger
	stop     chan struct{}
	stopOnce sync.Once
	done     sync.WaitGroup

	failing bool // the last checkpoint failed; touched by the loop only
}

func startCheckpointer(db *sql.DB, interval time.Duration, logger *slog.Logger) *checkpointer {
	c := &checkpointer{db: db, logger: logger, stop: make(chan struct{})}
	c.done.Go(func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-c.stop:
				return
			case <-ticker.C:
				c.checkpoint(context.Background())
			}
		}
	})
	return c
}

// checkpoint copies the frames no reader still needs. A failure costs only
// WAL growth and the next tick tries again, so it is logged once when it
// starts and once when checkpoints work again, not on every tick.
func (c *checkpointer) checkpoint(ctx context.Context) {
	var busy, walFrames, copied int
	err := c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &walFrames, &copied)
	switch {
	case err != nil && !c.failing:
		c.logger.WarnContext(ctx, "WAL checkpoint failed, the WAL grows until one succeeds", "error", err)
	case err == nil && c.failing:
		c.logger.InfoContext(ctx, "WAL checkpoint works again", "wal_frames", walFrames, "copied_frames", copied)
	}
	c.failing = err != nil
}

// close stops the ticker and waits for a checkpoint in progress. Closing
// twice is harmless, as Store.Close may be called twice.
func (c *checkpointer) close() {
	c.stopOnce.Do(func() { close(c.stop) })
	c.done.Wait()
}
