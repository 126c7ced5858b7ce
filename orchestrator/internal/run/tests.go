package run

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// Test statuses. WARN is a failing test of severity warn; ERROR a test that could not run.
const (
	Pass  = "PASS"
	Warn  = "WARN"
	Error = "ERROR"
)

// sampleRows is how many failing rows a test result keeps.
const sampleRows = 5

// TestResult is the outcome of one data or unit test.
type TestResult struct {
	Name     string       `json:"test"`
	Model    string       `json:"model"`
	Kind     string       `json:"kind"`
	Severity string       `json:"severity"`
	Status   string       `json:"status"`
	Failures int64        `json:"failures"`
	Seconds  float64      `json:"seconds"`
	Message  string       `json:"message,omitempty"`
	Sample   *table.Table `json:"-"` // the first failing rows of a data test
	Diff     []string     `json:"diff,omitempty"`
}

// Failed reports whether the result should fail the command: an error-severity failure or
// a test that could not run.
func (r TestResult) Failed() bool { return r.Status == Fail || r.Status == Error }

// DataTests runs each test's query against the warehouse: zero rows pass; otherwise the
// count and the first rows are kept.
func DataTests(ctx context.Context, db *sql.DB, tests []*compile.Test, now func() time.Time, onResult func(TestResult)) []TestResult {
	var out []TestResult
	for _, t := range tests {
		start := now()
		r := dataTest(ctx, db, t)
		r.Seconds = now().Sub(start).Seconds()
		out = append(out, r)
		if onResult != nil {
			onResult(r)
		}
	}
	return out
}

func dataTest(ctx context.Context, db *sql.DB, t *compile.Test) TestResult {
	r := TestResult{Name: t.Name, Model: t.Model, Kind: t.Kind, Severity: t.Severity}
	err := db.QueryRowContext(ctx, "select count(*) from ("+t.SQL+") as failing").Scan(&r.Failures)
	if err != nil {
		r.Status, r.Message = Error, fmt.Sprintf("%s: %v", t.Pos, err)
		return r
	}
	switch {
	case r.Failures == 0:
		r.Status = Pass
		return r
	case t.Severity == "warn":
		r.Status = Warn
	default:
		r.Status = Fail
	}
	r.Sample, err = table.Query(ctx, db, fmt.Sprintf("select * from (%s) as failing limit %d", t.SQL, sampleRows))
	if err != nil {
		r.Message = err.Error()
	}
	return r
}

// RecordTests writes test results to meta.test_results.
func RecordTests(ctx context.Context, db *sql.DB, runID string, results []TestResult) error {
	for _, r := range results {
		_, err := db.ExecContext(ctx, `insert into meta.test_results
			(run_id, test, model, kind, severity, status, failures, seconds, message) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			runID, r.Name, r.Model, r.Kind, r.Severity, r.Status, r.Failures, r.Seconds, nullIfEmpty(r.Message))
		if err != nil {
			return fmt.Errorf("record %s in meta.test_results: %w", r.Name, err)
		}
	}
	return nil
}
