package table

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Formats are the output formats of Write.
var Formats = []string{"table", "csv", "json"}

// Write prints t in one of Formats.
func (t *Table) Write(w io.Writer, format string) error {
	switch format {
	case "csv":
		return t.WriteCSV(w)
	case "json":
		return t.WriteJSON(w)
	case "table", "":
		return t.WriteText(w)
	}
	return fmt.Errorf("unknown format %q (want table, csv or json)", format)
}

// WriteCSV prints a header and one line per row; NULL is an empty field.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(t.Columns)
	for i := range t.Rows {
		rec := make([]string, len(t.Columns))
		for j := range rec {
			rec[j] = t.Cell(i, j, "")
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON prints an array of objects keyed by column; NaN and infinities become null.
func (t *Table) WriteJSON(w io.Writer) error {
	var b strings.Builder
	b.WriteString("[")
	for i, row := range t.Rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(t.Columns[j])
			b.Write(k)
			b.WriteString(": ")
			b.Write(jsonValue(v, t.Types[j]))
		}
		b.WriteString("}")
	}
	if len(t.Rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func jsonValue(v any, dbType string) []byte {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return []byte("null")
		}
	case time.Time:
		v = Format(x, dbType, "")
	case []byte:
		v = string(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(fmt.Sprint(v))
	}
	return b
}

// WriteText prints aligned columns with a header rule and a row count; NULL shows as NULL.
func (t *Table) WriteText(w io.Writer) error {
	cells := make([][]string, len(t.Rows))
	width := make([]int, len(t.Columns))
	for j, c := range t.Columns {
		width[j] = utf8.RuneCountInString(c)
	}
	for i := range t.Rows {
		cells[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			cells[i][j] = t.Cell(i, j, "NULL")
			width[j] = max(width[j], utf8.RuneCountInString(cells[i][j]))
		}
	}
	var b strings.Builder
	line := func(vals []string) {
		var row strings.Builder
		for j, v := range vals {
			if j > 0 {
				row.WriteString("  ")
			}
			row.WriteString(v + strings.Repeat(" ", width[j]-utf8.RuneCountInString(v)))
		}
		b.WriteString(strings.TrimRight(row.String(), " ") + "\n")
	}
	line(t.Columns)
	rule := make([]string, len(width))
	for j, n := range width {
		rule[j] = strings.Repeat("-", n)
	}
	line(rule)
	for _, row := range cells {
		line(row)
	}
	fmt.Fprintf(&b, "(%d row%s)\n", len(t.Rows), map[bool]string{true: "", false: "s"}[len(t.Rows) == 1])
	_, err := io.WriteString(w, b.String())
	return err
}
