// Package monitor is `wv ops monitor`: a terminal UI (bubbletea) listing every ops task with
// its status, start, elapsed time, progress bar, and current stage or last log line,
// refreshed every second; enter shows the selected task's log. It reads files only (through
// the injected Poll and Tail), never the warehouse.
package monitor

import (
	"time"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"github.com/wv-analytics/wv/orchestrator/internal/ops"
)

// Options configure the monitor.
type Options struct {
	Poll       func() ([]ops.Snapshot, error)             // every task's snapshot (ops.Watcher.Poll)
	Tail       func(path string, n int) ([]string, error) // the last n lines of a log (ops.LastLines)
	Now        func() time.Time                           // the clock in the header
	Refresh    time.Duration                              // time between polls
	StaleAfter time.Duration                              // shown in the header
}

// Model is the monitor's state. Update never does I/O itself: polls and log reads run as
// commands whose results come back as messages.
type Model struct {
	opts          Options
	snaps         []ops.Snapshot
	err           error // of the last poll
	cursor        int
	tailing       bool // showing the selected task's log
	tail          []string
	tailErr       error
	width, height int
	progress      progress.Model
}

// New returns the monitor's model.
func New(opts Options) Model { return Model{opts: opts, progress: newBar()} }

type (
	tickMsg time.Time
	pollMsg struct {
		snaps []ops.Snapshot
		err   error
	}
	tailMsg struct {
		lines []string
		err   error
	}
)

// Init polls at once.
func (m Model) Init() tea.Cmd { return m.poll }

// Update handles keys, window sizes, ticks and the results of polls and log reads.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		return m.key(msg.String())
	case tickMsg:
		return m, tea.Batch(m.poll, m.readTail())
	case pollMsg:
		m.snaps, m.err = msg.snaps, msg.err
		m.cursor = min(m.cursor, max(len(m.snaps)-1, 0))
		return m, tea.Tick(m.opts.Refresh, func(t time.Time) tea.Msg { return tickMsg(t) })
	case tailMsg:
		m.tail, m.tailErr = msg.lines, msg.err
	}
	return m, nil
}

func (m Model) key(k string) (tea.Model, tea.Cmd) {
	switch k {
	case "q", "ctrl+c":
		return m, tea.Quit
	case "up", "k":
		m.cursor = max(m.cursor-1, 0)
	case "down", "j":
		m.cursor = min(m.cursor+1, max(len(m.snaps)-1, 0))
	case "enter":
		m.tailing, m.tail, m.tailErr = !m.tailing, nil, nil
		return m, m.readTail()
	case "esc":
		m.tailing = false
	}
	return m, nil
}

func (m Model) poll() tea.Msg {
	snaps, err := m.opts.Poll()
	return pollMsg{snaps: snaps, err: err}
}

// readTail reads the selected task's log when it is shown; nil otherwise.
func (m Model) readTail() tea.Cmd {
	path := m.logPath()
	if !m.tailing || path == "" {
		return nil
	}
	n := m.tailLines()
	return func() tea.Msg {
		lines, err := m.opts.Tail(path, n)
		return tailMsg{lines: lines, err: err}
	}
}

// logPath is the selected task's latest log, "" when it never ran.
func (m Model) logPath() string {
	if m.cursor >= len(m.snaps) || m.snaps[m.cursor].Run == nil {
		return ""
	}
	return m.snaps[m.cursor].Run.LogPath
}

// tailLines is how many log lines fit under the log view's title and above its key help.
func (m Model) tailLines() int {
	if m.height == 0 {
		return 20
	}
	return max(m.height-4, 1)
}
