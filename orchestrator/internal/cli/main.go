// Package cli is wv's command line: the kong grammar, flag and env handling, wiring of the
// library packages, and printing. Commands are thin; the work happens in the packages they call.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/alecthomas/kong"
	"github.com/joho/godotenv"

	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/progress"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 80 // kong's code for a command line it cannot parse
)

// Globals are the flags every command takes.
type Globals struct {
	ProjectDir  string        `name:"project-dir" env:"WV_PROJECT_DIR" default:"." placeholder:"DIR" help:"Project root: the folder holding wv.yml, models/, sql/ and seeds/."`
	DB          string        `name:"db" env:"WV_DB" placeholder:"PATH" help:"Warehouse file (default: <project-dir>/out/warehouse.duckdb)."`
	MemoryLimit string        `name:"memory-limit" env:"WV_MEMORY_LIMIT" default:"${default_memory_limit}" help:"DuckDB's memory limit; beyond it, large joins and aggregates spill to <db>.tmp/ on disk."`
	Threads     int           `name:"threads" env:"WV_THREADS" default:"0" help:"DuckDB worker threads (0: one per core)."`
	LockWait    time.Duration `name:"lock-wait" env:"WV_LOCK_WAIT" default:"30s" help:"How long to wait while another wv process holds the warehouse (DuckDB allows one writer)."`
	LogLevel    string        `name:"log-level" env:"WV_LOG_LEVEL" default:"warn" enum:"debug,info,warn,error" help:"Log detail on stderr: debug, info, warn or error."`
}

// CLI is wv's grammar.
type CLI struct {
	Globals

	Migrate  migrateCmd  `cmd:"" help:"Apply the goose migrations in sql/ to the warehouse (up, status, down)."`
	Seed     seedCmd     `cmd:"" help:"Load seeds/*.csv into seed.* with their declared column types."`
	Demo     demoCmd     `cmd:"" help:"Replace every raw.* table with a deterministic synthetic Stacks chain (offline demo data)."`
	Ingest   ingestCmd   `cmd:"" help:"Fetch blocks, balances, PoX, prices and supply from Hiro, CoinGecko and Signal21 into raw.* (incremental, resumable)."`
	Compile  compileCmd  `cmd:"" help:"Render models to SQL without a database (writes out/compiled/, or prints with --print)."`
	Ls       lsCmd       `cmd:"" help:"List the selected models in run order (--explain says why each is selected)."`
	Run      runCmd      `cmd:"" help:"Build the selected models in dependency order."`
	Test     testCmd     `cmd:"" help:"Run model tests: generic and singular tests against the warehouse, unit tests on fixtures."`
	Build    buildCmd    `cmd:"" help:"The runbook's build: sync, seed, run, test, render and publish the dashboards."`
	Report   reportCmd   `cmd:"" help:"Render the dashboards (value, roi or all) from the built warehouse into out/ and publish them."`
	SQL      sqlCmd      `cmd:"" name:"sql" help:"Run SQL against the warehouse and print the last result."`
	Snapshot snapshotCmd `cmd:"" help:"Consistent copies of the warehouse: create, list, restore, prune."`
	Ops      opsCmd      `cmd:"" help:"Long jobs in tmux sessions with logs, and a terminal monitor (tasks, start, stop, status, tail, monitor)."`
}

// app is what commands share: the globals, output streams and the clock.
type app struct {
	Globals
	stdout, stderr io.Writer
	now            func() time.Time
	log            *slog.Logger
	reporter       progress.Reporter // see progress()
}

type exitSignal int

// Main runs wv with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	loadDotEnv(projectDirArg(args))
	var cli CLI
	parser, err := kong.New(&cli,
		kong.Name("wv"),
		kong.Description("wv turns Stacks-blockchain activity into wallet-value analytics: templated DuckDB SQL models, run in dependency order."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { panic(exitSignal(c)) }),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Vars{"default_memory_limit": duck.DefaultMemoryLimit()},
	)
	if err != nil {
		fmt.Fprintf(stderr, "wv: %v\n", err)
		return exitError
	}
	defer func() {
		if r := recover(); r != nil {
			sig, ok := r.(exitSignal)
			if !ok {
				panic(r)
			}
			code = int(sig)
		}
	}()
	kctx, err := parser.Parse(joinListArgs(args))
	if err != nil {
		parser.Errorf("%s", err)
		return exitUsage
	}
	a := newApp(cli.Globals, stdout, stderr)
	if err := kctx.Run(a); err != nil {
		return a.fail(err)
	}
	return exitOK
}

func newApp(g Globals, stdout, stderr io.Writer) *app {
	if g.ProjectDir == "" { // WV_PROJECT_DIR set but empty
		g.ProjectDir = "."
	}
	level := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[g.LogLevel]
	return &app{
		Globals: g, stdout: stdout, stderr: stderr, now: time.Now,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
	}
}

// projectDirArg finds the project folder before the command line is parsed, so that its .env
// can supply the environment the flags read: --project-dir, else WV_PROJECT_DIR, else ".".
func projectDirArg(args []string) string {
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--project-dir="); ok {
			return v
		}
		if a == "--project-dir" && i+1 < len(args) {
			return args[i+1]
		}
	}
	if v := os.Getenv("WV_PROJECT_DIR"); v != "" {
		return v
	}
	return "."
}

// loadDotEnv fills unset environment variables from dir/.env, if there is one.
func loadDotEnv(dir string) {
	err := godotenv.Load(filepath.Join(dir, ".env"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(os.Stderr, "wv: warning: %s/.env: %v\n", dir, err)
	}
}

// fail prints err (one problem per line) and returns the exit code for it.
func (a *app) fail(err error) int {
	var silent silentError
	if errors.As(err, &silent) {
		return exitError
	}
	fmt.Fprintf(a.stderr, "%s\n", err)
	return exitError
}

// silentError is an error whose details were already printed (per-model lines).
type silentError struct{ msg string }

func (e silentError) Error() string { return e.msg }

// listFlags take several numbers, as the runbook writes them: --wallet-windows 15 30 60 90.
var listFlags = map[string]bool{"--wallet-windows": true, "--roi-windows": true}

// joinListArgs rewrites "--wallet-windows 15 30 60" as "--wallet-windows=15,30,60", so the
// runbook's spelling parses; "--wallet-windows 15,30" and repeated flags work as well.
func joinListArgs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		flag := args[i]
		if !listFlags[flag] {
			out = append(out, flag)
			continue
		}
		var nums []string
		for i+1 < len(args) && isNumberList(args[i+1]) {
			nums = append(nums, args[i+1])
			i++
		}
		if len(nums) == 0 {
			out = append(out, flag)
			continue
		}
		out = append(out, flag+"="+strings.Join(nums, ","))
	}
	return out
}

func isNumberList(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != ',' {
			return false
		}
	}
	return true
}
