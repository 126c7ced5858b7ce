package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/migrate"
	"github.com/wv-analytics/wv/orchestrator/internal/plan"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/run"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

type testCmd struct {
	selectFlags
	Kind string `default:"all" enum:"all,data,unit" help:"Which tests: data (generic and singular, against the warehouse), unit (fixtures in a throwaway database, no warehouse needed) or all."`
}

func (c *testCmd) Run(ctx context.Context, a *app) error {
	p, err := a.loadProject()
	if err != nil {
		return err
	}
	vals, err := a.resolveVars(p, c.Vars)
	if err != nil {
		return err
	}
	res, err := compile.All(p, vals)
	if err != nil {
		return problems(err, "in the project; nothing was tested")
	}
	var db *sql.DB
	if c.Kind != "unit" {
		if db, err = a.openDB(); err != nil {
			return err
		}
		defer db.Close()
	}
	pl, err := a.plan(ctx, res, c.selectFlags, db)
	if err != nil {
		return err
	}
	return a.runTests(ctx, db, p, res, pl, testInfo{kind: c.Kind})
}

type testInfo struct {
	kind string
}

// runTests runs the data and/or unit tests of the planned models and reports them.
func (a *app) runTests(ctx context.Context, db *sql.DB, p *project.Project, res *compile.Result, pl *plan.Plan, info testInfo) error {
	start := a.now()
	selected := map[string]bool{}
	var names []string
	for _, s := range pl.Steps {
		selected[s.Model.Name] = true
		names = append(names, s.Model.Name)
	}
	var done, total int64
	for _, name := range names {
		if info.kind != "data" {
			total += int64(len(p.Model(name).Config.UnitTests))
		}
	}
	print := func(r run.TestResult) {
		done++
		fmt.Fprintln(a.stderr, testLine(r))
		a.progress().Report("test", done, total, r.Status+" "+r.Name)
	}
	var results []run.TestResult
	if info.kind != "unit" {
		if err := run.CheckMigrated(ctx, db); err != nil {
			return fmt.Errorf("%s: %w", a.dbPath(), err)
		}
		tests, err := compile.Tests(p, res)
		if err != nil {
			return problems(err, "in model tests; nothing was tested")
		}
		var picked []*compile.Test
		for _, t := range tests {
			if selected[t.Model] {
				picked = append(picked, t)
			}
		}
		total += int64(len(picked))
		results = append(results, run.DataTests(ctx, db, picked, a.now, print)...)
	}
	if info.kind != "data" {
		results = append(results, run.UnitTests(ctx, a.unitEnv(p), names, print)...)
	}
	return a.reportTests(ctx, db, results, start)
}

// unitEnv gives unit tests in-memory databases with the project's raw layer, and compiles
// with the project's defaults plus each test's vars (not the command line's).
func (a *app) unitEnv(p *project.Project) run.UnitEnv {
	cache := map[string]*compile.Result{}
	return run.UnitEnv{
		Project: p,
		Now:     a.now,
		Open:    func() (*sql.DB, error) { return duck.Open("", duck.Options{Threads: 1}) },
		Migrate: func(ctx context.Context, db *sql.DB) error {
			_, err := migrate.Up(ctx, db, os.DirFS(filepath.Join(a.ProjectDir, "sql")))
			return err
		},
		Compile: func(overrides []vars.Override) (*compile.Result, error) {
			key := fmt.Sprint(overrides)
			if res, ok := cache[key]; ok {
				return res, nil
			}
			vals, err := vars.Resolve(p.Vars, overrides, a.now())
			if err != nil {
				return nil, err
			}
			res, err := compile.All(p, vals)
			cache[key] = res
			return res, err
		},
	}
}

// reportTests prints the summary, records the results (meta.test_results when a warehouse is
// open, and out/test_results.json) and returns an error when a test failed or could not run.
func (a *app) reportTests(ctx context.Context, db *sql.DB, results []run.TestResult, start time.Time) error {
	id := runID(start)
	if db != nil {
		if err := run.RecordTests(ctx, db, id, results); err != nil {
			return err
		}
	}
	path := filepath.Join(a.outDir(), "test_results.json")
	if err := writeJSON(path, map[string]any{"run_id": id, "started_at": start.UTC(), "results": nonNilResults(results)}); err != nil {
		return err
	}
	count := map[string]int{}
	failed := 0
	for _, r := range results {
		count[r.Status]++
		if r.Failed() {
			failed++
		}
	}
	fmt.Fprintf(a.stderr, "Tests: %d PASS, %d WARN, %d FAIL, %d ERROR in %s; results in %s\n",
		count[run.Pass], count[run.Warn], count[run.Fail], count[run.Error], seconds(a.now().Sub(start)), path)
	if len(results) == 0 {
		fmt.Fprintln(a.stderr, "no tests declared for the selected models")
	}
	if failed > 0 {
		return silentError{fmt.Sprintf("%d tests failed", failed)}
	}
	return nil
}

func nonNilResults(r []run.TestResult) []run.TestResult {
	if r == nil {
		return []run.TestResult{}
	}
	return r
}

// testLine is one line per test, with the failing rows or the diff indented below it.
func testLine(r run.TestResult) string {
	detail := ""
	switch {
	case r.Kind == "unit" && r.Failures == 1:
		detail = "1 row differs"
	case r.Kind == "unit" && r.Failures > 1:
		detail = rowCount(r.Failures) + " differ"
	case r.Failures > 0:
		detail = rowCount(r.Failures)
	}
	line := fmt.Sprintf("%-5s %-8s %-55s %14s  %6.2fs", r.Status, r.Kind, r.Name, detail, r.Seconds)
	var more []string
	if r.Message != "" {
		more = append(more, strings.Split(r.Message, "\n")...)
	}
	if r.Sample != nil {
		var buf bytes.Buffer
		r.Sample.WriteText(&buf)
		more = append(more, strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")...)
	}
	more = append(more, r.Diff...)
	for _, m := range more {
		line += "\n      " + m
	}
	return line
}
