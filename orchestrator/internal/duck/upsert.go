package duck

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// Upsert replaces, in the transaction, the rows of schema.table that share the key columns
// with one of rows, and adds the others: rows are appended to a temporary stage table, the
// stored rows with a staged key deleted, and the stage inserted. Raw tables have no primary
// keys (the key is logical), so this is the upsert. columns must be the table's columns in
// order; rows must not repeat a key.
func (tx *Tx) Upsert(ctx context.Context, schema, table string, key, columns []string, rows func(yield func(...driver.Value) error) error) error {
	have, err := tx.columns(ctx, schema, table)
	if err != nil {
		return fmt.Errorf("upsert %s.%s: %w", schema, table, err)
	}
	if !slices.Equal(have, columns) {
		return fmt.Errorf("upsert %s.%s: the table has columns %v, the rows have %v", schema, table, have, columns)
	}
	target, stage := ident(schema)+"."+ident(table), "wv_stage_"+table
	match := make([]string, len(key))
	for i, k := range key {
		match[i] = "t." + ident(k) + " = s." + ident(k)
	}
	err = tx.exec(ctx, "create or replace temp table "+ident(stage)+" as select * from "+target+" limit 0")
	if err == nil {
		err = tx.appendTemp(stage, rows)
	}
	if err == nil {
		err = tx.exec(ctx,
			"delete from "+target+" t using "+ident(stage)+" s where "+strings.Join(match, " and "),
			"insert into "+target+" select * from "+ident(stage),
			"drop table "+ident(stage))
	}
	if err != nil {
		return fmt.Errorf("upsert %s.%s: %w", schema, table, err)
	}
	return nil
}

func (tx *Tx) exec(ctx context.Context, stmts ...string) error {
	for _, s := range stmts {
		if _, err := tx.conn.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// appendTemp appends rows to the temporary table name.
func (tx *Tx) appendTemp(name string, rows func(yield func(...driver.Value) error) error) error {
	return tx.conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", name)
		if err != nil {
			return err
		}
		if err := rows(a.AppendRow); err != nil {
			a.Close()
			return err
		}
		return a.Close()
	})
}

// ident quotes an identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
