package ops

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ops/tmux"
)

// fakeTmux keeps sessions in a map. onNew runs when a session starts (to look at the files
// then); stubborn sessions ignore Terminate.
type fakeTmux struct {
	sessions map[string][]string // name -> argv
	err      error               // returned by every call
	newErr   error
	stubborn bool
	onNew    func()
	killed   []string
}

func (f *fakeTmux) Sessions() (map[string]bool, error) {
	names := map[string]bool{}
	for n := range f.sessions {
		names[n] = true
	}
	return names, f.err
}

func (f *fakeTmux) NewSession(name, dir string, argv []string) error {
	if f.onNew != nil {
		f.onNew()
	}
	if f.newErr != nil {
		return f.newErr
	}
	f.sessions[name] = append([]string{dir}, argv...)
	return nil
}

func (f *fakeTmux) Terminate(name string) error {
	if !f.stubborn {
		delete(f.sessions, name)
	}
	return nil
}

func (f *fakeTmux) KillSession(name string) error {
	f.killed = append(f.killed, name)
	delete(f.sessions, name)
	return nil
}

func newRunner(t *testing.T, fake *fakeTmux) *Runner {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	return &Runner{
		Logs: Logs{Dir: t.TempDir()}, Tmux: fake, Dir: "/proj",
		Now: func() time.Time { return now },
		Wrap: func(task, logPath string, command []string) []string {
			return append([]string{"wrap", task, logPath, "--"}, command...)
		},
	}
}

func TestRunner_Start(t *testing.T) {
	fake := &fakeTmux{sessions: map[string][]string{}}
	r := newRunner(t, fake)
	task, _ := Find(Tasks(), "build-wallet")
	manifest := r.Logs.ManifestPath("build-wallet")
	fake.onNew = func() {
		if _, err := os.Stat(manifest); err == nil {
			t.Error("latest.json was written before tmux started the session")
		}
	}
	m, err := r.Start(task, []string{"/bin/wv", "build", "--value-only", "--force-refresh"})
	if err != nil {
		t.Fatal(err)
	}
	wantLog := filepath.Join(r.Logs.Dir, "build-wallet", "20261204T120000Z.log")
	if m.LogPath != wantLog || m.Command != "/bin/wv build --value-only --force-refresh" || m.Session != "ops-build-wallet" || m.Finished() {
		t.Errorf("manifest %+v", m)
	}
	got := strings.Join(fake.sessions["ops-build-wallet"], " ")
	if want := "/proj wrap build-wallet " + wantLog + " -- /bin/wv build --value-only --force-refresh"; got != want {
		t.Errorf("session runs %q, want %q", got, want)
	}
	if onDisk, err := ReadManifest(manifest); err != nil || onDisk.LogPath != wantLog {
		t.Errorf("latest.json = %+v, %v", onDisk, err)
	}
	if _, err := os.Stat(wantLog); err != nil {
		t.Errorf("the log is not there to tail as soon as start returns: %v", err)
	}

	fake.onNew = nil
	_, err = r.Start(task, []string{"/bin/wv", "build"})
	var running *RunningError
	if !errors.As(err, &running) || !strings.Contains(err.Error(), "already running in tmux session ops-build-wallet") {
		t.Errorf("second start: %v, want a *RunningError", err)
	}
}

func TestRunner_StartFailures(t *testing.T) {
	task, _ := Find(Tasks(), "ingest")
	fake := &fakeTmux{sessions: map[string][]string{}, err: tmux.ErrNotInstalled}
	r := newRunner(t, fake)
	if _, err := r.Start(task, []string{"wv"}); !errors.Is(err, tmux.ErrNotInstalled) || !strings.Contains(err.Error(), "apt-get install tmux") {
		t.Errorf("without tmux: %v", err)
	}
	fake.err, fake.newErr = nil, errors.New("tmux new-session: create window failed")
	if _, err := r.Start(task, []string{"wv"}); err == nil || err.Error() != "start task ingest: tmux new-session: create window failed" {
		t.Errorf("tmux failing: %v", err)
	}
	if m, _ := ReadManifest(r.Logs.ManifestPath("ingest")); m != nil {
		t.Errorf("latest.json written although tmux failed: %+v", m)
	}
	if logs, _ := filepath.Glob(filepath.Join(r.Logs.Dir, "ingest", "*.log")); len(logs) != 0 {
		t.Errorf("an empty log left behind although tmux failed: %v", logs)
	}
}

func TestRunner_Stop(t *testing.T) {
	task, _ := Find(Tasks(), "update-balances")
	fake := &fakeTmux{sessions: map[string][]string{}}
	r := newRunner(t, fake)
	if stopped, err := r.Stop(task, time.Second); stopped || err != nil {
		t.Errorf("stop when idle = %v, %v; want false, nil", stopped, err)
	}
	fake.sessions["ops-update-balances"] = nil
	if stopped, err := r.Stop(task, time.Second); !stopped || err != nil || len(fake.killed) != 0 {
		t.Errorf("stop = %v, %v, killed %v; want a clean stop", stopped, err, fake.killed)
	}
	fake.sessions["ops-update-balances"], fake.stubborn = nil, true
	if stopped, err := r.Stop(task, 0); !stopped || err != nil || len(fake.killed) != 1 {
		t.Errorf("stop of a job ignoring SIGTERM = %v, %v, killed %v; want its session killed", stopped, err, fake.killed)
	}
}
