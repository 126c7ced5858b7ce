package ingest

import (
	"context"
	"fmt"
	"time"
)

// Cursor is how far a walk has read as final (meta.ingest_cursors).
type Cursor struct {
	Height int64
	Hash   string
}

// ReadCursor reads source's cursor; ok is false when there is none yet.
func ReadCursor(ctx context.Context, s Store, source string) (c Cursor, ok bool, err error) {
	rows, err := s.Select(ctx, Query{Table: TableCursors, Columns: []string{"height", "hash"}, Where: []Cond{Eq("source", source)}})
	if err != nil {
		return c, false, fmt.Errorf("read %s cursor: %w", source, err)
	}
	if len(rows) == 0 {
		return c, false, nil
	}
	c.Height, _ = AsInt(rows[0][0])
	c.Hash, _ = rows[0][1].(string)
	return c, true, nil
}

// CursorRows sets source's cursor, in the batch that writes the rows it covers.
func CursorRows(source string, c Cursor, now time.Time) Rows {
	r := NewRows(TableCursors)
	r.Add(source, c.Height, c.Hash, Stamp(now))
	return r
}

// AsInt reads an integer column value (a store may return any integer type).
func AsInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int:
		return int64(n), true
	case int16:
		return int64(n), true
	case int8:
		return int64(n), true
	case uint32:
		return int64(n), true
	case uint64:
		return int64(n), true
	}
	return 0, false
}

// AsTime reads a timestamp column value.
func AsTime(v any) (time.Time, bool) {
	t, ok := v.(time.Time)
	return t.UTC(), ok
}
