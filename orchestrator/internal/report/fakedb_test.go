package report_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// fakeDB is a database/sql database whose queries return fixed tables, keyed by the SQL text
// (trimmed); any other query fails the way DuckDB does for a missing table. It keeps the
// report tests free of cgo.
func fakeDB(results map[string]*table.Table) *sql.DB {
	return sql.OpenDB(fakeConnector{results})
}

type fakeConnector struct{ results map[string]*table.Table }

func (c fakeConnector) Connect(context.Context) (driver.Conn, error) { return fakeConn(c), nil }
func (c fakeConnector) Driver() driver.Driver                        { return nil }

type fakeConn struct{ results map[string]*table.Table }

func (c fakeConn) Prepare(string) (driver.Stmt, error) { return nil, driver.ErrSkip }
func (c fakeConn) Close() error                        { return nil }
func (c fakeConn) Begin() (driver.Tx, error)           { return nil, driver.ErrSkip }

func (c fakeConn) QueryContext(_ context.Context, query string, _ []driver.NamedValue) (driver.Rows, error) {
	t, ok := c.results[strings.TrimSpace(query)]
	if !ok {
		return nil, fmt.Errorf("Catalog Error: Table with name %q does not exist!", query)
	}
	return &fakeRows{t: t}, nil
}

type fakeRows struct {
	t *table.Table
	i int
}

func (r *fakeRows) Columns() []string { return r.t.Columns }
func (r *fakeRows) Close() error      { return nil }

func (r *fakeRows) ColumnTypeDatabaseTypeName(i int) string { return r.t.Types[i] }

func (r *fakeRows) Next(dest []driver.Value) error {
	if r.i >= len(r.t.Rows) {
		return io.EOF
	}
	for j, v := range r.t.Rows[r.i] {
		dest[j] = v
	}
	r.i++
	return nil
}
