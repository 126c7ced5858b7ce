package report

import (
	"errors"
	"fmt"
	"html/template"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// contextQuery is the query whose one row (marts.report_context) feeds usd and usdNote.
const contextQuery = "context"

// data is what a page template executes with: the query results by name.
type data struct {
	page   string
	tables map[string]*table.Table
}

// funcs are the template functions of a page. They read rows, format values and build
// charts; none does arithmetic on the data beyond unit display (sats as BTC, STX at spot).
func (d *data) funcs() template.FuncMap {
	return template.FuncMap{
		// reading query results
		"q":     d.table,
		"rows":  d.rows,
		"row":   d.row,
		"find":  d.find,
		"where": d.where,
		"empty": d.empty,
		"head":  d.head,
		"dict":  dict,
		// formatting
		"num":    formatter(kindNum, false),
		"stx":    formatter(kindSTX, true),
		"btc":    formatter(kindBTC, true),
		"sats":   formatter(kindSats, false),
		"insats": formatter(kindInSat, false),
		"pct":    formatter(kindPct, false),
		"frac":   formatter(kindFrac, false),
		"int":    formatter(kindCount, false),
		"mult":   formatter(kindMult, false),
		"days":   formatter(kindDays, false),
		"date":   dateOf,
		"ts":     timestampOf,
		"usd":    d.usd,
		"spot":   d.spotNote,
		"isnil":  func(v any) bool { return v == nil },
		// charts
		"lineChart":   d.chart(lineChart),
		"barChart":    d.chart(barChart),
		"groupedBars": d.chart(groupedBars),
		"histogram":   d.chart(histogram),
		"heatmap":     d.chart(heatmap),
	}
}

func formatter(k kind, unit bool) func(any) (string, error) {
	return func(v any) (string, error) { return k.format(v, unit) }
}

// table resolves a query name (or passes a table through, e.g. one from where).
func (d *data) table(src any) (*table.Table, error) {
	switch x := src.(type) {
	case *table.Table:
		return x, nil
	case string:
		t, ok := d.tables[x]
		if !ok {
			return nil, fmt.Errorf("no query %q in reports/%s.sql (it has: %s)", x, d.page, queryNames(d.tables))
		}
		return t, nil
	}
	return nil, fmt.Errorf("%v (%T) is neither a query name nor a table", src, src)
}

// rows returns the rows of a query as maps from column name to value.
func (d *data) rows(src any) ([]map[string]any, error) {
	t, err := d.table(src)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(t.Rows))
	for i, r := range t.Rows {
		m := make(map[string]any, len(t.Columns))
		for j, c := range t.Columns {
			m[c] = r[j]
		}
		out[i] = m
	}
	return out, nil
}

// row returns the only row of a query, or nil when it has none.
func (d *data) row(src any) (map[string]any, error) {
	rows, err := d.rows(src)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	if len(rows) > 1 {
		return nil, fmt.Errorf("row %v: %d rows, want at most 1", src, len(rows))
	}
	return rows[0], nil
}

// find returns the first row whose column equals val, or nil.
func (d *data) find(src any, col string, val any) (map[string]any, error) {
	t, err := d.where(src, col, val)
	if err != nil {
		return nil, err
	}
	rows, _ := d.rows(t)
	if len(rows) == 0 {
		return nil, nil
	}
	return rows[0], nil
}

// where keeps the rows whose column equals one of vals (numbers compare by value).
func (d *data) where(src any, col string, vals ...any) (*table.Table, error) {
	t, err := d.table(src)
	if err != nil {
		return nil, err
	}
	j, err := column(t, col)
	if err != nil {
		return nil, err
	}
	out := &table.Table{Columns: t.Columns, Types: t.Types}
	for _, r := range t.Rows {
		for _, v := range vals {
			if same(r[j], v) {
				out.Rows = append(out.Rows, r)
				break
			}
		}
	}
	return out, nil
}

// head keeps the first n rows.
func (d *data) head(n int, src any) (*table.Table, error) {
	t, err := d.table(src)
	if err != nil {
		return nil, err
	}
	return &table.Table{Columns: t.Columns, Types: t.Types, Rows: t.Rows[:min(n, len(t.Rows))]}, nil
}

func (d *data) empty(src any) (bool, error) {
	t, err := d.table(src)
	if err != nil {
		return false, err
	}
	return len(t.Rows) == 0, nil
}

// column finds a column by name.
func column(t *table.Table, name string) (int, error) {
	for j, c := range t.Columns {
		if c == name {
			return j, nil
		}
	}
	return 0, fmt.Errorf("no column %q (columns: %v)", name, t.Columns)
}

// same compares a query value with a template value: numbers by value, the rest as text.
func same(a, b any) bool {
	fa, oka, erra := number(a)
	fb, okb, errb := number(b)
	if erra == nil && errb == nil && oka && okb {
		return fa == fb
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return textOf(a) == textOf(b)
}

// dict builds a map from key/value pairs, for passing several values to a sub-template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// spot returns the STX-USD spot price and its time from the context query; ok is false when
// the warehouse has no price.
func (d *data) spot() (price float64, at any, ok bool, err error) {
	t, found := d.tables[contextQuery]
	if !found {
		return 0, nil, false, fmt.Errorf("USD needs a query named %q in reports/%s.sql (select * from marts.report_context)", contextQuery, d.page)
	}
	if len(t.Rows) != 1 {
		return 0, nil, false, fmt.Errorf("query %q: %d rows, want 1", contextQuery, len(t.Rows))
	}
	pj, err := column(t, "spot_stx_usd")
	if err != nil {
		return 0, nil, false, fmt.Errorf("query %q: %w", contextQuery, err)
	}
	aj, err := column(t, "spot_as_of")
	if err != nil {
		return 0, nil, false, fmt.Errorf("query %q: %w", contextQuery, err)
	}
	price, ok, err = number(t.Rows[0][pj])
	return price, t.Rows[0][aj], ok, err
}

// usd shows an STX amount in dollars at the spot price: "$0.1753"; "" without a price or
// without an amount, so a page simply omits the hint.
func (d *data) usd(stx any) (string, error) {
	price, _, ok, err := d.spot()
	if err != nil || !ok {
		return "", err
	}
	f, ok, err := number(stx)
	if err != nil || !ok {
		return "", err
	}
	return usdText(f * price), nil
}

// spotNote says which price the USD values use: "USD at spot $0.8277 as of 2026-11-29
// 23:00 UTC"; "" without a price.
func (d *data) spotNote() (string, error) {
	price, at, ok, err := d.spot()
	if err != nil || !ok {
		return "", err
	}
	when, err := timestampOf(at)
	if err != nil {
		return "", err
	}
	return "USD at spot " + usdText(price) + " per STX as of " + when, nil
}
