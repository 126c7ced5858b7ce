package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"

	"github.com/wv-analytics/wv/orchestrator/internal/ops"
	"github.com/wv-analytics/wv/orchestrator/internal/ops/monitor"
	"github.com/wv-analytics/wv/orchestrator/internal/ops/tmux"
)

// opsCmd is `wv ops`: long jobs in tmux sessions, with logs and a terminal monitor. The
// tasks are ops.Tasks; nothing here opens the warehouse.
type opsCmd struct {
	TmuxSocket string        `name:"tmux-socket" env:"WV_TMUX_SOCKET" placeholder:"NAME|PATH" help:"Use the tmux server on this socket (a name: tmux -L NAME; a path: tmux -S PATH) instead of your default one."`
	StaleAfter time.Duration `name:"stale-after" env:"WV_OPS_STALE_AFTER" default:"60s" placeholder:"DURATION" help:"A running task whose log has not grown for this long is stale."`

	Tasks   opsTasksCmd   `cmd:"" help:"List the tasks, their commands and what they do."`
	Start   opsStartCmd   `cmd:"" help:"Start a task in a detached tmux session ops-<task>, logging to out/logs/ops/<task>/."`
	Stop    opsStopCmd    `cmd:"" help:"Stop a running task: SIGTERM, then kill its tmux session after --timeout."`
	Status  opsStatusCmd  `cmd:"" help:"Print each task's status, start, elapsed time, progress and activity."`
	Tail    opsTailCmd    `cmd:"" help:"Print the end of a task's latest log; --follow keeps printing until the task ends."`
	Monitor opsMonitorCmd `cmd:"" help:"Terminal monitor of every task, refreshed every second (q quits, enter shows the log)."`
	RunTask opsRunTaskCmd `cmd:"" name:"run-task" hidden:"" help:"Run a task's command in its tmux session, logging it and recording its exit status (wv ops start runs this)."`
}

func (o *opsCmd) logs(projectDir string) ops.Logs {
	return ops.Logs{Dir: filepath.Join(projectDir, "out", "logs", "ops")}
}

func (o *opsCmd) tmux() tmux.Server { return tmux.Server{Socket: o.TmuxSocket} }

func (o *opsCmd) watcher(a *app) *ops.Watcher {
	return &ops.Watcher{Logs: o.logs(a.ProjectDir), Tasks: ops.Tasks(), Sessions: o.tmux().Sessions, Now: a.now, StaleAfter: o.StaleAfter}
}

// tmuxHint is the tmux command line prefix for this server, for hints.
func (o *opsCmd) tmuxHint() string {
	switch {
	case strings.Contains(o.TmuxSocket, "/"):
		return "tmux -S " + ops.Quote([]string{o.TmuxSocket})
	case o.TmuxSocket != "":
		return "tmux -L " + ops.Quote([]string{o.TmuxSocket})
	}
	return "tmux"
}

type opsTasksCmd struct{}

func (c *opsTasksCmd) Run(a *app) error {
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "TASK\tCOMMAND\tDOES")
	for _, t := range ops.Tasks() {
		fmt.Fprintf(w, "%s\t%s\t%s\n", t.Name, t.Command(), t.Description)
	}
	return w.Flush()
}

type opsStartCmd struct {
	Task        string   `arg:"" help:"The task to start (wv ops tasks lists them)."`
	Args        []string `arg:"" optional:"" help:"Extra arguments for the task's command, after --: wv ops start ingest -- --force-refresh."`
	TestCommand string   `name:"test-command" hidden:"" help:"Replace the task's wv arguments with these (space-separated); for tests."`
}

func (c *opsStartCmd) Run(a *app, o *opsCmd) error {
	t, err := ops.Find(ops.Tasks(), c.Task)
	if err != nil {
		return err
	}
	if c.TestCommand != "" {
		t.Args = strings.Fields(c.TestCommand)
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the wv binary: %w", err)
	}
	globals, err := childGlobals(a.Globals)
	if err != nil {
		return err
	}
	dir := globals[1]
	r := &ops.Runner{Logs: o.logs(dir), Tmux: o.tmux(), Dir: dir, Now: a.now,
		Wrap: func(task, logPath string, command []string) []string {
			return append([]string{exe, "--project-dir", dir, "ops", "run-task", "--log", logPath, task, "--"}, command...)
		}}
	m, err := r.Start(t, append(append(append([]string{exe}, globals...), t.Args...), c.Args...))
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "started %s in tmux session %s\ncommand: %s\nlog:     %s\nattach:  %s attach -t %s\nfollow:  wv ops tail %s --follow\n",
		t.Name, m.Session, m.Command, m.LogPath, o.tmuxHint(), m.Session, t.Name)
	return nil
}

