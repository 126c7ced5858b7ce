package ops

import (
	"time"
)

// Watcher computes every task's snapshot, reading each log incrementally between polls.
type Watcher struct {
	Logs       Logs
	Tasks      []Task
	Sessions   func() (map[string]bool, error) // the running tmux sessions
	Now        func() time.Time
	StaleAfter time.Duration
	readers    map[string]*LogReader
}

// Poll returns a snapshot per task, in the order of Tasks.
func (w *Watcher) Poll() ([]Snapshot, error) {
	running, err := w.Sessions()
	if err != nil {
		return nil, err
	}
	snaps := make([]Snapshot, 0, len(w.Tasks))
	for _, t := range w.Tasks {
		s, err := w.snapshot(t, running[t.Session()])
		if err != nil {
			return nil, err
		}
		snaps = append(snaps, s)
	}
	return snaps, nil
}

func (w *Watcher) snapshot(t Task, running bool) (Snapshot, error) {
	m, err := ReadManifest(w.Logs.ManifestPath(t.Name))
	if err != nil {
		return Snapshot{}, err
	}
	var log LogState
	if m != nil {
		if log, err = w.reader(t.Name, m.LogPath).Read(); err != nil {
			return Snapshot{}, err
		}
	}
	return Compute(t, m, log, running, w.Now(), w.StaleAfter), nil
}

// reader is the task's log reader, a new one when the latest run has a new log.
func (w *Watcher) reader(task, path string) *LogReader {
	if w.readers == nil {
		w.readers = map[string]*LogReader{}
	}
	r := w.readers[task]
	if r == nil || r.Path() != path {
		r = NewLogReader(path)
		w.readers[task] = r
	}
	return r
}
