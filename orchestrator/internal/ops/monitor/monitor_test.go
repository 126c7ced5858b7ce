package monitor

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wv-analytics/wv/orchestrator/internal/ops"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// now is the clock of the recorded logs in testdata/logs: one folder per case, with the
// task's latest.json and log as `wv ops` writes them.
var now = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// recorded copies testdata/logs and dates each log's last write as its case needs (git does
// not keep modification times); it returns a watcher over it and the copy's folder.
func recorded(t *testing.T) (*ops.Watcher, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/logs")); err != nil {
		t.Fatal(err)
	}
	lastWrite := map[string]time.Time{
		"running":     now.Add(-3 * time.Second),
		"stale":       now.Add(-150 * time.Second),
		"finished":    time.Date(2026, 12, 4, 11, 0, 2, 600e6, time.UTC),
		"failed":      time.Date(2026, 12, 4, 11, 31, 15, 0, time.UTC),
		"no-progress": now.Add(-time.Second),
		"truncated":   now.Add(-time.Second),
	}
	for task, at := range lastWrite {
		logs, _ := filepath.Glob(filepath.Join(dir, task, "*.log"))
		if len(logs) != 1 || os.Chtimes(logs[0], at, at) != nil {
			t.Fatalf("testdata/logs/%s: want one log", task)
		}
	}
	var tasks []ops.Task
	for _, name := range []string{"idle", "running", "stale", "finished", "failed", "no-progress", "truncated"} {
		tasks = append(tasks, ops.Task{Name: name})
	}
	running := map[string]bool{"ops-running": true, "ops-stale": true, "ops-no-progress": true, "ops-truncated": true}
	return &ops.Watcher{
		Logs: ops.Logs{Dir: dir}, Tasks: tasks, Now: func() time.Time { return now }, StaleAfter: time.Minute,
		Sessions: func() (map[string]bool, error) { return running, nil },
	}, dir
}

func newModel(w *ops.Watcher) Model {
	m := New(Options{
		Poll: w.Poll,
		Tail: func(path string, n int) ([]string, error) {
			lines, _, err := ops.LastLines(path, n)
			return lines, err
		},
		Now: func() time.Time { return now }, Refresh: time.Second, StaleAfter: time.Minute,
	})
	next, _ := m.Update(tea.WindowSizeMsg{Width: 180, Height: 24})
	return next.(Model)
}

// step runs a command the way the program would and feeds its message back; it returns the
// model and the command that came back.
func step(t *testing.T, m Model, cmd tea.Cmd) (Model, tea.Cmd) {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command to run")
	}
	next, cmd := m.Update(cmd())
	return next.(Model), cmd
}

func press(m Model, key string) (Model, tea.Cmd) {
	k := tea.KeyPressMsg{Text: key}
	switch key {
	case "enter":
		k = tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		k = tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		k = tea.KeyPressMsg{Code: tea.KeyDown}
	default:
		k.Code = rune(key[0])
	}
	next, cmd := m.Update(k)
	return next.(Model), cmd
}

func screen(m Model) string { return ansi.Strip(m.View().Content) }

// row returns the table row of task, with runs of spaces squeezed to one.
func row(t *testing.T, m Model, task string) string {
	t.Helper()
	for _, l := range strings.Split(screen(m), "\n") {
		if f := strings.Fields(strings.TrimPrefix(l, "▸")); len(f) > 0 && f[0] == task {
			return strings.Join(f, " ")
		}
	}
	t.Fatalf("no row for %s in:\n%s", task, screen(m))
	return ""
}

