package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOps_WithoutTmux(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no tmux here
	dir := t.TempDir()
	for _, args := range [][]string{{"start", "ingest"}, {"status"}, {"stop", "ingest"}} {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), append([]string{"--project-dir", dir, "ops"}, args...), &stdout, &stderr)
		if want := "tmux is not installed: apt-get install tmux (or brew install tmux)"; code != exitError || !bytes.Contains(stderr.Bytes(), []byte(want)) {
			t.Errorf("wv ops %v: exit %d, stderr %q; want 1 and %q", args, code, stderr.String(), want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "logs", "ops", "ingest", "latest.json")); !os.IsNotExist(err) {
		t.Errorf("latest.json written without tmux: %v", err)
	}
}

func TestChildGlobals(t *testing.T) {
	wd, _ := os.Getwd()
	got, err := childGlobals(Globals{ProjectDir: "proj", DB: "w.duckdb", LogLevel: "debug", LockWait: 2 * time.Minute})
	want := []string{"--project-dir", filepath.Join(wd, "proj"), "--db", filepath.Join(wd, "w.duckdb"), "--lock-wait=2m0s", "--log-level=debug"}
	if diff := cmp.Diff(want, got); diff != "" || err != nil {
		t.Errorf("childGlobals (-want +got):\n%s%v", diff, err)
	}
	got, _ = childGlobals(Globals{ProjectDir: "/p", LogLevel: "warn", LockWait: 30 * time.Second})
	if diff := cmp.Diff([]string{"--project-dir", "/p"}, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}
