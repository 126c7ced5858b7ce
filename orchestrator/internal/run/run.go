// Package run builds planned models in a DuckDB warehouse. Each model is built into a staging
// relation and swapped in atomically, so a failing model leaves its previous version in place;
// models downstream of a failure are skipped. Every result is recorded in meta.model_runs.
package run

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/plan"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
)

// Status of one model in a run.
const (
	OK   = "OK"
	Fail = "FAIL"
	Skip = "SKIP"
)

// Options control a run.
type Options struct {
	RunID    string
	Now      func() time.Time
	FailFast bool // skip every remaining model after the first failure
	// FullRefresh rebuilds incremental models from scratch.
	FullRefresh bool
	OnResult    func(Result) // called as each model finishes, in order
}

// Result is the outcome of one model.
type Result struct {
	Model        string    `json:"model"`
	Relation     string    `json:"relation"`
	Materialized string    `json:"materialized"`
	Status       string    `json:"status"`
	Rows         *int64    `json:"rows"` // nil for views and failures
	Seconds      float64   `json:"seconds"`
	StartedAt    time.Time `json:"started_at"`
	Fingerprint  string    `json:"fingerprint"`
	Error        string    `json:"error,omitempty"`
	// Line is the line of the compiled SQL that DuckDB pointed at, when it did.
	Line int `json:"line,omitempty"`
}

// ErrNotMigrated means the metadata tables are missing.
var ErrNotMigrated = errors.New("the warehouse has no meta tables: run `wv migrate` first")

// ErrFailed is returned when at least one model failed.
var ErrFailed = errors.New("some models failed")

// Execute builds the plan's models in order and returns one result per model. The error is
// ErrFailed (wrapped) when a model failed, or the cause when the run could not go on.
func Execute(ctx context.Context, db *sql.DB, p *plan.Plan, opts Options) ([]Result, error) {
	if err := CheckMigrated(ctx, db); err != nil {
		return nil, err
	}
	if err := createSchemas(ctx, db, p); err != nil {
		return nil, err
	}
	rels, err := readRelations(ctx, db)
	if err != nil {
		return nil, err
	}
	failed := map[string]string{} // model -> the failed upstream model that skips it
	var results []Result
	for _, step := range p.Steps {
		m := step.Model
		var r Result
		if cause, skip := failed[m.Name]; skip {
			r = skipped(m, cause, opts.Now())
			if err := record(ctx, db, opts.RunID, r); err != nil {
				return results, err
			}
		} else {
			r = build(ctx, db, m, opts, rels)
		}
		if ctx.Err() != nil {
			return results, ctx.Err()
		}
		if r.Status == Fail {
			markDownstream(p, m.Name, failed, opts.FailFast)
		}
		results = append(results, r)
		if opts.OnResult != nil {
			opts.OnResult(r)
		}
	}
	if len(failed) > 0 || anyFailed(results) {
		return results, ErrFailed
	}
	return results, nil
}

// CheckMigrated returns ErrNotMigrated unless meta.model_runs exists.
func CheckMigrated(ctx context.Context, db *sql.DB) error {
	var n int
	err := db.QueryRowContext(ctx, `select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'model_runs'`).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotMigrated
	}
	return nil
}

func anyFailed(results []Result) bool {
	for _, r := range results {
		if r.Status == Fail {
			return true
		}
	}
	return false
}

// markDownstream marks every planned descendant of a failed model (or, with failFast, every
// remaining model) as skipped because of it.
func markDownstream(p *plan.Plan, failedModel string, failed map[string]string, failFast bool) {
	down := map[string]bool{}
	for _, s := range p.Steps {
		if s.Model.Name == failedModel {
			continue
		}
		for _, r := range s.Model.Refs {
			if r == failedModel || down[r] {
				down[s.Model.Name] = true
			}
		}
		if down[s.Model.Name] || failFast {
			if _, ok := failed[s.Model.Name]; !ok {
				failed[s.Model.Name] = failedModel
			}
		}
	}
}

func skipped(m *compile.Model, cause string, now time.Time) Result {
	r := newResult(m, now)
	r.Status, r.Error = Skip, "upstream "+cause+" failed"
	return r
}

func newResult(m *compile.Model, now time.Time) Result {
	return Result{
		Model: m.Name, Relation: m.Relation(), Materialized: m.Config.Materialized,
		StartedAt: now.UTC(), Fingerprint: m.Fingerprint,
	}
}

// build creates the model's staging relation, swaps (or, for an incremental model, merges) it
// in and records the result, all in one transaction: a failure anywhere rolls back to the
// previous version, staging relation included.
func build(ctx context.Context, db *sql.DB, m *compile.Model, opts Options, rels relations) Result {
	start := opts.Now()
	r := newResult(m, start)
	if err := materialize(ctx, db, m, opts, rels, &r); err != nil {
		r.Status, r.Rows, r.Error, r.Line = Fail, nil, err.Error(), errorLine(err)
		r.Seconds = opts.Now().Sub(start).Seconds()
		if recErr := record(ctx, db, opts.RunID, r); recErr != nil {
			r.Error += "; recording the failure: " + recErr.Error()
		}
	}
	return r
}

