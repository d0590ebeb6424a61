package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// maxLogSize is the size past which the log is moved to <name>.1 at start,
// replacing the previous one, so the log stays bounded without a rotation
// library. The limit is a round figure, not a measured need.
const maxLogSize = 10 << 20

// logFile is the open log of one run.
type logFile struct {
	path   string
	file   *os.File
	logger *slog.Logger
}

// openLog opens path for appending as a 0600 file. A missing folder is
// created 0700. When ownFolder is set the folder is the console's own
// ($XDG_STATE_HOME/certs-tui) and a wider mode on it is narrowed to 0700;
// a folder the operator chose with --log-file is left as it is.
func openLog(path string, ownFolder bool) (*logFile, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("log folder %s cannot be created: %w", dir, pathCause(err))
	}
	if ownFolder {
		if err := narrowMode(dir, 0o700); err != nil {
			return nil, fmt.Errorf("log folder %s: %w", dir, err)
		}
	}

	if err := rotateLog(path); err != nil {
		return nil, err
	}

	file, err := openLogFile(path)
	if err != nil {
		return nil, err
	}

	handler := slog.NewTextHandler(file, &slog.HandlerOptions{Level: slog.LevelInfo})
	return &logFile{path: path, file: file, logger: slog.New(handler)}, nil
}

// openLogFile opens path for appending as a regular 0600 file. A symlink
// at path is rejected, because following it would append to, and narrow
// the mode of, whatever file it names. The mode is narrowed through the
// open descriptor, so a link swapped in after the check changes nothing.
func openLogFile(path string) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("log file %s is not a regular file (a symlink or a device); pass a plain file path with --%s", path, flagLogFile)
	}

	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("log file %s cannot be opened: %w; pass another with --%s", path, pathCause(err), flagLogFile)
	}

	opened, err := file.Stat()
	if err == nil {
		linked, lerr := os.Lstat(path)
		if lerr != nil || !os.SameFile(opened, linked) || !opened.Mode().IsRegular() {
			err = fmt.Errorf("log file %s changed while it was opened; pass a plain file path with --%s", path, flagLogFile)
		}
	}
	if err == nil && opened.Mode().Perm()&^0o600 != 0 {
		err = file.Chmod(opened.Mode().Perm() & 0o600)
	}
	if err != nil {
		_ = file.Close()
		return nil, fmt.Errorf("log file %s: %w", path, err)
	}

	return file, nil
}

// Close closes the log file.
func (l *logFile) Close() error {
	return l.file.Close()
}

// narrowMode removes permission bits beyond want from path, because an
// existing file or folder keeps the mode it was created with.
func narrowMode(path string, want fs.FileMode) error {
	info, err := os.Stat(path)
	if err != nil {
		return pathCause(err)
	}
	if info.Mode().Perm()&^want == 0 {
		return nil
	}
	if err := os.Chmod(path, info.Mode().Perm()&want); err != nil {
		return fmt.Errorf("cannot narrow mode %04o to %04o: %w", info.Mode().Perm(), want, pathCause(err))
	}
	return nil
}

// rotateLog moves a log larger than maxLogSize to path.1.
func rotateLog(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("log file %s: %w", path, pathCause(err))
	}
	if info.Size() <= maxLogSize {
		return nil
	}
	if err := os.Rename(path, path+".1"); err != nil {
		return fmt.Errorf("log file %s cannot be rotated: %w", path, pathCause(err))
	}
	return nil
}
