package ops

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func runTaskOptions(t *testing.T, script string) (RunOptions, *strings.Builder) {
	t.Helper()
	dir := t.TempDir()
	clock := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	pane := &strings.Builder{}
	o := RunOptions{
		Task: "ingest", Command: []string{"/bin/sh", "-c", script}, Env: []string{"PATH=" + os.Getenv("PATH")},
		LogPath: filepath.Join(dir, "run.log"), Manifest: filepath.Join(dir, "latest.json"), Pane: pane,
		Now: func() time.Time { clock = clock.Add(time.Second); return clock }, ManifestWait: time.Second,
	}
	m := &Manifest{Task: "ingest", LogPath: o.LogPath, StartedAt: clock}
	if err := WriteManifest(o.Manifest, m); err != nil {
		t.Fatal(err)
	}
	return o, pane
}

func TestRunTask_LogsOutputInOrderAndRecordsExit(t *testing.T) {
	script := `echo "task $OPS_TASK"; echo 'OPS_PROGRESS {"task":"ingest","stage":"s","current":1,"total":2,"detail":"","timestamp":"2026-01-01T00:00:00Z"}' >&2; echo out; printf 'no newline at the end' >&2; exit 3`
	o, pane := runTaskOptions(t, script)
	code, err := RunTask(o)
	if code != 3 || err != nil {
		t.Fatalf("RunTask = %d, %v; want 3, nil", code, err)
	}
	log, _ := os.ReadFile(o.LogPath)
	want := `wv ops: ingest started at 2026-12-04T12:00:01Z: /bin/sh -c '` + strings.ReplaceAll(script, `'`, `'\''`) + `'
task ingest
OPS_PROGRESS {"task":"ingest","stage":"s","current":1,"total":2,"detail":"","timestamp":"2026-01-01T00:00:00Z"}
out
no newline at the end
wv ops: ingest failed (exit status 3) after 1s
`
	if string(log) != want {
		t.Errorf("log:\n%s\nwant:\n%s", log, want)
	}
	if pane.String() != want {
		t.Errorf("pane:\n%s\nwant the same as the log", pane)
	}
	m, _ := ReadManifest(o.Manifest)
	if !m.Finished() || *m.ExitCode != 3 || m.Error != "exit status 3" || !m.FinishedAt.Equal(time.Date(2026, 12, 4, 12, 0, 2, 0, time.UTC)) {
		t.Errorf("latest.json: %+v", m)
	}
}

func TestRunTask_ForwardsSignals(t *testing.T) {
	o, _ := runTaskOptions(t, "exec sleep 30")
	sigs := make(chan os.Signal, 1)
	sigs <- syscall.SIGTERM // a stop that comes as soon as the job starts
	o.Signals = sigs
	start := time.Now()
	code, err := RunTask(o)
	if code != -1 || err != nil || time.Since(start) > 10*time.Second {
		t.Fatalf("RunTask = %d, %v after %s; want -1 soon", code, err, time.Since(start))
	}
	m, _ := ReadManifest(o.Manifest)
	if m.Error != "signal: terminated" || *m.ExitCode != -1 {
		t.Errorf("latest.json: %+v", m)
	}
}

func TestRunTask_LeavesAnotherRunsManifestAlone(t *testing.T) {
	o, _ := runTaskOptions(t, "true")
	other := &Manifest{Task: "ingest", LogPath: filepath.Join(filepath.Dir(o.LogPath), "newer.log")}
	WriteManifest(o.Manifest, other)
	o.ManifestWait = 10 * time.Millisecond
	if code, err := RunTask(o); code != 0 || err != nil {
		t.Fatalf("RunTask = %d, %v", code, err)
	}
	if m, _ := ReadManifest(o.Manifest); m.Finished() {
		t.Errorf("the exit status went into another run's latest.json: %+v", m)
	}
}

func TestRunTask_CommandNotFound(t *testing.T) {
	o, _ := runTaskOptions(t, "")
	o.Command = []string{"/no/such/wv", "build"}
	code, err := RunTask(o)
	m, _ := ReadManifest(o.Manifest)
	if code != 127 || err != nil || !strings.Contains(m.Error, "/no/such/wv") {
		t.Errorf("RunTask = %d, %v, latest.json %+v; want 127 recorded", code, err, m)
	}
}
