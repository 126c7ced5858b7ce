// Package table holds query results as plain values and prints them as aligned text, CSV or
// JSON. It needs only database/sql, so it works with any driver.
package table

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Table is a query result: column names, DuckDB type names and rows of Go values.
type Table struct {
	Columns []string
	Types   []string
	Rows    [][]any
}

// Query runs one query (or several ;-separated statements, keeping the last result).
func Query(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) (*Table, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return Scan(rows)
}

// Scan reads every row of rows.
func Scan(rows *sql.Rows) (*Table, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	t := &Table{}
	for _, ct := range types {
		t.Columns = append(t.Columns, ct.Name())
		t.Types = append(t.Types, ct.DatabaseTypeName())
	}
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

// Cell formats one value as text: NULL as "" (CSV) or nullText, dates without a time,
// timestamps as "YYYY-MM-DD HH:MM:SS[.ffffff]", floats in their shortest exact form.
func (t *Table) Cell(row, col int, nullText string) string {
	return Format(t.Rows[row][col], t.Types[col], nullText)
}

// Format formats a value of the given DuckDB type (see Table.Cell).
func Format(v any, dbType, nullText string) string {
	switch x := v.(type) {
	case nil:
		return nullText
	case time.Time:
		if dbType == "DATE" {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format("2006-01-02 15:04:05.999999")
	case float64:
		return formatFloat(x)
	case float32:
		return formatFloat(float64(x))
	case []byte:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = Format(e, "", "NULL")
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
