package run

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/seed"
)

// seedBatch is the number of rows per INSERT statement when loading a seed.
const seedBatch = 500

// LoadSeed writes a validated seed into seed.<name>: rows go into a staging table with the
// declared types, which then replaces the live table in one transaction. It returns the row
// count.
func LoadSeed(ctx context.Context, db *sql.DB, t *seed.Table) (int64, error) {
	s := t.Seed
	stage := project.SeedSchema + "." + s.Name + "__wv_stage"
	cols := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		cols[i] = c.Name + " " + c.Type
	}
	ddl := fmt.Sprintf("create schema if not exists %s; create or replace table %s (%s)", project.SeedSchema, stage, strings.Join(cols, ", "))
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		return 0, fmt.Errorf("seed %s: %w", s.Name, err)
	}
	if err := insertRows(ctx, db, stage, len(s.Columns), t.Rows); err != nil {
		db.ExecContext(ctx, "drop table if exists "+stage)
		return 0, fmt.Errorf("seed %s: %w", s.Name, err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := replace(ctx, tx, project.SeedSchema, s.Name+"__wv_stage", s.Name, "table"); err != nil {
		return 0, fmt.Errorf("seed %s: %w", s.Name, err)
	}
	return int64(len(t.Rows)), tx.Commit()
}

func insertRows(ctx context.Context, db *sql.DB, table string, width int, rows [][]any) error {
	placeholders := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	for start := 0; start < len(rows); start += seedBatch {
		batch := rows[start:min(start+seedBatch, len(rows))]
		args := make([]any, 0, len(batch)*width)
		for _, r := range batch {
			args = append(args, r...)
		}
		values := strings.TrimSuffix(strings.Repeat(placeholders+", ", len(batch)), ", ")
		if _, err := db.ExecContext(ctx, "insert into "+table+" values "+values, args...); err != nil {
			return err
		}
	}
	return nil
}

// replace drops schema.name (whatever kind it is) and renames schema.stage to name, inside tx.
func replace(ctx context.Context, tx *sql.Tx, schema, stage, name, stageKind string) error {
	kind, err := relationKind(ctx, tx, schema, name)
	if err != nil {
		return err
	}
	return swap(ctx, tx, schema, stage, name, stageKind, kind)
}

// swap drops schema.name, a relation of kind oldKind ("" when absent), and renames
// schema.stage to name, inside tx.
func swap(ctx context.Context, tx *sql.Tx, schema, stage, name, stageKind, oldKind string) error {
	if oldKind != "" {
		if _, err := tx.ExecContext(ctx, "drop "+oldKind+" "+schema+"."+name); err != nil {
			return fmt.Errorf("replace %s.%s: %w", schema, name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "alter "+stageKind+" "+schema+"."+stage+" rename to "+name); err != nil {
		return fmt.Errorf("swap in %s.%s: %w", schema, name, err)
	}
	return nil
}
