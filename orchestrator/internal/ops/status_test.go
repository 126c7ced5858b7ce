package ops

import (
	"fmt"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/progress"
)

func TestCompute(t *testing.T) {
	start := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	now := start.Add(10 * time.Minute)
	end := start.Add(5 * time.Minute)
	ok, bad, killed := 0, 1, -1
	run := func(code *int, errText string) *Manifest {
		m := &Manifest{Task: "ingest", StartedAt: start, LogPath: "x.log"}
		if code != nil {
			m.ExitCode, m.FinishedAt, m.Error = code, &end, errText
		}
		return m
	}
	ev := &progress.Event{Stage: "ingest:blocks", Current: 30, Total: 120, Detail: "block 900,030"}
	task := Task{Name: "ingest"}
	cases := []struct {
		name     string
		m        *Manifest
		log      LogState
		running  bool
		status   Status
		label    string
		elapsed  time.Duration
		percent  string
		activity string
	}{
		{"NeverRan", nil, LogState{}, false, Idle, "idle", 0, "", "never started"},
		{"Running", run(nil, ""), LogState{Progress: ev, LastLine: "GET /blocks", ModTime: now.Add(-5 * time.Second)}, true,
			Running, "running", 10 * time.Minute, "25.0", "ingest:blocks: block 900,030"},
		{"Stale", run(nil, ""), LogState{Progress: ev, ModTime: now.Add(-61 * time.Second)}, true,
			Stale, "stale (idle 1m1s)", 10 * time.Minute, "25.0", "ingest:blocks: block 900,030"},
		{"StaleWithoutLog", run(nil, ""), LogState{}, true, Stale, "stale (idle 10m0s)", 10 * time.Minute, "", "no output yet"},
		{"NoProgressYet", run(nil, ""), LogState{LastLine: "connecting", ModTime: now}, true, Running, "running", 10 * time.Minute, "", "connecting"},
		{"FinishedOK", run(&ok, ""), LogState{Progress: &progress.Event{Stage: "run", Current: 23, Total: 23}, LastLine: "Done: 23 OK", ModTime: end}, false,
			FinishedOK, "finished ok", 5 * time.Minute, "100.0", "Done: 23 OK"},
		{"FinishedWhileSessionCloses", run(&ok, ""), LogState{ModTime: end}, true, FinishedOK, "finished ok", 5 * time.Minute, "", ""},
		{"Failed", run(&bad, "exit status 1"), LogState{LastLine: "HIRO_API_KEY is not set", Footer: "wv ops: ingest failed (exit status 1) after 5m0s"}, false,
			Failed, "failed (exit 1)", 5 * time.Minute, "", "HIRO_API_KEY is not set"},
		{"FailedQuietly", run(&bad, "exit status 1"), LogState{Footer: "wv ops: ingest failed (exit status 1) after 5m0s"}, false,
			Failed, "failed (exit 1)", 5 * time.Minute, "", "ingest failed (exit status 1) after 5m0s"},
		{"Killed", run(&killed, "signal: terminated"), LogState{}, false, Failed, "failed (signal: terminated)", 5 * time.Minute, "", ""},
		{"VanishedWithoutExitStatus", run(nil, ""), LogState{ModTime: start.Add(2 * time.Minute)}, false,
			Failed, "failed", 2 * time.Minute, "", "ended without recording an exit status (killed, or tmux stopped)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Compute(task, c.m, c.log, c.running, now, time.Minute)
			pct, ok := s.Percent()
			got := ""
			if ok {
				got = fmt.Sprintf("%.1f", pct)
			}
			if s.Status != c.status || s.Label() != c.label || s.Elapsed != c.elapsed || got != c.percent || s.Activity() != c.activity {
				t.Errorf("got %v %q elapsed %v percent %q activity %q\nwant %v %q elapsed %v percent %q activity %q",
					s.Status, s.Label(), s.Elapsed, got, s.Activity(), c.status, c.label, c.elapsed, c.percent, c.activity)
			}
		})
	}
}

func TestPercent_Clamped(t *testing.T) {
	for _, c := range []struct {
		current, total int64
		want           float64
		ok             bool
	}{{5, 4, 100, true}, {-1, 4, 0, true}, {3, 0, 0, false}} {
		s := Snapshot{Log: LogState{Progress: &progress.Event{Current: c.current, Total: c.total}}}
		if got, ok := s.Percent(); got != c.want || ok != c.ok {
			t.Errorf("%d/%d: %v %v, want %v %v", c.current, c.total, got, ok, c.want, c.ok)
		}
	}
}
