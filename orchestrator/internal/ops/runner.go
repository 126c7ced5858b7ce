package ops

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Tmux is what the runner needs from tmux (package ops/tmux implements it).
type Tmux interface {
	// Sessions returns the names of the running sessions.
	Sessions() (map[string]bool, error)
	// NewSession starts argv (no shell) in a detached session name, in folder dir.
	NewSession(name, dir string, argv []string) error
	// Terminate asks the session's process to stop (SIGTERM).
	Terminate(name string) error
	// KillSession ends the session and everything in it.
	KillSession(name string) error
}

// RunningError means a task's session is already up.
type RunningError struct {
	Task, Session string
}

func (e *RunningError) Error() string {
	return fmt.Sprintf("task %s is already running in tmux session %s: watch it with `wv ops tail %s --follow`, or stop it with `wv ops stop %s`",
		e.Task, e.Session, e.Task, e.Task)
}

// Runner starts and stops tasks in tmux sessions.
type Runner struct {
	Logs Logs
	Tmux Tmux
	Dir  string // the sessions' working folder: the project root
	Now  func() time.Time
	// Wrap returns what tmux runs for a task: a wrapper ([RunTask]) that runs command, the
	// task's command line, appending its output to logPath.
	Wrap func(task, logPath string, command []string) []string
}

// Start runs command as task t in a new detached session, logging to a new file, and writes
// latest.json once tmux has started the session. A task already running is a *RunningError.
func (r *Runner) Start(t Task, command []string) (*Manifest, error) {
	running, err := r.Tmux.Sessions()
	if err != nil {
		return nil, err
	}
	if running[t.Session()] {
		return nil, &RunningError{Task: t.Name, Session: t.Session()}
	}
	start := r.Now().UTC()
	m := &Manifest{Task: t.Name, Command: Quote(command), LogPath: r.Logs.NewLogPath(t.Name, start), StartedAt: start, Session: t.Session()}
	if err := createLog(m.LogPath); err != nil {
		return nil, err
	}
	if err := r.Tmux.NewSession(t.Session(), r.Dir, r.Wrap(t.Name, m.LogPath, command)); err != nil {
		removeEmpty(m.LogPath)
		return nil, fmt.Errorf("start task %s: %w", t.Name, err)
	}
	if err := WriteManifest(r.Logs.ManifestPath(t.Name), m); err != nil {
		r.Tmux.KillSession(t.Session())
		return nil, fmt.Errorf("start task %s: %w (its session was killed)", t.Name, err)
	}
	return m, nil
}

// createLog creates the log (and its folder), so that it can be tailed as soon as Start
// returns.
func createLog(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

func removeEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		os.Remove(path)
	}
}

// stopPoll is how often Stop checks whether a session has ended.
const stopPoll = 50 * time.Millisecond

// Stop asks task t's job to stop (SIGTERM, which wv commands handle by cancelling cleanly)
// and kills its session if it is still up after timeout. stopped is false when it was not
// running.
func (r *Runner) Stop(t Task, timeout time.Duration) (stopped bool, err error) {
	up, err := r.up(t)
	if err != nil || !up {
		return false, err
	}
	if err := r.Tmux.Terminate(t.Session()); err != nil {
		return true, r.Tmux.KillSession(t.Session())
	}
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(stopPoll) {
		if up, err = r.up(t); err != nil || !up {
			return true, err
		}
	}
	return true, r.Tmux.KillSession(t.Session())
}

func (r *Runner) up(t Task) (bool, error) {
	running, err := r.Tmux.Sessions()
	return running[t.Session()], err
}
