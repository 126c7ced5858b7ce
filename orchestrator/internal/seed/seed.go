// Package seed reads and validates CSV seeds against their declared columns. It is pure:
// loading the validated rows into the warehouse is run.LoadSeed's job.
package seed

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/spell"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

// Table is a seed's validated rows, typed per the declared columns (in declared order);
// an empty cell is nil (NULL).
type Table struct {
	Seed *project.Seed
	Rows [][]any
}

// bom is the UTF-8 byte order mark some spreadsheets write at the start of a CSV file.
const bom = "\ufeff"

// maxErrors caps the cell errors reported for one file.
const maxErrors = 20

// Read parses CSV text for seed s. path is the file name used in errors ("seeds/x.csv").
// Headers are trimmed and must name exactly the declared columns, in any order. Every cell is
// typed and checked against its column's checks (required, unique, min or min_var from vals,
// format) and the seed's rules; every problem is reported as path:line: ..., up to maxErrors.
func Read(s *project.Seed, r io.Reader, path string, vals vars.Values) (*Table, error) {
	check, err := newChecker(s, path, vals)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		br.Discard(len(bom)) // before csv sees it, so a quoted first header still parses
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, project.Errorf(project.Pos{Path: path, Line: 1}, "empty file: want a header row (%s)", columnList(s))
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	index, err := mapHeader(s, header, path)
	if err != nil {
		return nil, err
	}
	t := &Table{Seed: s}
	var errs []error
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, csv.ErrFieldCount) {
			errs = append(errs, csvError(path, err))
			continue
		}
		if err != nil {
			errs = append(errs, csvError(path, err))
			break
		}
		line, _ := cr.FieldPos(0)
		row, raw, rowErrs := typedRow(s, index, rec, path, line)
		if len(rowErrs) == 0 {
			rowErrs = check.row(row, raw, line)
		}
		errs = append(errs, rowErrs...)
		t.Rows = append(t.Rows, row)
	}
	if len(errs) > maxErrors {
		errs = append(errs[:maxErrors], fmt.Errorf("%s: ... and %d more problems", path, len(errs)-maxErrors))
	}
	return t, errors.Join(errs...)
}

func columnList(s *project.Seed) string {
	names := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		names[i] = c.Name
	}
	return strings.Join(names, ",")
}

// mapHeader returns, for each declared column, its index in the CSV record.
func mapHeader(s *project.Seed, header []string, path string) ([]int, error) {
	pos := project.Pos{Path: path, Line: 1}
	at := map[string]int{}
	var errs []error
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := at[h]; dup {
			errs = append(errs, project.Errorf(pos, "column %q appears twice in the header", h))
		}
		at[h] = i
	}
	index := make([]int, len(s.Columns))
	declared := map[string]bool{}
	for i, c := range s.Columns {
		declared[c.Name] = true
		j, ok := at[c.Name]
		if !ok {
			errs = append(errs, project.Errorf(pos, "missing column %q (the header must name: %s)", c.Name, columnList(s)))
		}
		index[i] = j
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !declared[h] {
			errs = append(errs, project.Errorf(pos, "unknown column %q (header field %d)%s; %s declares: %s",
				h, i+1, spell.Hint(h, strings.Split(columnList(s), ",")), s.ConfigPath, columnList(s)))
		}
	}
	return index, errors.Join(errs...)
}

// typedRow converts a record's cells to the declared types; raw holds the trimmed cells in
// declared order.
func typedRow(s *project.Seed, index []int, rec []string, path string, line int) ([]any, []string, []error) {
	row := make([]any, len(s.Columns))
	raw := make([]string, len(s.Columns))
	var errs []error
	for i, c := range s.Columns {
		raw[i] = strings.TrimSpace(rec[index[i]])
		v, err := Cell(c.Type, rec[index[i]])
		if err != nil {
			errs = append(errs, project.Errorf(project.Pos{Path: path, Line: line}, "column %s: %v", c.Name, err))
		}
		row[i] = v
	}
	return row, raw, errs
}

// Cell converts one CSV cell to the Go value of a declared column type. Surrounding spaces
// are ignored; an empty cell is nil.
func Cell(typ, text string) (any, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return nil, nil
	}
	switch typ {
	case "varchar":
		return s, nil
	case "bigint", "integer":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || (typ == "integer" && (n > math.MaxInt32 || n < math.MinInt32)) {
			return nil, fmt.Errorf("%q is not %s", s, map[string]string{"bigint": "a BIGINT", "integer": "an INTEGER"}[typ])
		}
		return n, nil
	case "double":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(s, "xXpP") {
			return nil, fmt.Errorf("%q is not a finite number", s)
		}
		return f, nil
	case "boolean":
		b, err := strconv.ParseBool(strings.ToLower(s))
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", s)
		}
		return b, nil
	case "date":
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
		}
		return d, nil
	case "timestamp":
		t, err := vars.ParseTimestamp(s)
		if err != nil {
			return nil, err
		}
		return t, nil
	}
	return nil, fmt.Errorf("unsupported type %q", typ)
}

// csvError positions encoding/csv's errors ("record on line 3: wrong number of fields").
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return project.Errorf(project.Pos{Path: path, Line: pe.StartLine}, "wrong number of fields (the header has a different count)")
		}
		return project.Errorf(project.Pos{Path: path, Line: pe.StartLine}, "%v", pe.Err)
	}
	return fmt.Errorf("%s: %w", path, err)
}
