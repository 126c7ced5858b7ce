package ingest

import (
	"context"
	"time"
)

// Store is the warehouse as ingestion sees it. An implementation opens the database for each
// call and closes it before returning, so a long ingest holds DuckDB's single-writer lock only
// while it reads or writes one batch.
//
// Values in rows and conditions are int64, int32 (INTEGER columns), float64, string, bool,
// time.Time (UTC, microseconds; see [Stamp]) or nil.
type Store interface {
	// Write applies b in one transaction: all of it lands, or none.
	Write(ctx context.Context, b Batch) error
	// Select returns the rows q selects, values in q.Columns order.
	Select(ctx context.Context, q Query) ([][]any, error)
	// Wallets lists the cohort wallets due for a balance lookup, oldest activation first.
	Wallets(ctx context.Context, q WalletQuery) ([]string, error)
}

// Batch is one atomic write. The deletes run first, in order; then each Rows replaces the
// stored rows that share a key with one of its rows (delete, then insert: raw tables have no
// primary keys, the key is logical).
type Batch struct {
	Deletes []Delete
	Upserts []Rows
}

// Empty reports whether b writes nothing.
func (b Batch) Empty() bool { return len(b.Deletes) == 0 && len(b.Upserts) == 0 }

// Delete removes the rows of Table matching every condition of Where (which is never empty).
type Delete struct {
	Table string // schema.table
	Where []Cond
}

// Cond is "Column Op Value".
type Cond struct {
	Column string
	Op     string // =, <, <=, >, >=
	Value  any
}

// Eq, Ge, Gt, Le and Lt build conditions.
func Eq(col string, v any) Cond { return Cond{col, "=", v} }

// Ge is col >= v.
func Ge(col string, v any) Cond { return Cond{col, ">=", v} }

// Gt is col > v.
func Gt(col string, v any) Cond { return Cond{col, ">", v} }

// Le is col <= v.
func Le(col string, v any) Cond { return Cond{col, "<=", v} }

// Lt is col < v.
func Lt(col string, v any) Cond { return Cond{col, "<", v} }

// Rows are rows for Table; a stored row with the same Key values as one of them is replaced.
// Rows never repeat a key among themselves.
type Rows struct {
	Table   string
	Key     []string
	Columns []string // the table's columns, in table order (see [Columns])
	Values  [][]any
}

// Query selects Columns of the rows of Table matching Where (each distinct combination once
// with Distinct), ordered by OrderBy (ascending, or descending with Desc), at most Limit rows
// (0: all).
type Query struct {
	Table    string
	Columns  []string
	Distinct bool
	Where    []Cond
	OrderBy  []string
	Desc     bool
	Limit    int
}

// WalletQuery selects the wallets due for a balance lookup: cohort wallets (first successful
// transaction of one of TxTypes in [ActivatedFrom, ActivatedTo)) whose latest stored balance
// is older than StaleBefore or missing, plus, however fresh, those activated at or after
// RecentFrom (zero: none).
type WalletQuery struct {
	ActivatedFrom, ActivatedTo time.Time
	StaleBefore                time.Time
	RecentFrom                 time.Time
	TxTypes                    []string
}
