package store

import "time"

// SetCheckpointing changes how often and at what WAL size the checkpointer
// acts, for stores opened until the returned function restores the values.
func SetCheckpointing(interval time.Duration, restartFrames int) (restore func()) {
	oldInterval, oldFrames := checkpointInterval, walRestartFrames
	checkpointInterval, walRestartFrames = interval, restartFrames
	return func() { checkpointInterval, walRestartFrames = oldInterval, oldFrames }
}
