// Package progress carries progress reports of long work (ingestion, demo, runs) to whoever
// watches: the job log, and OPS_PROGRESS lines that `wv ops monitor` reads when the command
// runs as an ops task (OPS_TASK set). Long-running code sees only the Reporter interface.
package progress

import (
	"encoding/json"
	"io"
	"strings"
	"sync"
	"time"
)

// Reporter receives progress: the stage being worked on (e.g. "ingest:blocks"), how far along
// it is (current of total; total 0 when unknown), and what is being fetched or built.
type Reporter interface {
	Report(stage string, current, total int64, detail string)
}

// Nop discards reports.
type Nop struct{}

// Report does nothing.
func (Nop) Report(string, int64, int64, string) {}

// Event is one OPS_PROGRESS line's JSON, as documented in spec/PRODUCT.md.
type Event struct {
	Task      string    `json:"task"`
	Stage     string    `json:"stage"`
	Current   int64     `json:"current"`
	Total     int64     `json:"total"`
	Detail    string    `json:"detail"`
	Timestamp time.Time `json:"timestamp"`
}

// LinePrefix starts every progress line in a log.
const LinePrefix = "OPS_PROGRESS "

// Lines writes "OPS_PROGRESS {json}" lines for an ops task. It writes at most one line per
// interval for the same stage, but always the first and the last (current == total) of a
// stage, so a log stays small and the monitor never misses a stage change or its end.
type Lines struct {
	mu       sync.Mutex
	w        io.Writer
	task     string
	now      func() time.Time
	interval time.Duration
	stage    string
	last     time.Time
}

// NewLines returns a Lines reporter for task writing to w.
func NewLines(w io.Writer, task string, now func() time.Time, interval time.Duration) *Lines {
	return &Lines{w: w, task: task, now: now, interval: interval}
}

// Report writes a line unless one for the same stage was written less than interval ago.
func (l *Lines) Report(stage string, current, total int64, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	final := total > 0 && current >= total
	if stage == l.stage && !final && t.Sub(l.last) < l.interval {
		return
	}
	l.stage, l.last = stage, t
	b, _ := json.Marshal(Event{Task: l.task, Stage: stage, Current: current, Total: total, Detail: detail, Timestamp: t.UTC()})
	l.w.Write(append(append([]byte(LinePrefix), b...), '\n'))
}

// Parse reads one log line; ok is false when it is not a progress line.
func Parse(line string) (ev Event, ok bool) {
	i := strings.Index(line, LinePrefix)
	if i < 0 {
		return Event{}, false
	}
	if err := json.Unmarshal([]byte(line[i+len(LinePrefix):]), &ev); err != nil {
		return Event{}, false
	}
	return ev, true
}

// Multi sends each report to every reporter.
type Multi []Reporter

// Report forwards to all.
func (m Multi) Report(stage string, current, total int64, detail string) {
	for _, r := range m {
		r.Report(stage, current, total, detail)
	}
}
