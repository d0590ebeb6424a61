package main

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"

	tea "charm.land/bubbletea/v2"
)

// crashGuard wraps the console's root model and logs any panic in Init,
// Update, View or a command they return, with the stack of the panic itself,
// then panics again so that Bubble Tea restores the terminal as usual.
// Bubble Tea v2.1.1 prints a panic of a command in a batch before it restores
// the terminal, where the alternate screen hides it, so the log is the record.
type crashGuard struct {
	model  tea.Model
	logger *slog.Logger
	crash  *crashRecord
}

// crashRecord keeps the first panic value for the message printed after the
// terminal is restored. It is shared by the copies of crashGuard that
// Update returns.
type crashRecord struct {
	mu    sync.Mutex
	value any
	seen  bool
}

func newCrashGuard(model tea.Model, logger *slog.Logger) crashGuard {
	return crashGuard{model: model, logger: logger, crash: &crashRecord{}}
}

func (g crashGuard) Init() tea.Cmd {
	defer g.recordPanic("Init")
	return g.guardCmd(g.model.Init())
}

func (g crashGuard) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer g.recordPanic("Update")
	model, cmd := g.model.Update(msg)
	g.model = model
	return g, g.guardCmd(cmd)
}

// guardCmd wraps cmd, and the commands of a tea.Batch it returns, so their
// panics are recorded too. The steps of a tea.Sequence are not reachable
// because Bubble Tea keeps their message type unexported. A panic there
// still ends the console, without the value in the final message.
func (g crashGuard) guardCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		defer g.recordPanic("command")
		msg := cmd()

		batch, ok := msg.(tea.BatchMsg)
		if !ok {
			return msg
		}
		guarded := make(tea.BatchMsg, len(batch))
		for i, inner := range batch {
			guarded[i] = g.guardCmd(inner)
		}
		return guarded
	}
}

func (g crashGuard) View() tea.View {
	defer g.recordPanic("View")
	return g.model.View()
}

// recordPanic must be deferred directly: recover only works there.
func (g crashGuard) recordPanic(method string) {
	r := recover()
	if r == nil {
		return
	}

	g.logger.Error("console panicked", "method", method, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
	g.crash.mu.Lock()
	if !g.crash.seen {
		g.crash.value, g.crash.seen = r, true
	}
	g.crash.mu.Unlock()
	panic(r)
}

// panicValue returns the first recorded panic, and whether there was one.
func (g crashGuard) panicValue() (any, bool) {
	g.crash.mu.Lock()
	defer g.crash.mu.Unlock()
	return g.crash.value, g.crash.seen
}

// recordFatalCrashes copies the output of a fatal error, such as a panic in
// a goroutine that nothing recovers, into the log file as well as stderr.
// Such a crash ends the process with the terminal still in raw mode and the
// alternate screen hiding stderr, so the log is the only readable record.
// The returned function turns the copy off again.
func recordFatalCrashes(file *os.File, logger *slog.Logger) func() {
	if err := debug.SetCrashOutput(file, debug.CrashOptions{}); err != nil {
		logger.Warn("fatal crashes will not be copied to the log", "error", err)
		return func() {}
	}
	return func() {
		if err := debug.SetCrashOutput(nil, debug.CrashOptions{}); err != nil {
			logger.Warn("crash output not reset", "error", err)
		}
	}
}
