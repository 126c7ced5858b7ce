package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ops/tmux"
)

// TestOps_Tmux runs `wv ops` for real, on a private tmux server: it starts the monitor in
// one session and a task whose command is a small `wv demo` in another, watches the
// monitor's screen (tmux capture-pane) show the task running with progress and then
// finished, opens its log with enter, quits with q, and checks `status` and `tail`. Then it
// stops a longer task and checks that the exit status was recorded.
func TestOps_Tmux(t *testing.T) {
	requireTmux(t)
	e := newOpsEnv(t)

	e.startMonitor()
	e.waitScreen("the monitor lists the task as idle", func(s string) bool { return rowOf(s, "build-wallet") != nil && rowOf(s, "build-wallet")[1] == "idle" })

	_, stderr := e.wv("start", "build-wallet", "--test-command", "demo --wallets 60000 --days 60 --as-of 2026-01-01T00:00:00Z")
	if !strings.Contains(stderr, "started build-wallet in tmux session ops-build-wallet") {
		t.Errorf("start said %q", stderr)
	}
	if _, stderr, err := e.run("start", "build-wallet"); err == nil || !strings.Contains(stderr, "task build-wallet is already running") {
		t.Errorf("a second start: %v, %q; want it refused", err, stderr)
	}

	seen := e.watchProgress("build-wallet")
	t.Logf("progress shown: %v", seen)
	if len(seen) < 2 || seen[0] >= 100 || seen[len(seen)-1] != 100 {
		t.Errorf("progress shown while running, then finished: %v; want some below 100%% and then 100%%", seen)
	}

	e.srv.SendKeys("monitor", "Down", "Down", "Enter")
	e.waitScreen("enter shows the task's log", func(s string) bool {
		return strings.Contains(s, "replaced raw.* with a demo chain") && strings.Contains(s, "wv ops: build-wallet finished ok")
	})
	e.srv.SendKeys("monitor", "q")
	e.waitSessions("q ends the monitor", func(s map[string]bool) bool { return !s["monitor"] })

	stdout, _ := e.wv("status", "build-wallet")
	if !regexp.MustCompile(`(?m)^build-wallet +finished ok +\S+ \S+ +00:00:\d\d +100\.0% +build on it with: wv run`).MatchString(stdout) {
		t.Errorf("status:\n%s", stdout)
	}
	stdout, _ = e.wv("tail", "build-wallet", "--lines", "2")
	if !regexp.MustCompile(`^build on it with: wv run --vars as_of=2026-01-01T00:00:00Z\nwv ops: build-wallet finished ok in \S+\n$`).MatchString(stdout) {
		t.Errorf("tail --lines 2:\n%s", stdout)
	}
	m := e.manifest("build-wallet")
	if m.ExitCode == nil || *m.ExitCode != 0 || m.FinishedAt == nil {
		t.Errorf("latest.json of a finished run: %+v", m)
	}
	if log, _ := os.ReadFile(m.LogPath); !bytes.Contains(log, []byte(`OPS_PROGRESS {"task":"build-wallet","stage":"demo","current":7,"total":7`)) {
		t.Errorf("the log lacks the job's progress lines:\n%s", log)
	}

	e.stopLongTask()
}

// stopLongTask starts a demo too large to finish soon, follows its log, stops it, and
// checks that the job cancelled cleanly and its exit status was recorded.
func (e *opsEnv) stopLongTask() {
	t := e.t
	e.wv("start", "build-roi", "--test-command", "demo --wallets 300000 --days 60 --as-of 2026-01-01T00:00:00Z")
	var follow, followErr bytes.Buffer
	tail := exec.Command(e.bin, append(e.ops, "tail", "build-roi", "--follow")...)
	tail.Stdout, tail.Stderr = &follow, &followErr
	if err := tail.Start(); err != nil {
		t.Fatal(err)
	}
	e.waitFor("build-roi reports progress", func() bool {
		log, _ := os.ReadFile(e.manifest("build-roi").LogPath)
		return bytes.Contains(log, []byte("OPS_PROGRESS"))
	})
	// wv turns SIGTERM into a cancelled context: the job stops cleanly, keeps its data, exits 1.
	_, stderr := e.wv("stop", "build-roi")
	if !regexp.MustCompile(`^stopped build-roi \(tmux session ops-build-roi\)\nit ended with exit status 1; log: `).MatchString(stderr) {
		t.Errorf("stop said %q", stderr)
	}
	if err := waitCmd(tail, 30*time.Second); err != nil {
		t.Errorf("tail --follow did not end with the task: %v\n%s", err, followErr.String())
	}
	if !strings.Contains(follow.String(), "OPS_PROGRESS") || !strings.Contains(follow.String(), "the raw tables are unchanged") ||
		!strings.Contains(follow.String(), "wv ops: build-roi failed (exit status 1) after") {
		t.Errorf("tail --follow printed:\n%s", follow.String())
	}
	stdout, _ := e.wv("status", "build-roi")
	if !regexp.MustCompile(`(?m)^build-roi +failed \(exit 1\) `).MatchString(stdout) {
		t.Errorf("status of the stopped task:\n%s", stdout)
	}
}

func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("WV_REQUIRE_TOOLS") == "1" {
			t.Fatal("tmux is not installed and WV_REQUIRE_TOOLS=1: apt-get install tmux")
		}
		t.Skip("tmux is not installed (set WV_REQUIRE_TOOLS=1 to fail instead)")
	}
}