func materialize(ctx context.Context, db *sql.DB, m *compile.Model, opts Options, rels relations, r *Result) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old := rels[m.Relation()]
	incremental := m.Config.Materialized == project.Incremental && !opts.FullRefresh && old == "table"
	query := m.SQL
	if incremental {
		query = m.IncrementalSQL
	}
	rows, err := buildStage(ctx, tx, m, query)
	if err != nil {
		return err
	}
	if incremental {
		rows, err = merge(ctx, tx, m)
	} else {
		err = swap(ctx, tx, m.Layer, stageName(m), m.Name, kindOf(m), old)
	}
	if err != nil {
		return err
	}
	r.Status, r.Rows = OK, rows
	r.Seconds = opts.Now().Sub(r.StartedAt).Seconds()
	if err := record(ctx, tx, opts.RunID, *r); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	rels[m.Relation()] = kindOf(m)
	return nil
}

// merge moves the staged rows into the live table: rows whose unique key is staged are
// replaced, the rest appended. It returns the table's new row count.
func merge(ctx context.Context, tx *sql.Tx, m *compile.Model) (*int64, error) {
	stage := m.Layer + "." + stageName(m)
	if keys := m.Config.UniqueKey; len(keys) > 0 {
		var on []string
		for _, k := range keys {
			on = append(on, "t."+k+" is not distinct from s."+k)
		}
		del := "delete from " + m.Relation() + " t using " + stage + " s where " + strings.Join(on, " and ")
		if _, err := tx.ExecContext(ctx, del); err != nil {
			return nil, fmt.Errorf("merge into %s: %w", m.Relation(), err)
		}
	}
	if _, err := tx.ExecContext(ctx, "insert into "+m.Relation()+" by name select * from "+stage); err != nil {
		return nil, fmt.Errorf("merge into %s (if its columns changed, run with --full-refresh): %w", m.Relation(), err)
	}
	if _, err := tx.ExecContext(ctx, "drop table "+stage); err != nil {
		return nil, err
	}
	var n int64
	err := tx.QueryRowContext(ctx, "select count(*) from "+m.Relation()).Scan(&n)
	return &n, err
}

func stageName(m *compile.Model) string { return m.Name + "__wv_stage" }

// kindOf is the DDL keyword for the model's relation: view or table.
func kindOf(m *compile.Model) string {
	if m.Config.Materialized == project.View {
		return "view"
	}
	return "table"
}

// createSchemas creates the schema of every layer in the plan, once per run.
func createSchemas(ctx context.Context, db *sql.DB, p *plan.Plan) error {
	done := map[string]bool{}
	for _, step := range p.Steps {
		if layer := step.Model.Layer; !done[layer] {
			if _, err := db.ExecContext(ctx, "create schema if not exists "+layer); err != nil {
				return err
			}
			done[layer] = true
		}
	}
	return nil
}

// buildStage creates the model's staging relation and returns its row count (nil for a view).
func buildStage(ctx context.Context, db querier, m *compile.Model, query string) (*int64, error) {
	kind := kindOf(m)
	stage := m.Layer + "." + stageName(m)
	// No newline after "as": DuckDB's LINE numbers then match the compiled SQL's.
	res, err := db.ExecContext(ctx, "create or replace "+kind+" "+stage+" as "+query)
	if err != nil {
		return nil, err
	}
	if kind == "view" {
		return nil, nil
	}
	n, err := res.RowsAffected() // CREATE TABLE AS reports the rows it wrote
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// querier is a *sql.DB or *sql.Tx.
type querier interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// relations maps "schema.name" to "table" or "view": what the warehouse holds, read once per
// run and updated as models are swapped in (this run is the warehouse's only writer).
type relations map[string]string

func readRelations(ctx context.Context, db *sql.DB) (relations, error) {
	rows, err := db.QueryContext(ctx, `select table_schema || '.' || table_name, table_type from information_schema.tables`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	rels := relations{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		rels[name] = kindName(typ)
	}
	return rels, rows.Err()
}

// kindName is the DDL keyword for an information_schema table_type.
func kindName(tableType string) string {
	if tableType == "VIEW" {
		return "view"
	}
	return "table"
}

// relationKind returns "table", "view" or "" (absent) for schema.name.
func relationKind(ctx context.Context, q querier, schema, name string) (string, error) {
	var t string
	err := q.QueryRowContext(ctx, `select table_type from information_schema.tables where table_schema = ? and table_name = ?`, schema, name).Scan(&t)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", err
	}
	return kindName(t), nil
}

type execer interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}

func record(ctx context.Context, db execer, runID string, r Result) error {
	_, err := db.ExecContext(ctx, `insert into meta.model_runs
		(run_id, model, relation, materialized, status, rows, started_at, seconds, fingerprint, error)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		runID, r.Model, r.Relation, r.Materialized, r.Status, r.Rows, r.StartedAt, r.Seconds, r.Fingerprint, nullIfEmpty(r.Error))
	if err != nil {
		return fmt.Errorf("record %s in meta.model_runs: %w", r.Model, err)
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var lineRE = regexp.MustCompile(`LINE (\d+):`)

func errorLine(err error) int {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
