package cli

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// warehouse is the DuckDB warehouse as an ingest.Store. It opens the file for each call and
// closes it after, so `wv ingest` holds DuckDB's lock only while it reads or writes one batch,
// and a snapshot can copy the file in between; a lock held by another process is waited for
// (--lock-wait).
type warehouse struct {
	path string
	opts duck.Options
}

func (w *warehouse) open(context.Context) (*sql.DB, error) { return duck.Open(w.path, w.opts) }

// Write applies the batch in one transaction.
func (w *warehouse) Write(ctx context.Context, b ingest.Batch) error {
	db, err := w.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return duck.InTx(ctx, db, func(tx *duck.Tx) error {
		for _, d := range b.Deletes {
			where, args, err := conditions(d.Where)
			if err == nil && len(d.Where) == 0 {
				err = errors.New("no condition")
			}
			if err == nil {
				_, err = tx.ExecContext(ctx, "delete from "+d.Table+" where "+where, args...)
			}
			if err != nil {
				return fmt.Errorf("delete from %s: %w", d.Table, err)
			}
		}
		for _, u := range b.Upserts {
			if err := upsert(ctx, tx, u); err != nil {
				return err
			}
		}
		return nil
	})
}

func upsert(ctx context.Context, tx *duck.Tx, u ingest.Rows) error {
	if len(u.Values) == 0 {
		return nil
	}
	schema, table, ok := strings.Cut(u.Table, ".")
	if !ok || !identRE.MatchString(schema) || !identRE.MatchString(table) {
		return fmt.Errorf("upsert %q: want schema.table", u.Table)
	}
	return tx.Upsert(ctx, schema, table, u.Key, u.Columns, func(yield func(...driver.Value) error) error {
		row := make([]driver.Value, len(u.Columns))
		for _, r := range u.Values {
			for i, v := range r {
				row[i] = v
			}
			if err := yield(row...); err != nil {
				return err
			}
		}
		return nil
	})
}

var (
	identRE   = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
	operators = map[string]bool{"=": true, "<": true, "<=": true, ">": true, ">=": true}
)

// conditions renders "a = ? and b >= ?" with its arguments; names must be plain identifiers.
func conditions(where []ingest.Cond) (string, []any, error) {
	parts := make([]string, len(where))
	args := make([]any, len(where))
	for i, c := range where {
		if !identRE.MatchString(c.Column) || !operators[c.Op] {
			return "", nil, fmt.Errorf("bad condition %s %s", c.Column, c.Op)
		}
		parts[i], args[i] = c.Column+" "+c.Op+" ?", c.Value
	}
	return strings.Join(parts, " and "), args, nil
}

// Select runs the query.
func (w *warehouse) Select(ctx context.Context, q ingest.Query) ([][]any, error) {
	query, args, err := selectSQL(q)
	if err != nil {
		return nil, err
	}
	db, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return queryRows(ctx, db, query, args...)
}

func selectSQL(q ingest.Query) (string, []any, error) {
	for _, c := range append(append([]string{}, q.Columns...), q.OrderBy...) {
		if !identRE.MatchString(c) {
			return "", nil, fmt.Errorf("select from %s: bad column %q", q.Table, c)
		}
	}
	s := "select "
	if q.Distinct {
		s += "distinct "
	}
	s += strings.Join(q.Columns, ", ") + " from " + q.Table
	where, args, err := conditions(q.Where)
	if err != nil {
		return "", nil, err
	}
	if where != "" {
		s += " where " + where
	}
	if len(q.OrderBy) > 0 {
		dir := ""
		if q.Desc {
			dir = " desc"
		}
		s += " order by " + strings.Join(q.OrderBy, dir+", ") + dir
	}
	if q.Limit > 0 {
		s += fmt.Sprintf(" limit %d", q.Limit)
	}
	return s, args, nil
}

func queryRows(ctx context.Context, db *sql.DB, query string, args ...any) ([][]any, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// walletsSQL: a wallet's activation is its first successful transaction of a user type over
// all stored history (as the activation model has it); it is due without a fresh balance.
const walletsSQL = `
with act as (
    select sender_address as address, min(block_time) as activation_time
    from raw.transactions
    where tx_status = 'success' and list_contains(?, tx_type)
    group by sender_address
),
seen as (
    select address, max(as_of) as last_as_of from raw.balances group by address
)
select a.address
from act a left join seen s on s.address = a.address
where a.activation_time >= ? and a.activation_time < ?
  and (s.last_as_of is null or s.last_as_of < ? or a.activation_time >= ?)
order by a.activation_time, a.address`

// Wallets lists the wallets due for a balance lookup.
func (w *warehouse) Wallets(ctx context.Context, q ingest.WalletQuery) ([]string, error) {
	db, err := w.open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	recent := q.RecentFrom
	if recent.IsZero() {
		recent = q.ActivatedTo // no wallet is activated at or after the end
	}
	rows, err := queryRows(ctx, db, walletsSQL, q.TxTypes, q.ActivatedFrom, q.ActivatedTo, q.StaleBefore, recent)
	if err != nil {
		return nil, fmt.Errorf("cohort wallets: %w", err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i], _ = r[0].(string)
	}
	return out, nil
}

// checkIngestTables fails unless the warehouse has the ingest state tables (migration 4).
func (w *warehouse) checkIngestTables(ctx context.Context) error {
	db, err := w.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `select count(*) from duckdb_tables() where schema_name = 'meta' and table_name = 'ingest_cursors'`).Scan(&n)
	if err == nil && n == 0 {
		err = fmt.Errorf("%s has no ingest state tables: run `wv migrate` first", w.path)
	}
	return err
}
