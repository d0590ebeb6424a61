package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// statusLevel is the severity of a status message.
type statusLevel int

const (
	levelInfo statusLevel = iota
	levelSuccess
	levelWarning
	levelError
)

// How long a message stays on the status line. Errors stay longer because
// they usually explain what to do next.
const (
	statusDuration      = 6 * time.Second
	errorStatusDuration = 20 * time.Second
)

// clearStatusMsg clears the status line if no newer message replaced it.
type clearStatusMsg struct{ seq int }

// statusLine is the one-line message area with levels and a timer.
type statusLine struct {
	text  string
	level statusLevel
	seq   int
}

// set shows a message and returns the command that clears it later.
func (s *statusLine) set(level statusLevel, text string) tea.Cmd {
	s.seq++
	s.level, s.text = level, text

	d := statusDuration
	if level == levelError {
		d = errorStatusDuration
	}
	seq := s.seq
	return tea.Tick(d, func(time.Time) tea.Msg { return clearStatusMsg{seq: seq} })
}

// clear removes the message when msg belongs to the current one.
func (s *statusLine) clear(msg clearStatusMsg) {
	if msg.seq == s.seq {
		s.text = ""
	}
}

// dropError removes the message when it is an error.
func (s *statusLine) dropError() {
	if s.level == levelError {
		s.text = ""
	}
}

// task is an action in flight, shown with a spinner and its start text.
type task struct {
	id   int
	text string
}

// taskList tracks actions in flight and drives the spinner while any runs.
type taskList struct {
	nextID  int
	running []task
	spinner spinner.Model
}

func newTaskList() *taskList {
	return &taskList{spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot))}
}

// start registers a task and returns its id with the spinner's first tick
// when the spinner was idle.
func (t *taskList) start(text string) (int, tea.Cmd) {
	t.nextID++
	t.running = append(t.running, task{id: t.nextID, text: text})

	var tick tea.Cmd
	if len(t.running) == 1 {
		tick = t.spinner.Tick
	}
	return t.nextID, tick
}

// finish removes a task and reports whether it was running.
func (t *taskList) finish(id int) bool {
	for i, tk := range t.running {
		if tk.id == id {
			t.running = append(t.running[:i], t.running[i+1:]...)
			return true
		}
	}
	return false
}

// update advances the spinner while tasks run and stops its ticks otherwise.
func (t *taskList) update(msg spinner.TickMsg) tea.Cmd {
	if len(t.running) == 0 {
		return nil
	}

	var cmd tea.Cmd
	t.spinner, cmd = t.spinner.Update(msg)
	return cmd
}

// viewStatus draws the status line: running tasks first, then the message.
func (c *Common) viewStatus(width int) string {
	s := c.Styles
	var line string

	switch {
	case len(c.tasks.running) > 0:
		texts := make([]string, len(c.tasks.running))
		for i, tk := range c.tasks.running {
			texts[i] = tk.text
		}
		line = s.Spinner.Render(c.tasks.spinner.View()) + " " + s.Info.Render(strings.Join(texts, " · "))
	case c.status.text != "":
		line = c.levelStyleRender(c.status.level, c.status.text)
	}
	return ansi.Truncate(line, width, "…")
}

func (c *Common) levelStyleRender(level statusLevel, text string) string {
	s := c.Styles
	switch level {
	case levelSuccess:
		return s.Success.Render("✓ " + text)
	case levelWarning:
		return s.Warning.Render("! " + text)
	case levelError:
		return s.Error.Render("✗ " + text)
	}
	return s.Info.Render(text)
}
