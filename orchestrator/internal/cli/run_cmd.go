package cli

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/atomicfile"
	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/plan"
	"github.com/wv-analytics/wv/orchestrator/internal/run"
	"github.com/wv-analytics/wv/orchestrator/internal/table"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

type runCmd struct {
	selectFlags
	FullRefresh bool `help:"Rebuild incremental models from scratch instead of adding new rows."`
	FailFast    bool `help:"Stop at the first failed model (default: keep building models that do not depend on it)."`
}

func (c *runCmd) Run(ctx context.Context, a *app) error {
	res, vals, err := a.compiled(c.Vars)
	if err != nil {
		return err
	}
	db, err := a.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := run.CheckMigrated(ctx, db); err != nil {
		return fmt.Errorf("%s: %w", a.dbPath(), err)
	}
	p, err := a.plan(ctx, res, c.selectFlags, db)
	if err != nil {
		return err
	}
	if len(p.Steps) == 0 {
		fmt.Fprintln(a.stderr, "nothing to do: no model is modified since its last successful build")
		return nil
	}
	if err := checkSeedsLoaded(ctx, db, res, p); err != nil {
		return err
	}
	return a.runModels(ctx, db, p, runInfo{command: "run", flags: c.selectFlags, vals: vals, failFast: c.FailFast, fullRefresh: c.FullRefresh})
}

// checkSeedsLoaded fails before anything is built when a planned model reads a seed that is
// not in the warehouse.
func checkSeedsLoaded(ctx context.Context, db *sql.DB, res *compile.Result, p *plan.Plan) error {
	loaded, err := table.Query(ctx, db, `select table_name from information_schema.tables where table_schema = 'seed'`)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, r := range loaded.Rows {
		have[fmt.Sprint(r[0])] = true
	}
	var missing []string
	for _, s := range p.Steps {
		for _, ref := range s.Model.Refs {
			if _, isModel := res.Models[ref]; !isModel && !have[ref] && !slices.Contains(missing, ref) {
				missing = append(missing, ref)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("seed.%s not loaded: run `wv seed` first", strings.Join(missing, ", seed."))
	}
	return nil
}

type runInfo struct {
	command     string
	flags       selectFlags
	vals        vars.Values
	failFast    bool
	fullRefresh bool
}

// runResults is out/run_results.json.
type runResults struct {
	RunID      string            `json:"run_id"`
	Command    string            `json:"command"`
	StartedAt  time.Time         `json:"started_at"`
	FinishedAt time.Time         `json:"finished_at"`
	Seconds    float64           `json:"elapsed_seconds"`
	Status     string            `json:"status"`
	Select     []string          `json:"select"`
	Exclude    []string          `json:"exclude"`
	Vars       map[string]string `json:"vars"`
	Results    []run.Result      `json:"results"`
}

// runModels builds the plan, printing a line per model, and records the run in meta.runs
// and out/run_results.json.
func (a *app) runModels(ctx context.Context, db *sql.DB, p *plan.Plan, info runInfo) error {
	if err := a.writeCompiled(p); err != nil {
		return err
	}
	start := a.now()
	id := runID(start)
	selection := strings.TrimSpace("--select " + strings.Join(info.flags.Select, " ") + " --exclude " + strings.Join(info.flags.Exclude, " "))
	if err := run.Begin(ctx, db, run.Run{ID: id, Command: info.command, StartedAt: start, Selection: selection, Vars: varsJSON(info.vals)}); err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	var done int64
	a.progress().Report("run", 0, int64(len(p.Steps)), "building "+p.Steps[0].Model.Relation())
	results, runErr := run.Execute(ctx, db, p, run.Options{
		RunID: id, Now: a.now, FailFast: info.failFast, FullRefresh: info.fullRefresh,
		OnResult: func(r run.Result) {
			done++
			fmt.Fprintln(a.stderr, a.resultLine(r))
			a.progress().Report("run", done, int64(len(p.Steps)), r.Status+" "+r.Relation)
		},
	})
	end := a.now()
	status := "ok"
	if runErr != nil {
		status = "error"
	}
	if err := run.Finish(ctx, db, id, status, end); err != nil && runErr == nil {
		runErr = err
	}
	out := runResults{RunID: id, Command: info.command, StartedAt: start.UTC(), FinishedAt: end.UTC(),
		Seconds: end.Sub(start).Seconds(), Status: status, Select: nonNil(info.flags.Select),
		Exclude: nonNil(info.flags.Exclude), Results: results}
	json.Unmarshal([]byte(varsJSON(info.vals)), &out.Vars)
	path := filepath.Join(a.outDir(), "run_results.json")
	if err := writeJSON(path, out); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "%s in %s; results in %s\n", summary(results), seconds(end.Sub(start)), path)
	if errors.Is(runErr, run.ErrFailed) {
		return silentError{runErr.Error()}
	}
	return runErr
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'))
}

func runID(t time.Time) string {
	b := make([]byte, 3)
	rand.Read(b)
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// resultLine is one aligned line per model: status, relation, materialization, rows, time.
func (a *app) resultLine(r run.Result) string {
	rows := ""
	if r.Rows != nil {
		rows = rowCount(*r.Rows)
	}
	line := fmt.Sprintf("%-4s model %-40s %-11s %14s  %6.2fs", r.Status, r.Relation, r.Materialized, rows, r.Seconds)
	switch r.Status {
	case run.Skip:
		line = fmt.Sprintf("%-4s model %-40s %s", r.Status, r.Relation, r.Error)
	case run.Fail:
		where := a.compiledPath(strings.Split(r.Relation, ".")[0], r.Model)
		if r.Line > 0 {
			where = fmt.Sprintf("%s:%d", where, r.Line)
		}
		line += "\n     " + where + ": " + strings.ReplaceAll(r.Error, "\n", "\n     ")
	}
	return line
}

func summary(results []run.Result) string {
	count := map[string]int{}
	for _, r := range results {
		count[r.Status]++
	}
	return fmt.Sprintf("Done: %d OK, %d FAIL, %d SKIP", count[run.OK], count[run.Fail], count[run.Skip])
}
