package ingesttest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// Store is an in-memory ingest.Store with the warehouse adapter's semantics: deletes by
// conditions, then upserts that replace rows with the same key; a batch lands whole or not at
// all. Hooks let tests fail or watch writes.
type Store struct {
	mu     sync.Mutex
	tables map[string]*table
	writes int
	// BeforeWrite, if set, runs before each batch is applied; an error fails the write
	// (nothing lands), as a crash or a lost lock would.
	BeforeWrite func(n int, b ingest.Batch) error
}

type table struct {
	cols []string
	rows [][]any
}

// NewStore returns a store with every table ingestion writes, empty.
func NewStore() *Store {
	s := &Store{tables: map[string]*table{}}
	for _, t := range ingest.Tables() {
		s.tables[t] = &table{cols: ingest.Columns(t)}
	}
	return s
}

// Writes counts the batches applied.
func (s *Store) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

// Write applies b atomically.
func (s *Store) Write(ctx context.Context, b ingest.Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.BeforeWrite != nil {
		if err := s.BeforeWrite(s.writes, b); err != nil {
			return err
		}
	}
	next := map[string]*table{}
	get := func(name string) (*table, error) {
		if t := next[name]; t != nil {
			return t, nil
		}
		t := s.tables[name]
		if t == nil {
			return nil, fmt.Errorf("no table %s", name)
		}
		c := &table{cols: t.cols, rows: slices.Clone(t.rows)}
		next[name] = c
		return c, nil
	}
	for _, d := range b.Deletes {
		t, err := get(d.Table)
		if err != nil {
			return err
		}
		if len(d.Where) == 0 {
			return fmt.Errorf("delete from %s without a condition", d.Table)
		}
		t.rows = slices.DeleteFunc(t.rows, func(r []any) bool { return t.match(r, d.Where) })
	}
	for _, u := range b.Upserts {
		t, err := get(u.Table)
		if err != nil {
			return err
		}
		if err := t.upsert(u); err != nil {
			return fmt.Errorf("upsert %s: %w", u.Table, err)
		}
	}
	for name, t := range next {
		s.tables[name] = t
	}
	s.writes++
	return nil
}

func (t *table) col(name string) int { return slices.Index(t.cols, name) }

func (t *table) match(r []any, where []ingest.Cond) bool {
	for _, c := range where {
		i := t.col(c.Column)
		if i < 0 || r[i] == nil || c.Value == nil {
			return false
		}
		if !holds(compare(r[i], c.Value), c.Op) {
			return false
		}
	}
	return true
}

func holds(n int, op string) bool {
	switch op {
	case "=":
		return n == 0
	case "<":
		return n < 0
	case "<=":
		return n <= 0
	case ">":
		return n > 0
	case ">=":
		return n >= 0
	}
	return false
}

func (t *table) upsert(u ingest.Rows) error {
	if !slices.Equal(u.Columns, t.cols) {
		return fmt.Errorf("columns %v, the table has %v", u.Columns, t.cols)
	}
	keyIdx := make([]int, len(u.Key))
	for i, k := range u.Key {
		if keyIdx[i] = t.col(k); keyIdx[i] < 0 {
			return fmt.Errorf("no key column %s", k)
		}
	}
	keys := map[string]bool{}
	for _, r := range u.Values {
		if len(r) != len(t.cols) {
			return fmt.Errorf("a row of %d values for %d columns", len(r), len(t.cols))
		}
		keys[keyOf(r, keyIdx)] = true
	}
	t.rows = slices.DeleteFunc(t.rows, func(r []any) bool { return keys[keyOf(r, keyIdx)] })
	for _, r := range u.Values {
		row := make([]any, len(r))
		for i, v := range r {
			row[i] = normal(v)
		}
		t.rows = append(t.rows, row)
	}
	return nil
}

func keyOf(r []any, idx []int) string {
	var b strings.Builder
	for _, i := range idx {
		fmt.Fprintf(&b, "%v\x00", normal(r[i]))
	}
	return b.String()
}

// normal is a value as the warehouse gives it back: integers as int64, times in UTC.
func normal(v any) any {
	if n, ok := ingest.AsInt(v); ok {
		return n
	}
	if t, ok := v.(time.Time); ok {
		return t.UTC()
	}
	return v
}

// compare orders two non-nil values of one kind.
func compare(a, b any) int {
	a, b = normal(a), normal(b)
	switch x := a.(type) {
	case int64:
		y, _ := b.(int64)
		return cmp.Compare(x, y)
	case float64:
		y, _ := b.(float64)
		return cmp.Compare(x, y)
	case string:
		y, _ := b.(string)
		return cmp.Compare(x, y)
	case time.Time:
		y, _ := b.(time.Time)
		return x.Compare(y)
	case bool:
		y, _ := b.(bool)
		return cmp.Compare(btoi(x), btoi(y))
	}
	return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
