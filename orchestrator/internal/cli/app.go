package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/plan"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/run"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

// selectFlags are the selection flags of compile, ls and run.
type selectFlags struct {
	Select  []string `short:"s" sep:"none" placeholder:"EXPR" help:"Models to select, dbt syntax: name, +name, name+, 2+name, name+1, @name, tag:x, path:models/marts, config.materialized:table, state:modified; space = union, comma = intersection. Repeatable."`
	Exclude []string `sep:"none" placeholder:"EXPR" help:"Models to leave out, same syntax; applied last. Repeatable."`
	Vars    []string `sep:"none" placeholder:"KEY=VALUE" help:"Override a var from wv.yml, e.g. --vars windows=15,30 --vars as_of=2026-01-31. Repeatable."`
}

// outDir is where generated files go: <project-dir>/out.
func (a *app) outDir() string { return filepath.Join(a.ProjectDir, "out") }

// dbPath is --db, or <project-dir>/out/warehouse.duckdb.
func (a *app) dbPath() string {
	if a.DB != "" {
		return a.DB
	}
	return filepath.Join(a.outDir(), "warehouse.duckdb")
}

// openDB opens the warehouse, waiting up to --lock-wait while another process holds it.
func (a *app) openDB() (*sql.DB, error) {
	return duck.Open(a.dbPath(), a.duckOptions())
}

// openRawDB opens the warehouse for writing raw.* (demo, ingest): compressed, as raw tables
// are written once and read by every run; model builds write theirs uncompressed (faster).
func (a *app) openRawDB() (*sql.DB, error) {
	return duck.Open(a.dbPath(), a.rawOptions())
}

func (a *app) rawOptions() duck.Options {
	o := a.duckOptions()
	o.Compress = true
	return o
}

// duckOptions are the DuckDB settings from the global flags.
func (a *app) duckOptions() duck.Options {
	return duck.Options{LockWait: a.LockWait, MemoryLimit: a.MemoryLimit, Threads: a.Threads}
}

// dbExists reports whether the warehouse file is there.
func (a *app) dbExists() bool {
	_, err := os.Stat(a.dbPath())
	return err == nil
}

// loadProject reads the project from --project-dir.
func (a *app) loadProject() (*project.Project, error) {
	if _, err := os.Stat(a.ProjectDir); err != nil {
		return nil, fmt.Errorf("--project-dir %s: %w", a.ProjectDir, errors.Unwrap(err))
	}
	p, err := project.Load(os.DirFS(a.ProjectDir))
	if err != nil {
		return nil, problems(err, "in the project")
	}
	return p, nil
}

// problems adds a count line under the positioned problems of an error.
func problems(err error, where string) error {
	n := strings.Count(err.Error(), "\n") + 1
	noun := "problems"
	if n == 1 {
		noun = "problem"
	}
	return fmt.Errorf("%w\n%d %s %s", err, n, noun, where)
}

// compiled loads the project, resolves vars and compiles every model.
func (a *app) compiled(varArgs []string) (*compile.Result, vars.Values, error) {
	p, err := a.loadProject()
	if err != nil {
		return nil, nil, err
	}
	vals, err := a.resolveVars(p, varArgs)
	if err != nil {
		return nil, nil, err
	}
	res, err := compile.All(p, vals)
	if err != nil {
		return nil, nil, problems(err, "in the project; nothing was run")
	}
	return res, vals, nil
}

func (a *app) resolveVars(p *project.Project, args []string) (vars.Values, error) {
	var overrides []vars.Override
	var errs []error
	for _, arg := range args {
		o, err := vars.ParseOverride(arg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		overrides = append(overrides, o)
	}
	vals, err := vars.Resolve(p.Vars, overrides, a.now())
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return vals, nil
}

// plan selects models; state comes from the warehouse only when the selection asks for it.
func (a *app) plan(ctx context.Context, res *compile.Result, f selectFlags, db *sql.DB) (*plan.Plan, error) {
	opts := plan.Options{Select: f.Select, Exclude: f.Exclude}
	if db != nil && usesState(f) {
		built, err := run.Built(ctx, db)
		if err != nil {
			return nil, fmt.Errorf("read build state: %w", err)
		}
		opts.Built = built
	} else if usesState(f) && a.dbExists() {
		sdb, err := duck.Open(a.dbPath(), duck.Options{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer sdb.Close()
		if opts.Built, err = run.Built(ctx, sdb); err != nil {
			return nil, fmt.Errorf("read build state: %w", err)
		}
	}
	return plan.New(res, opts)
}

func usesState(f selectFlags) bool {
	return strings.Contains(strings.Join(append(append([]string{}, f.Select...), f.Exclude...), " "), "state:")
}

// varsJSON renders the var values (as SQL literals) for meta.runs and run_results.json.
func varsJSON(vals vars.Values) string {
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	m := make(map[string]string, len(vals))
	for _, k := range names {
		m[k] = vals[k].String()
	}
	b, _ := json.Marshal(m)
	return string(b)
}