// opsEnv is a migrated project, a private tmux server, and the wv binary testscript built.
type opsEnv struct {
	t    *testing.T
	bin  string // wv
	proj string // the project folder
	srv  tmux.Server
	ops  []string // wv's arguments up to "ops" and its flags
}

func newOpsEnv(t *testing.T) *opsEnv {
	bin, err := exec.LookPath("wv") // testscript.Main put it on PATH
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range os.Environ() { // the developer's WV_DB and the like must not leak in
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "WV_") || k == "OPS_TASK" {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	proj := t.TempDir()
	if err := os.CopyFS(filepath.Join(proj, "sql"), os.DirFS("../../../sql")); err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(t.TempDir(), "tmux.sock") // a private server, removed with the folder
	e := &opsEnv{t: t, bin: bin, proj: proj, srv: tmux.Server{Socket: socket},
		ops: []string{"--project-dir", proj, "ops", "--tmux-socket", socket}}
	t.Cleanup(func() { e.srv.KillServer() })
	if out, err := exec.Command(bin, "--project-dir", proj, "migrate").CombinedOutput(); err != nil {
		t.Fatalf("wv migrate: %v\n%s", err, out)
	}
	return e
}

// run runs wv ops with args.
func (e *opsEnv) run(args ...string) (stdout, stderr string, err error) {
	var o, s bytes.Buffer
	cmd := exec.Command(e.bin, append(e.ops, args...)...)
	cmd.Stdout, cmd.Stderr = &o, &s
	err = cmd.Run()
	return o.String(), s.String(), err
}

// wv runs wv ops with args, which must succeed.
func (e *opsEnv) wv(args ...string) (stdout, stderr string) {
	e.t.Helper()
	stdout, stderr, err := e.run(args...)
	if err != nil {
		e.t.Fatalf("wv ops %s: %v\n%s%s", strings.Join(args, " "), err, stdout, stderr)
	}
	return stdout, stderr
}

// startMonitor runs wv ops monitor in session "monitor", 160 columns wide.
func (e *opsEnv) startMonitor() {
	args := append([]string{"-S", e.srv.Socket, "new-session", "-d", "-s", "monitor", "-x", "160", "-y", "20", "--", e.bin},
		append(e.ops, "monitor", "--refresh", "200ms")...)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		e.t.Fatalf("start the monitor: %v\n%s", err, out)
	}
}

// watchProgress follows task's row on the monitor until it shows finished ok, and returns
// the progress percentages it showed, in order, each time it changed.
func (e *opsEnv) watchProgress(task string) []float64 {
	var seen []float64
	var last string
	e.waitScreen(task+" finishes", func(s string) bool {
		row := rowOf(s, task)
		if row == nil {
			return false
		}
		if pct := percentOf(row); pct >= 0 && (len(seen) == 0 || pct != seen[len(seen)-1]) {
			seen = append(seen, pct)
		}
		last = strings.Join(row, " ")
		return row[1] == "finished" || row[1] == "failed"
	})
	if !strings.Contains(last, "finished ok") {
		e.t.Fatalf("%s ended as: %s", task, last)
	}
	return seen
}

// rowOf returns the words of task's row on the monitor's screen, nil if there is none.
func rowOf(screen, task string) []string {
	for _, line := range strings.Split(screen, "\n") {
		if f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "▸")); len(f) > 1 && f[0] == task {
			return f
		}
	}
	return nil
}

// percentOf returns the "42.9%" in a row as 42.9, or -1.
func percentOf(row []string) float64 {
	for _, w := range row {
		if p, ok := strings.CutSuffix(w, "%"); ok {
			if v, err := strconv.ParseFloat(p, 64); err == nil {
				return v
			}
		}
	}
	return -1
}

func (e *opsEnv) waitScreen(what string, ok func(screen string) bool) {
	e.t.Helper()
	var screen string
	e.waitForOr(what, func() bool {
		screen, _ = e.srv.CapturePane("monitor")
		return ok(screen)
	}, func() string { return "the monitor shows:\n" + screen })
}

func (e *opsEnv) waitSessions(what string, ok func(map[string]bool) bool) {
	e.t.Helper()
	e.waitFor(what, func() bool {
		s, err := e.srv.Sessions()
		return err == nil && ok(s)
	})
}

func (e *opsEnv) waitFor(what string, ok func() bool) {
	e.t.Helper()
	e.waitForOr(what, ok, func() string { return "" })
}

// waitForOr polls ok every 50 ms for up to a minute; then it fails with what and detail().
func (e *opsEnv) waitForOr(what string, ok func() bool, detail func() string) {
	e.t.Helper()
	for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			e.t.Fatalf("timed out waiting until %s; %s", what, detail())
		}
	}
}

type manifest struct {
	LogPath    string     `json:"log_path"`
	FinishedAt *time.Time `json:"finished_at"`
	ExitCode   *int       `json:"exit_code"`
}

func (e *opsEnv) manifest(task string) manifest {
	var m manifest
	b, err := os.ReadFile(filepath.Join(e.proj, "out", "logs", "ops", task, "latest.json"))
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func waitCmd(cmd *exec.Cmd, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		cmd.Process.Kill()
		return fmt.Errorf("still running after %s", timeout)
	}
}
