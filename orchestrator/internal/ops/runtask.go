package ops

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

// RunOptions is one run of a task's command, inside its tmux session.
type RunOptions struct {
	Task     string
	Command  []string // argv of the job
	Env      []string // the job's whole environment; RunTask adds OPS_TASK
	LogPath  string   // appended to
	Manifest string   // latest.json, to record the exit status in
	Pane     io.Writer
	Now      func() time.Time
	// Signals are forwarded to the job (a stop sends SIGTERM to the session's process).
	Signals <-chan os.Signal
	// ManifestWait is how long to wait for `wv ops start` to write latest.json, which it
	// does right after tmux starts the session.
	ManifestWait time.Duration
}

// RunTask runs the job with OPS_TASK set, its stdout and stderr together, in order, both
// appended to the log and copied to the pane. Then it writes a footer line to the log and
// records the exit status in latest.json (atomically), if latest.json is about this log.
// It returns the job's exit code (-1 for a signal, 127 when it could not start), and an
// error only for its own trouble: the log or latest.json could not be written.
func RunTask(o RunOptions) (int, error) {
	log, err := os.OpenFile(o.LogPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 127, fmt.Errorf("open task log: %w", err)
	}
	defer log.Close()
	out := &tee{log: log, pane: o.Pane}
	start := o.Now()
	fmt.Fprintf(out, "%s%s started at %s: %s\n", WrapperPrefix, o.Task, start.UTC().Format(time.RFC3339), Quote(o.Command))
	code, runErr := runJob(o, out)
	end := o.Now()
	out.footer(footer(o.Task, code, runErr, end.Sub(start)))
	var logErr error
	if out.err != nil {
		logErr = fmt.Errorf("write task log %s: %w", o.LogPath, out.err)
	}
	return code, errors.Join(logErr, recordExit(o, code, runErr, end))
}

// runJob runs the command and waits for it and for all its output.
func runJob(o RunOptions, out io.Writer) (int, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return 127, err
	}
	cmd := exec.Command(o.Command[0], o.Command[1:]...)
	cmd.Env = append(slices.Clip(o.Env), "OPS_TASK="+o.Task)
	cmd.Stdout, cmd.Stderr = pw, pw
	err = cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		return 127, fmt.Errorf("start %s: %w", o.Command[0], err)
	}
	stop := forward(o.Signals, cmd.Process)
	io.Copy(out, pr)
	pr.Close()
	err = cmd.Wait()
	close(stop)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), err
	}
	return 0, err
}

// forward sends every signal from sigs to p until the returned channel is closed.
func forward(sigs <-chan os.Signal, p *os.Process) chan<- struct{} {
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-sigs:
				p.Signal(sig)
			case <-stop:
				return
			}
		}
	}()
	return stop
}

func footer(task string, code int, err error, d time.Duration) string {
	took := d.Round(10 * time.Millisecond)
	if code == 0 && err == nil {
		return fmt.Sprintf("%s%s finished ok in %s", WrapperPrefix, task, took)
	}
	return fmt.Sprintf("%s%s failed (%v) after %s", WrapperPrefix, task, err, took)
}

// recordExit adds the exit status to latest.json once it names this run's log.
func recordExit(o RunOptions, code int, runErr error, end time.Time) error {
	m, err := waitManifest(o.Manifest, o.LogPath, o.ManifestWait)
	if err != nil || m == nil {
		return err
	}
	end = end.UTC()
	m.FinishedAt, m.ExitCode = &end, &code
	if runErr != nil {
		m.Error = runErr.Error()
	}
	return WriteManifest(o.Manifest, m)
}

// waitManifest reads latest.json until it is about logPath, for up to wait; nil if it never is.
func waitManifest(path, logPath string, wait time.Duration) (*Manifest, error) {
	for deadline := time.Now().Add(wait); ; time.Sleep(20 * time.Millisecond) {
		m, err := ReadManifest(path)
		if err != nil {
			return nil, err
		}
		if m != nil && sameFile(m.LogPath, logPath) {
			return m, nil
		}
		if time.Now().After(deadline) {
			return nil, nil
		}
	}
}

func sameFile(a, b string) bool {
	a, errA := filepath.Abs(a)
	b, errB := filepath.Abs(b)
	return errA == nil && errB == nil && a == b
}

// tee writes a job's output to its log and its tmux pane. A pane that went away (the session
// was killed) is ignored; the first log error is kept and the output still goes to the pane.
type tee struct {
	log    io.Writer
	pane   io.Writer
	err    error
	midway bool // the last byte written was not a newline
}

func (t *tee) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if _, err := t.log.Write(p); err != nil && t.err == nil {
		t.err = err
	}
	t.pane.Write(p)
	t.midway = p[len(p)-1] != '\n'
	return len(p), nil
}

// footer writes line on a line of its own.
func (t *tee) footer(line string) {
	if t.midway {
		line = "\n" + line
	}
	fmt.Fprintln(t, line)
}
