package ops

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestManifest_WriteRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "build-roi", "latest.json")
	if m, err := ReadManifest(path); m != nil || err != nil {
		t.Fatalf("missing manifest = %v, %v; want nil, nil", m, err)
	}
	end, code := time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC), 2
	want := &Manifest{Task: "build-roi", Command: "wv build", LogPath: filepath.Join(dir, "x.log"),
		StartedAt: end.Add(-time.Second), Session: "ops-build-roi", FinishedAt: &end, ExitCode: &code, Error: "exit status 2"}
	if err := WriteManifest(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	if !got.Finished() || got.OK() {
		t.Errorf("exit 2: Finished %v OK %v, want true false", got.Finished(), got.OK())
	}
}

func TestReadManifest_RelativeLogAndBadJSON(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "latest.json")
	os.WriteFile(path, []byte(`{"task":"ingest","log_path":"20260101T000000Z.log","started_at":"2026-01-01T00:00:00Z"}`), 0o644)
	m, err := ReadManifest(path)
	if err != nil || m.LogPath != filepath.Join(dir, "20260101T000000Z.log") || m.Finished() {
		t.Errorf("ReadManifest = %+v, %v; want the log next to it, not finished", m, err)
	}
	os.WriteFile(path, []byte(`{"task":`), 0o644)
	if _, err := ReadManifest(path); err == nil {
		t.Error("a truncated manifest read without error")
	}
}
