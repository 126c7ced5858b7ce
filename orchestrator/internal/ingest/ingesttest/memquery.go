package ingesttest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// Select runs q.
func (s *Store) Select(ctx context.Context, q ingest.Query) ([][]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables[q.Table]
	if t == nil {
		return nil, fmt.Errorf("no table %s", q.Table)
	}
	var rows [][]any
	for _, r := range t.rows {
		if t.match(r, q.Where) {
			rows = append(rows, r)
		}
	}
	order := make([]int, len(q.OrderBy))
	for i, c := range q.OrderBy {
		order[i] = t.col(c)
	}
	slices.SortStableFunc(rows, func(a, b []any) int {
		for _, i := range order {
			if n := compareNullable(a[i], b[i]); n != 0 {
				if q.Desc {
					return -n
				}
				return n
			}
		}
		return 0
	})
	return project(t, rows, q)
}

func compareNullable(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1 // NULLS LAST, as DuckDB
	case b == nil:
		return -1
	}
	return compare(a, b)
}

func project(t *table, rows [][]any, q ingest.Query) ([][]any, error) {
	idx := make([]int, len(q.Columns))
	for i, c := range q.Columns {
		if idx[i] = t.col(c); idx[i] < 0 {
			return nil, fmt.Errorf("%s has no column %s", q.Table, c)
		}
	}
	var out [][]any
	seen := map[string]bool{}
	for _, r := range rows {
		row := make([]any, len(idx))
		for i, j := range idx {
			row[i] = r[j]
		}
		if q.Distinct {
			k := fmt.Sprint(row...)
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, row)
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

// Wallets computes the cohort the way the warehouse's query does.
func (s *Store) Wallets(ctx context.Context, q ingest.WalletQuery) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	txs, bal := s.tables[ingest.TableTransactions], s.tables[ingest.TableBalances]
	act := map[string]time.Time{}
	for _, r := range txs.rows {
		typ, _ := r[txs.col("tx_type")].(string)
		if r[txs.col("tx_status")] != "success" || !slices.Contains(q.TxTypes, typ) {
			continue
		}
		addr, _ := r[txs.col("sender_address")].(string)
		t, _ := r[txs.col("block_time")].(time.Time)
		if a, ok := act[addr]; !ok || t.Before(a) {
			act[addr] = t
		}
	}
	latest := map[string]time.Time{}
	for _, r := range bal.rows {
		addr, _ := r[bal.col("address")].(string)
		t, _ := r[bal.col("as_of")].(time.Time)
		if t.After(latest[addr]) {
			latest[addr] = t
		}
	}
	type due struct {
		addr string
		at   time.Time
	}
	var out []due
	for addr, at := range act {
		if at.Before(q.ActivatedFrom) || !at.Before(q.ActivatedTo) {
			continue
		}
		last, seen := latest[addr]
		recent := !q.RecentFrom.IsZero() && !at.Before(q.RecentFrom)
		if !seen || last.Before(q.StaleBefore) || recent {
			out = append(out, due{addr, at})
		}
	}
	slices.SortFunc(out, func(a, b due) int {
		if n := a.at.Compare(b.at); n != 0 {
			return n
		}
		return compare(a.addr, b.addr)
	})
	addrs := make([]string, len(out))
	for i, d := range out {
		addrs[i] = d.addr
	}
	return addrs, nil
}

// Rows renders table's rows, one string per row (without the omitted columns), sorted: the
// form tests compare.
func (s *Store) Rows(table string, omit ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables[table]
	return Render(t.cols, t.rows, omit...)
}

// Render renders rows of cols, one string per row without the omitted columns, sorted.
func Render(cols []string, rows [][]any, omit ...string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		var parts []string
		for i, c := range cols {
			if !slices.Contains(omit, c) {
				parts = append(parts, c+"="+show(r[i]))
			}
		}
		out = append(out, fmt.Sprint(parts))
	}
	slices.Sort(out)
	return out
}

func show(v any) string {
	switch x := normal(v).(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.Format("2006-01-02T15:04:05.999999")
	case float64:
		return fmt.Sprintf("%.9g", x)
	default:
		return fmt.Sprint(x)
	}
}
