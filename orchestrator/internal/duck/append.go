package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"
)

// Append writes rows into schema.table through DuckDB's appender, the fastest way in. rows
// calls yield once per row (values in table column order) and stops at the first error.
func Append(ctx context.Context, db *sql.DB, schema, table string, rows func(yield func(...driver.Value) error) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), schema, table)
		if err != nil {
			return fmt.Errorf("append to %s.%s: %w", schema, table, err)
		}
		if err := rows(a.AppendRow); err != nil {
			a.Close()
			return fmt.Errorf("append to %s.%s: %w", schema, table, err)
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("append to %s.%s: %w", schema, table, err)
		}
		return nil
	})
}