func TestModel_RecordedLogs(t *testing.T) {
	w, _ := recorded(t)
	m := newModel(w)
	m, tick := step(t, m, m.Init())
	if tick == nil {
		t.Error("no refresh scheduled after a poll")
	}
	want := map[string]string{
		"idle":        "idle -- -- -- never started",
		"running":     "running 12-04 11:58:00 00:02:00 ████████░░░░░░░░░░░░ 39.1% run: OK intermediate.tx_priced",
		"stale":       "stale (idle 2m30s) 12-04 10:45:00 01:15:00 ██████░░░░░░░░░░░░░░ 31.2% ingest:balances: Batch 5/16 | 100/320 wallets",
		"finished":    "finished ok 12-04 11:00:00 00:00:02 ████████████████████ 100.0% build on it with: wv run --vars as_of=2026-01-01T00:00:00Z",
		"failed":      "failed (exit 1) 12-04 11:30:00 00:01:15 ████████████████████ 100.0% 1 error-severity test failed: marts.waltv.unique_address_window_days",
		"no-progress": "running 12-04 11:59:30 00:00:30 -- resuming blocks from height 182,001",
		"truncated":   "running 12-04 11:59:50 00:00:10 ███░░░░░░░░░░░░░░░░░ 14.3% demo: raw.transactions",
	}
	for task, w := range want {
		if got := row(t, m, task); got != task+" "+w {
			t.Errorf("row %s:\n got %s\nwant %s %s", task, got, task, w)
		}
	}
	golden(t, "testdata/table.golden", screen(m))
}

func TestModel_TruncatedLineCountsOnceComplete(t *testing.T) {
	w, dir := recorded(t)
	m := newModel(w)
	m, _ = step(t, m, m.Init())
	logs, _ := filepath.Glob(filepath.Join(dir, "truncated", "*.log"))
	f, err := os.OpenFile(logs[0], os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`al":7,"detail":"raw.blocks","timestamp":"2026-12-04T12:00:00Z"}` + "\n")
	f.Close()
	m, _ = step(t, m, m.Init()) // the next poll reads only the new bytes
	if got := row(t, m, "truncated"); !strings.Contains(got, "28.6% demo: raw.blocks") {
		t.Errorf("after the line was completed: %s", got)
	}
}

func TestModel_Keys(t *testing.T) {
	w, _ := recorded(t)
	m := newModel(w)
	m, _ = step(t, m, m.Init())
	for range 4 {
		m, _ = press(m, "down")
	}
	if !regexp.MustCompile(`(?m)^▸ failed `).MatchString(screen(m)) {
		t.Fatalf("after 4 × down the cursor is not on failed:\n%s", screen(m))
	}
	m, cmd := press(m, "enter")
	m, _ = step(t, m, cmd)
	got := screen(m)
	for _, want := range []string{"failed  failed (exit 1)", "20261204T113000Z.log", "FAIL test  marts.waltv.unique_address_window_days (3 rows)",
		"wv ops: failed failed (exit status 1) after 1m15s", "enter/esc back · q quit"} {
		if !strings.Contains(got, want) {
			t.Errorf("log view lacks %q:\n%s", want, got)
		}
	}
	m, _ = press(m, "esc")
	if !strings.Contains(screen(m), "TASK") {
		t.Errorf("esc did not go back to the table:\n%s", screen(m))
	}
	_, cmd = press(m, "q")
	if cmd == nil {
		t.Fatal("q returned no command")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("q does not quit")
	}
}

func TestModel_IdleTaskHasNoLog(t *testing.T) {
	w, _ := recorded(t)
	m := newModel(w)
	m, _ = step(t, m, m.Init())
	m, cmd := press(m, "enter") // the cursor is on "idle", which never ran
	if cmd != nil {
		t.Error("enter on a task that never ran reads a log")
	}
	if !strings.Contains(screen(m), "no log: the task never ran") {
		t.Errorf("log view of an idle task:\n%s", screen(m))
	}
}

func TestModel_PollError(t *testing.T) {
	m := New(Options{Poll: func() ([]ops.Snapshot, error) { return nil, errTmux }, Now: func() time.Time { return now }, Refresh: time.Second})
	m, tick := step(t, m, m.Init())
	if tick == nil || !strings.Contains(screen(m), "error: tmux is not installed") {
		t.Errorf("poll error: tick %v, screen:\n%s", tick != nil, screen(m))
	}
}

var errTmux = errorString("tmux is not installed: apt-get install tmux")

type errorString string

func (e errorString) Error() string { return string(e) }

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("screen differs from %s (go test -update rewrites it):\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestClean(t *testing.T) {
	if got := clean("\x1b[31mred\x1b[0m\tx\r"); got != "red    x" {
		t.Errorf("clean = %q", got)
	}
}
