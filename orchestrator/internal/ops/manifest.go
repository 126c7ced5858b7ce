package ops

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/atomicfile"
)

// Manifest is latest.json: the latest run of a task. ExitCode is nil until the run ends.
type Manifest struct {
	Task       string     `json:"task"`
	Command    string     `json:"command"`
	LogPath    string     `json:"log_path"`
	StartedAt  time.Time  `json:"started_at"`
	Session    string     `json:"session"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
	ExitCode   *int       `json:"exit_code,omitempty"` // -1 when a signal ended the job
	Error      string     `json:"error,omitempty"`     // how a failed run ended: "exit status 1", "signal: terminated"
}

// Finished reports whether the run has ended and its exit status is recorded.
func (m *Manifest) Finished() bool { return m.ExitCode != nil }

// OK reports whether the run ended with exit status 0.
func (m *Manifest) OK() bool { return m.Finished() && *m.ExitCode == 0 }

// ReadManifest reads path; a missing file is a nil manifest and no error. A relative
// log_path is taken relative to the manifest's folder.
func ReadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.LogPath != "" && !filepath.IsAbs(m.LogPath) {
		m.LogPath = filepath.Join(filepath.Dir(path), m.LogPath)
	}
	return &m, nil
}

// WriteManifest replaces path with m, atomically: a reader sees the old manifest or the new.
func WriteManifest(path string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'))
}