// childGlobals are the global flags a task's command gets: --project-dir and --db as
// absolute paths (the command runs in the project folder), then every other global flag not
// at its default, as --name=value, so that a flag added to Globals is passed on too.
func childGlobals(g Globals) ([]string, error) {
	dir, err := filepath.Abs(g.ProjectDir)
	if err != nil {
		return nil, err
	}
	args := []string{"--project-dir", dir}
	if g.DB != "" {
		db, err := filepath.Abs(g.DB)
		if err != nil {
			return nil, err
		}
		args = append(args, "--db", db)
	}
	v := reflect.ValueOf(g)
	for _, f := range reflect.VisibleFields(v.Type()) {
		name := f.Tag.Get("name")
		value := fmt.Sprint(v.FieldByIndex(f.Index).Interface())
		if name == "" || name == "project-dir" || name == "db" || value == "" || value == f.Tag.Get("default") {
			continue
		}
		args = append(args, "--"+name+"="+value)
	}
	return args, nil
}

type opsStopCmd struct {
	Task    string        `arg:"" help:"The task to stop."`
	Timeout time.Duration `default:"10s" help:"How long to wait for the task to stop cleanly before killing its tmux session."`
}

func (c *opsStopCmd) Run(a *app, o *opsCmd) error {
	t, err := ops.Find(ops.Tasks(), c.Task)
	if err != nil {
		return err
	}
	r := &ops.Runner{Tmux: o.tmux()}
	stopped, err := r.Stop(t, c.Timeout)
	if err != nil {
		return fmt.Errorf("stop %s: %w", t.Name, err)
	}
	if !stopped {
		fmt.Fprintf(a.stderr, "%s is not running (no tmux session %s)\n", t.Name, t.Session())
		return nil
	}
	fmt.Fprintf(a.stderr, "stopped %s (tmux session %s)\n", t.Name, t.Session())
	if m, err := ops.ReadManifest(o.logs(a.ProjectDir).ManifestPath(t.Name)); err == nil && m != nil && m.Error != "" {
		fmt.Fprintf(a.stderr, "it ended with %s; log: %s\n", m.Error, m.LogPath)
	}
	return nil
}

type opsStatusCmd struct {
	Task string `arg:"" optional:"" help:"Only this task (default: every task)."`
	JSON bool   `name:"json" help:"Print JSON instead of a table."`
}

func (c *opsStatusCmd) Run(a *app, o *opsCmd) error {
	w := o.watcher(a)
	if c.Task != "" {
		t, err := ops.Find(ops.Tasks(), c.Task)
		if err != nil {
			return err
		}
		w.Tasks = []ops.Task{t}
	}
	snaps, err := w.Poll()
	if err != nil {
		return err
	}
	if c.JSON {
		return printStatusJSON(a, snaps)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TASK\tSTATUS\tSTARTED (UTC)\tELAPSED\tPROGRESS\tACTIVITY")
	for _, s := range snaps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Task.Name, s.Label(), startedAt(s), elapsedTime(s), percent(s), oneLine(s.Activity(), 120))
	}
	return tw.Flush()
}

func startedAt(s ops.Snapshot) string {
	if s.Run == nil {
		return "--"
	}
	return s.Run.StartedAt.UTC().Format("2006-01-02 15:04:05")
}

func elapsedTime(s ops.Snapshot) string {
	if s.Run == nil {
		return "--"
	}
	return monitor.Clock(s.Elapsed)
}

func percent(s ops.Snapshot) string {
	if p, ok := s.Percent(); ok {
		return fmt.Sprintf("%.1f%%", p)
	}
	return "--"
}

