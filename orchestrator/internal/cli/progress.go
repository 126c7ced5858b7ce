package cli

import (
	"os"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/progress"
)

// progressInterval is the least time between two OPS_PROGRESS lines of one stage.
const progressInterval = 2 * time.Second

// progress reports to OPS_PROGRESS lines on stderr when the command runs as an ops task
// (OPS_TASK set by `wv ops start`), and nowhere otherwise: the per-unit lines on stderr
// already show a person at a terminal how far along it is.
func (a *app) progress() progress.Reporter {
	if a.reporter == nil {
		a.reporter = progress.Nop{}
		if task := os.Getenv("OPS_TASK"); task != "" {
			a.reporter = progress.NewLines(a.stderr, task, a.now, progressInterval)
		}
	}
	return a.reporter
}
