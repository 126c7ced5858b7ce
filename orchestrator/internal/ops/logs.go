package ops

import (
	"path/filepath"
	"time"
)

// StampFormat names a run's log file after its start, in UTC: 20260101T120000Z.log.
const StampFormat = "20060102T150405Z"

// Logs is the folder of ops logs, <project>/out/logs/ops, with one folder per task.
type Logs struct {
	Dir string
}

// TaskDir is the task's folder: its logs and latest.json.
func (l Logs) TaskDir(task string) string { return filepath.Join(l.Dir, task) }

// ManifestPath is the task's latest.json.
func (l Logs) ManifestPath(task string) string { return filepath.Join(l.TaskDir(task), "latest.json") }

// NewLogPath is the log of a run of task started at start.
func (l Logs) NewLogPath(task string, start time.Time) string {
	return filepath.Join(l.TaskDir(task), start.UTC().Format(StampFormat)+".log")
}