// oneLine cuts s to n characters.
func oneLine(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// statusJSON is one task in `wv ops status --json`.
type statusJSON struct {
	Task       string     `json:"task"`
	Status     string     `json:"status"`
	Session    string     `json:"session"`
	StartedAt  *time.Time `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Elapsed    float64    `json:"elapsed_seconds"`
	IdleFor    float64    `json:"idle_seconds"`
	ExitCode   *int       `json:"exit_code"`
	Error      string     `json:"error,omitempty"`
	Percent    *float64   `json:"percent"`
	Stage      string     `json:"stage,omitempty"`
	Detail     string     `json:"detail,omitempty"`
	Activity   string     `json:"activity"`
	LogPath    string     `json:"log_path,omitempty"`
	Command    string     `json:"command,omitempty"`
}

func printStatusJSON(a *app, snaps []ops.Snapshot) error {
	out := make([]statusJSON, len(snaps))
	for i, s := range snaps {
		j := statusJSON{Task: s.Task.Name, Status: s.Status.String(), Session: s.Task.Session(),
			Elapsed: s.Elapsed.Seconds(), IdleFor: s.Idle.Seconds(), Activity: s.Activity()}
		if p, ok := s.Percent(); ok {
			j.Percent = &p
		}
		if p := s.Log.Progress; p != nil {
			j.Stage, j.Detail = p.Stage, p.Detail
		}
		if m := s.Run; m != nil {
			j.StartedAt, j.FinishedAt, j.ExitCode, j.Error, j.LogPath, j.Command = &m.StartedAt, m.FinishedAt, m.ExitCode, m.Error, m.LogPath, m.Command
		}
		out[i] = j
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "%s\n", b)
	return err
}

type opsTailCmd struct {
	Task   string `arg:"" help:"The task whose latest log to print."`
	Lines  int    `short:"n" default:"40" placeholder:"N" help:"How many lines to print."`
	Follow bool   `short:"f" help:"Keep printing what the task writes until it ends (or Ctrl-C)."`
}

func (c *opsTailCmd) Run(ctx context.Context, a *app, o *opsCmd) error {
	t, err := ops.Find(ops.Tasks(), c.Task)
	if err != nil {
		return err
	}
	path := o.logs(a.ProjectDir).ManifestPath(t.Name)
	m, err := ops.ReadManifest(path)
	if err != nil {
		return err
	}
	if m == nil {
		return fmt.Errorf("%s has not run here: no %s (start it with `wv ops start %s`)", t.Name, path, t.Name)
	}
	lines, end, err := ops.LastLines(m.LogPath, c.Lines)
	if err != nil {
		return fmt.Errorf("log of %s: %w", t.Name, err)
	}
	for _, l := range lines {
		fmt.Fprintln(a.stdout, l)
	}
	if !c.Follow {
		return nil
	}
	return ops.Follow(ctx, m.LogPath, end, a.stdout, func() bool { return runOver(path, m.LogPath) }, 250*time.Millisecond)
}

// runOver reports whether the run logging to logPath has recorded its exit status, or a
// newer run has replaced it in the manifest at path.
func runOver(path, logPath string) bool {
	m, err := ops.ReadManifest(path)
	return err != nil || m == nil || m.Finished() || m.LogPath != logPath
}

type opsMonitorCmd struct {
	Refresh time.Duration `default:"1s" placeholder:"DURATION" help:"Time between refreshes."`
}

func (c *opsMonitorCmd) Run(ctx context.Context, a *app, o *opsCmd) error {
	if f, ok := a.stdout.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
		return errors.New("wv ops monitor needs a terminal; use `wv ops status` in scripts")
	}
	if _, err := o.tmux().Sessions(); err != nil {
		return err
	}
	m := monitor.New(monitor.Options{
		Poll: o.watcher(a).Poll,
		Tail: func(path string, n int) ([]string, error) {
			lines, _, err := ops.LastLines(path, n)
			return lines, err
		},
		Now: a.now, Refresh: c.Refresh, StaleAfter: o.StaleAfter,
	})
	_, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithOutput(a.stdout)).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // Ctrl-C or SIGTERM
	}
	return err
}

type opsRunTaskCmd struct {
	Log     string   `required:"" placeholder:"PATH" help:"The log to append the command's output to."`
	Task    string   `arg:"" help:"The task."`
	Command []string `arg:"" passthrough:"" help:"The command line to run, after --."`
}

// Run runs the command, logging it, and records its exit status in latest.json. It outlives
// the signals that stop the command (SIGTERM from wv ops stop, SIGHUP from a killed session):
// they are passed on, and the exit status is still recorded.
func (c *opsRunTaskCmd) Run(a *app, o *opsCmd) error {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	command := c.Command
	if len(command) > 0 && command[0] == "--" {
		command = command[1:]
	}
	if len(command) == 0 {
		return errors.New("run-task: no command after --")
	}
	code, err := ops.RunTask(ops.RunOptions{
		Task: c.Task, Command: command, Env: os.Environ(), LogPath: c.Log,
		Manifest: o.logs(a.ProjectDir).ManifestPath(c.Task), Pane: a.stdout, Now: a.now,
		Signals: sigs, ManifestWait: 10 * time.Second,
	})
	if err != nil {
		return err
	}
	if code != 0 {
		return silentError{fmt.Sprintf("exit status %d", code)} // the footer says how it ended
	}
	return nil
}
