package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"

	"github.com/duckdb/duckdb-go/v2"
)

// Tx is a transaction on one connection that can also append rows. DuckDB's appender works on a
// connection, and what it appends on a connection with an open transaction belongs to that
// transaction: it commits or rolls back with the statements (TestTxRollsBackAppends checks this).
// database/sql's *sql.Tx hides its connection, so Tx begins and ends the transaction with SQL
// on a *sql.Conn.
type Tx struct {
	conn *sql.Conn
}

// InTx runs fn in a transaction on one connection and commits if fn returns nil; otherwise,
// or if fn panics, it rolls back, so either all of fn's writes land or none.
func InTx(ctx context.Context, db *sql.DB, fn func(*Tx) error) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "begin transaction"); err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "rollback"); rerr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
	}()
	if err := fn(&Tx{conn: conn}); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "commit"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	return nil
}

// ExecContext runs a statement in the transaction.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.conn.ExecContext(ctx, query, args...)
}

// QueryRowContext runs a query in the transaction.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.conn.QueryRowContext(ctx, query, args...)
}

// Append writes rows into schema.table in the transaction through DuckDB's appender. columns must be the
// table's columns in order: a table that has gained or lost a column fails here with both
// lists, not in the middle of the rows.
func (tx *Tx) Append(ctx context.Context, schema, table string, columns []string, rows func(yield func(...driver.Value) error) error) error {
	have, err := tx.columns(ctx, schema, table)
	if err != nil {
		return fmt.Errorf("append to %s.%s: %w", schema, table, err)
	}
	if !slices.Equal(have, columns) {
		return fmt.Errorf("append to %s.%s: the table has columns %v, the rows have %v", schema, table, have, columns)
	}
	return tx.conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), schema, table)
		if err != nil {
			return fmt.Errorf("append to %s.%s: %w", schema, table, err)
		}
		if err := rows(a.AppendRow); err != nil {
			a.Close()
			return fmt.Errorf("append to %s.%s: %w", schema, table, err)
		}
		if err := a.CloseWithCancel(ctx); err != nil {
			return fmt.Errorf("append to %s.%s: %w", schema, table, err)
		}
		return nil
	})
}

func (tx *Tx) columns(ctx context.Context, schema, table string) ([]string, error) {
	rows, err := tx.conn.QueryContext(ctx, `select column_name from duckdb_columns()
		where database_name = current_database() and schema_name = ? and table_name = ?
		order by column_index`, schema, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no table %s.%s", schema, table)
	}
	return out, nil
}
