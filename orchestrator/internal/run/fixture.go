package run

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
)

// fixture is parsed CSV text: a header and rows of cells, "" meaning NULL.
type fixture struct {
	columns []string
	rows    [][]string
	lines   []int // file line of each row
}

func parseFixture(f project.Fixture) (*fixture, error) {
	cr := csv.NewReader(strings.NewReader(f.Rows))
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, project.Errorf(f.Pos, "rows need a header line naming the columns")
	}
	if err != nil {
		return nil, fixtureError(f, err)
	}
	out := &fixture{}
	for _, h := range header {
		out.columns = append(out.columns, strings.TrimSpace(h))
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fixtureError(f, err)
		}
		line, _ := cr.FieldPos(0)
		out.rows = append(out.rows, rec)
		out.lines = append(out.lines, f.Pos.Line+line)
	}
}

func fixtureError(f project.Fixture, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return project.Errorf(project.Pos{Path: f.Pos.Path, Line: f.Pos.Line + pe.StartLine}, "%v", pe.Err)
	}
	return project.Errorf(f.Pos, "%v", err)
}

// columnTypes returns relation's column names and DuckDB types, in order.
func columnTypes(ctx context.Context, db *sql.DB, relation string) ([]string, map[string]string, error) {
	rows, err := db.QueryContext(ctx, "describe "+relation)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var names []string
	types := map[string]string{}
	for rows.Next() {
		var name, typ string
		var rest [4]any
		if err := rows.Scan(&name, &typ, &rest[0], &rest[1], &rest[2], &rest[3]); err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		types[name] = typ
	}
	return names, types, rows.Err()
}

// loadFixture inserts the fixture's rows into relation, casting each cell to the column's type.
// Columns the header does not name get their default (usually NULL).
func loadFixture(ctx context.Context, db *sql.DB, relation string, f project.Fixture) error {
	fx, err := parseFixture(f)
	if err != nil {
		return err
	}
	names, types, err := columnTypes(ctx, db, relation)
	if err != nil {
		return fmt.Errorf("%s: %w", f.Pos, err)
	}
	casts := make([]string, len(fx.columns))
	for i, c := range fx.columns {
		t, ok := types[c]
		if !ok {
			return project.Errorf(f.Pos, "%s has no column %q (it has: %s)", relation, c, strings.Join(names, ", "))
		}
		casts[i] = "cast(? as " + t + ")"
	}
	stmt := fmt.Sprintf("insert into %s (%s) values (%s)", relation, strings.Join(fx.columns, ", "), strings.Join(casts, ", "))
	for i, row := range fx.rows {
		args := make([]any, len(row))
		for j, cell := range row {
			if cell = strings.TrimSpace(cell); cell != "" {
				args[j] = cell
			}
		}
		if _, err := db.ExecContext(ctx, stmt, args...); err != nil {
			return project.Errorf(project.Pos{Path: f.Pos.Path, Line: fx.lines[i]}, "%s row %d: %s", relation, i+1, firstParagraph(err))
		}
	}
	return nil
}

// firstParagraph drops DuckDB's echo of the statement ("LINE 1: ...") from an error.
func firstParagraph(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n\n")
	return msg
}
