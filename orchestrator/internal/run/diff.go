package run

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// maxDiffLines caps the diff printed for one unit test.
const maxDiffLines = 12

// tableDiff is the difference between expected and actual rows: one line per differing row,
// naming only the cells that differ when the rows can be paired by key.
type tableDiff struct {
	rows  int
	lines []string
}

// compareExpected loads the expected rows with the result's column types and compares them
// with the result on the columns the expectation names, ignoring row order. Doubles match
// to 10 significant digits.
func compareExpected(ctx context.Context, db *sql.DB, m *project.Model, expect project.Fixture) (*tableDiff, error) {
	fx, err := parseFixture(expect)
	if err != nil {
		return nil, err
	}
	names, types, err := columnTypes(ctx, db, "wv_unit.result")
	if err != nil {
		return nil, err
	}
	defs := make([]string, len(fx.columns))
	for i, c := range fx.columns {
		t, ok := types[c]
		if !ok {
			return nil, project.Errorf(expect.Pos, "%s has no column %q (it has: %s)", m.Name, c, strings.Join(names, ", "))
		}
		defs[i] = c + " " + t
	}
	if _, err := db.ExecContext(ctx, "create table wv_unit.expected ("+strings.Join(defs, ", ")+")"); err != nil {
		return nil, err
	}
	if err := loadFixture(ctx, db, "wv_unit.expected", expect); err != nil {
		return nil, err
	}
	cols := strings.Join(fx.columns, ", ")
	want, err := table.Query(ctx, db, "select "+cols+" from wv_unit.expected")
	if err != nil {
		return nil, err
	}
	got, err := table.Query(ctx, db, "select "+cols+" from wv_unit.result")
	if err != nil {
		return nil, err
	}
	return diffTables(want, got, keyColumns(m, fx.columns)), nil
}

// keyColumns are the columns of the model's unique test when the expectation names them all.
func keyColumns(m *project.Model, expected []string) []string {
	named := map[string]bool{}
	for _, c := range expected {
		named[c] = true
	}
	var candidates [][]string
	for _, t := range m.Config.Tests {
		if cols, ok := t.Args["columns"].([]any); ok && t.Name == "unique" {
			var key []string
			for _, c := range cols {
				key = append(key, fmt.Sprint(c))
			}
			candidates = append(candidates, key)
		}
	}
	for _, c := range m.Config.Columns {
		for _, t := range c.Tests {
			if t.Name == "unique" {
				candidates = append(candidates, []string{c.Name})
			}
		}
	}
	for _, key := range candidates {
		all := true
		for _, k := range key {
			all = all && named[k]
		}
		if all {
			return key
		}
	}
	return nil
}

// row is one table row as comparable text cells.
type row []string

func rows(t *table.Table) []row {
	out := make([]row, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = make(row, len(r))
		for j, v := range r {
			out[i][j] = cellText(v, t.Types[j])
		}
	}
	return out
}

func cellText(v any, dbType string) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'g', 10, 64)
	}
	return table.Format(v, dbType, "NULL")
}

// diffTables compares two tables with the same columns as multisets of rows.
func diffTables(want, got *table.Table, key []string) *tableDiff {
	missing, extra := multisetDiff(rows(want), rows(got))
	d := &tableDiff{}
	keyIdx := indexes(want.Columns, key)
	if len(keyIdx) > 0 {
		missing, extra = d.pairByKey(want.Columns, keyIdx, missing, extra)
	}
	for _, r := range missing {
		d.add("missing row: " + describeRow(want.Columns, r))
	}
	for _, r := range extra {
		d.add("unexpected row: " + describeRow(want.Columns, r))
	}
	if len(d.lines) > maxDiffLines {
		d.lines = append(d.lines[:maxDiffLines], fmt.Sprintf("... and %d more differing rows", d.rows-maxDiffLines))
	}
	return d
}

func (d *tableDiff) add(line string) {
	d.rows++
	d.lines = append(d.lines, line)
}

// pairByKey reports rows with the same key on both sides as cell differences.
func (d *tableDiff) pairByKey(cols []string, keyIdx []int, missing, extra []row) ([]row, []row) {
	byKey := map[string]int{}
	for i, r := range extra {
		byKey[keyOf(r, keyIdx)] = i
	}
	used := map[int]bool{}
	var unpaired []row
	for _, w := range missing {
		i, ok := byKey[keyOf(w, keyIdx)]
		if !ok || used[i] {
			unpaired = append(unpaired, w)
			continue
		}
		used[i] = true
		g := extra[i]
		var cells []string
		for j := range w {
			if w[j] != g[j] {
				cells = append(cells, fmt.Sprintf("%s: want %s, got %s", cols[j], w[j], g[j]))
			}
		}
		d.add(describeKey(cols, keyIdx, w) + ": " + strings.Join(cells, "; "))
	}
	var rest []row
	for i, r := range extra {
		if !used[i] {
			rest = append(rest, r)
		}
	}
	return unpaired, rest
}

func multisetDiff(want, got []row) (missing, extra []row) {
	count := map[string]int{}
	for _, r := range got {
		count[strings.Join(r, "\x00")]++
	}
	for _, r := range want {
		k := strings.Join(r, "\x00")
		if count[k] > 0 {
			count[k]--
			continue
		}
		missing = append(missing, r)
	}
	for _, r := range got {
		k := strings.Join(r, "\x00")
		if count[k] > 0 {
			count[k]--
			extra = append(extra, r)
		}
	}
	sortRows(missing)
	sortRows(extra)
	return missing, extra
}

func sortRows(rs []row) {
	sort.Slice(rs, func(i, j int) bool { return strings.Join(rs[i], "\x00") < strings.Join(rs[j], "\x00") })
}

func indexes(cols, names []string) []int {
	var out []int
	for _, n := range names {
		for i, c := range cols {
			if c == n {
				out = append(out, i)
			}
		}
	}
	return out
}

func keyOf(r row, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = r[j]
	}
	return strings.Join(parts, "\x00")
}

func describeKey(cols []string, idx []int, r row) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = cols[j] + "=" + r[j]
	}
	return "row " + strings.Join(parts, ", ")
}

func describeRow(cols []string, r row) string {
	parts := make([]string, len(r))
	for i := range r {
		parts[i] = cols[i] + "=" + r[i]
	}
	return strings.Join(parts, ", ")
}
