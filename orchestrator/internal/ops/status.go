package ops

import (
	"fmt"
	"strings"
	"time"
)

// Status is where a task stands.
type Status int

// The statuses, from the task's tmux session, its latest.json and its log.
const (
	Idle       Status = iota // never started here
	Running                  // its session is up and the log grew recently
	Stale                    // its session is up but the log has not grown for StaleAfter
	FinishedOK               // the latest run ended with exit status 0
	Failed                   // the latest run ended otherwise, or vanished without an exit status
)

func (s Status) String() string {
	return [...]string{"idle", "running", "stale", "finished ok", "failed"}[s]
}

// Snapshot is a task's state at one moment: what `wv ops status` prints and the monitor shows.
type Snapshot struct {
	Task    Task
	Status  Status
	Run     *Manifest     // the latest run; nil when the task never ran
	Log     LogState      // its log
	Idle    time.Duration // time since the log last grew (Running and Stale)
	Elapsed time.Duration // since the start; up to the end once the run is over
}

// Compute derives a task's snapshot from its latest manifest (nil if none), its log,
// whether its tmux session is up, and the time. A recorded exit status wins over the session
// (a finished job's session closes a moment after it records the status).
func Compute(t Task, m *Manifest, log LogState, running bool, now time.Time, staleAfter time.Duration) Snapshot {
	s := Snapshot{Task: t, Run: m, Log: log}
	switch {
	case m != nil && m.Finished():
		s.Status = Failed
		if m.OK() {
			s.Status = FinishedOK
		}
		if m.FinishedAt != nil {
			s.Elapsed = m.FinishedAt.Sub(m.StartedAt)
		}
	case running:
		s.Status, s.Idle = Running, now.Sub(lastSign(m, log, now))
		if s.Idle > staleAfter {
			s.Status = Stale
		}
		if m != nil {
			s.Elapsed = now.Sub(m.StartedAt)
		}
	case m != nil:
		s.Status, s.Elapsed = Failed, lastSign(m, log, now).Sub(m.StartedAt)
	}
	return s
}

// lastSign is the latest sign of life of a run: the log's last write, else its start.
func lastSign(m *Manifest, log LogState, now time.Time) time.Time {
	switch {
	case m != nil && log.ModTime.Before(m.StartedAt):
		return m.StartedAt
	case !log.ModTime.IsZero():
		return log.ModTime
	}
	return now
}

// Percent is the newest progress event's current / total, within [0, 100]; ok is false
// when there is no event or its total is unknown.
func (s Snapshot) Percent() (pct float64, ok bool) {
	p := s.Log.Progress
	if p == nil || p.Total <= 0 {
		return 0, false
	}
	return min(max(float64(p.Current)/float64(p.Total)*100, 0), 100), true
}

// Activity says what the job is doing: the stage and detail of the newest progress event
// while it runs, else its last line of output; for a run that ended, its last line.
func (s Snapshot) Activity() string {
	p := s.Log.Progress
	switch {
	case s.Status == Idle:
		return "never started"
	case (s.Status == Running || s.Status == Stale) && p != nil:
		if p.Detail == "" {
			return p.Stage
		}
		return p.Stage + ": " + p.Detail
	case s.Log.LastLine != "":
		return s.Log.LastLine
	case s.Log.Footer != "":
		return strings.TrimPrefix(s.Log.Footer, WrapperPrefix)
	case s.Status == Failed && s.Run != nil && !s.Run.Finished():
		return "ended without recording an exit status (killed, or tmux stopped)"
	case s.Status == Running || s.Status == Stale:
		return "no output yet"
	}
	return ""
}

// Label is the status as shown: "stale (idle 1m15s)", "failed (exit 1)", "failed (signal: terminated)".
func (s Snapshot) Label() string {
	switch {
	case s.Status == Stale:
		return fmt.Sprintf("stale (idle %s)", s.Idle.Truncate(time.Second))
	case s.Status == Failed && s.Run != nil && s.Run.Finished() && *s.Run.ExitCode >= 0:
		return fmt.Sprintf("failed (exit %d)", *s.Run.ExitCode)
	case s.Status == Failed && s.Run != nil && s.Run.Error != "":
		return fmt.Sprintf("failed (%s)", s.Run.Error)
	}
	return s.Status.String()
}
