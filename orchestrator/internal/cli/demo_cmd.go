package cli

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/demo"
	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/progress"
	"github.com/wv-analytics/wv/orchestrator/internal/run"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

type demoCmd struct {
	Wallets int    `default:"3000" placeholder:"N" help:"User wallets to create; about 7 transactions each (300000 gives about 2 million)."`
	Days    int    `default:"420" placeholder:"D" help:"Days of chain, ending at --as-of."`
	Seed    uint64 `default:"1" placeholder:"S" help:"Random seed: the same seed and options give the same rows."`
	AsOf    string `name:"as-of" placeholder:"TIMESTAMP" help:"End of the chain (exclusive), UTC, e.g. 2026-01-31T00:00:00Z (default: now, truncated to the hour)."`
}

// demoCheckEvery is how many rows are written between checks for Ctrl-C.
const demoCheckEvery = 1 << 16

func (c *demoCmd) Run(ctx context.Context, a *app) error {
	if _, err := c.options(a.now()); err != nil {
		return err
	}
	if !a.dbExists() {
		return fmt.Errorf("no warehouse at %s: run `wv migrate` first, or pass --db", a.dbPath())
	}
	db, err := a.openRawDB()
	if err != nil {
		return err
	}
	defer db.Close()
	if err := run.CheckMigrated(ctx, db); err != nil {
		return err
	}
	return c.write(ctx, a, db)
}

// write replaces raw.* in db with the demo chain (wv build --demo uses it too).
func (c *demoCmd) write(ctx context.Context, a *app, db *sql.DB) error {
	opts, err := c.options(a.now())
	if err != nil {
		return err
	}
	start := time.Now()
	err = duck.InTx(ctx, db, func(tx *duck.Tx) error {
		return replaceRaw(ctx, tx, opts, a.stderr, a.progress())
	})
	if err != nil {
		return fmt.Errorf("%w\nthe raw tables are unchanged", err)
	}
	at := opts.AsOf.Format(time.RFC3339)
	fmt.Fprintf(a.stderr, "replaced raw.* with a demo chain: %s wallets over %d days up to %s, seed %d (%s)\nbuild on it with: wv run --vars as_of=%s\n",
		thousands(int64(opts.Wallets)), opts.Days, at, opts.Seed, seconds(time.Since(start)), at)
	return nil
}

func (c *demoCmd) options(now time.Time) (demo.Options, error) {
	opts := demo.Options{Wallets: c.Wallets, Days: c.Days, Seed: c.Seed, AsOf: now.UTC().Truncate(time.Hour)}
	if c.AsOf != "" {
		t, err := vars.ParseTimestamp(c.AsOf)
		if err != nil {
			return opts, fmt.Errorf("--as-of: %w", err)
		}
		opts.AsOf = t
	}
	return opts, opts.Validate()
}

// replaceRaw empties every raw table and writes the demo chain, inside the caller's transaction.
func replaceRaw(ctx context.Context, tx *duck.Tx, opts demo.Options, stderr io.Writer, progress progress.Reporter) error {
	for _, table := range demo.Tables() {
		if _, err := tx.ExecContext(ctx, "delete from raw."+table); err != nil {
			return fmt.Errorf("empty raw.%s: %w", table, err)
		}
	}
	if err := forgetIngestState(ctx, tx); err != nil {
		return err
	}
	return demo.Generate(opts, &demoSink{ctx: ctx, tx: tx, stderr: stderr, progress: progress})
}

// demoSink appends the demo's rows to raw.* in the transaction and prints a line per table.
type demoSink struct {
	ctx      context.Context
	tx       *duck.Tx
	stderr   io.Writer
	progress progress.Reporter
	done     int64 // tables written
}

func (s *demoSink) Write(table string, columns []string, rows func(yield func(...driver.Value) error) error) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	var n int64
	err := s.tx.Append(s.ctx, "raw", table, columns, func(yield func(...driver.Value) error) error {
		return rows(func(v ...driver.Value) error {
			if n++; n%demoCheckEvery == 0 {
				if err := s.ctx.Err(); err != nil {
					return err
				}
				s.progress.Report("demo", s.done, int64(len(demo.Tables())), fmt.Sprintf("raw.%s: %s rows", table, thousands(n)))
			}
			return yield(v...)
		})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(s.stderr, "OK   demo %-21s %16s  %s\n", "raw."+table, rowCount(n), seconds(time.Since(start)))
	s.done++
	s.progress.Report("demo", s.done, int64(len(demo.Tables())), "raw."+table)
	return nil
}

// forgetIngestState clears wv ingest's cursors and fetched spans: they describe the raw rows the
// demo chain just replaced, and a later ingest must not resume from them.
func forgetIngestState(ctx context.Context, tx *duck.Tx) error {
	for _, table := range []string{"ingest_cursors", "ingest_price_spans", "ingest_pox_constants", "ingest_forks"} {
		var n int
		err := tx.QueryRowContext(ctx, `select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = ?`, table).Scan(&n)
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, "delete from meta."+table); err != nil {
			return fmt.Errorf("clear meta.%s: %w", table, err)
		}
	}
	return nil
}
