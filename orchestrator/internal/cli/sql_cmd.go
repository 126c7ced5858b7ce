package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

type sqlCmd struct {
	Query  string `arg:"" help:"SQL to run; several ;-separated statements run in order and the last result is printed."`
	Format string `short:"f" default:"table" enum:"table,csv,json" help:"Output format: table, csv or json."`
}

// schemaOrder is the search path of wv sql: models before raw data, so bare names find marts.
var schemaOrder = []string{"main", "marts", "intermediate", "staging", "seed", "raw", "meta"}

func (c *sqlCmd) Run(ctx context.Context, a *app) error {
	if !a.dbExists() {
		return fmt.Errorf("no warehouse at %s: run `wv migrate` (and `wv run`) first, or pass --db", a.dbPath())
	}
	db, err := a.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	schemas, err := table.Query(ctx, conn, `select schema_name from information_schema.schemata
		where catalog_name = current_database() order by schema_name`)
	if err != nil {
		return err
	}
	path := searchPath(schemas)
	if _, err := conn.ExecContext(ctx, "set search_path = '"+path+"'"); err != nil {
		return err
	}
	t, err := table.Query(ctx, conn, c.Query)
	if err != nil {
		return fmt.Errorf("wv sql: %w", err)
	}
	return t.Write(a.stdout, c.Format)
}

// searchPath lists the warehouse's schemas: the known layers first, then any others.
func searchPath(schemas *table.Table) string {
	have := map[string]bool{}
	for _, r := range schemas.Rows {
		have[fmt.Sprint(r[0])] = true
	}
	var out []string
	for _, s := range schemaOrder {
		if have[s] {
			out = append(out, s)
			delete(have, s)
		}
	}
	for _, r := range schemas.Rows {
		if s := fmt.Sprint(r[0]); have[s] && !strings.ContainsAny(s, "',") {
			out = append(out, s)
		}
	}
	return strings.Join(out, ",")
}
