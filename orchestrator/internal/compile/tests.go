package compile

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
)

// Test is a compiled data test: a query returning the rows that fail it (zero rows: pass).
type Test struct {
	Name     string // <model>.<test>_<column>, or <model>.<name> for singular tests
	Model    string
	Kind     string // generic or singular
	Severity string // error or warn
	SQL      string
	Refs     []string // models and seeds read besides the model itself
	Pos      project.Pos
}

// Tests compiles the generic tests declared in each model's config and the singular tests in
// its .test.sql file, for the models of res. Problems are reported together, positioned.
func Tests(p *project.Project, res *Result) ([]*Test, error) {
	c := &compiler{p: p, vals: res.vals, texts: map[string]string{}, macroScans: map[string]*scan{}}
	base, err := c.parseMacros()
	if err != nil {
		return nil, err
	}
	var out []*Test
	var errs []error
	for _, name := range keys(res.Models) {
		m := res.Models[name]
		generic, gerrs := genericTests(p, m.Model)
		out = append(out, generic...)
		errs = append(errs, gerrs...)
		singular, err := c.singularTests(base, m.Model)
		if err != nil {
			errs = append(errs, err)
		}
		out = append(out, singular...)
	}
	if len(errs) > 0 {
		return nil, project.Join(flatten(errs))
	}
	uniqueNames(out)
	return out, nil
}

// singularTests renders each {{ define "name" }} block of models/<layer>/<model>.test.sql,
// with this bound to the model's relation.
func (c *compiler) singularTests(base *template.Template, m *project.Model) ([]*Test, error) {
	if m.TestPath == "" {
		return nil, nil
	}
	c.texts[m.TestPath] = m.TestSQL
	set, err := base.Clone()
	if err != nil {
		return nil, err
	}
	t, err := set.New(m.TestPath).Parse(m.TestSQL)
	if err != nil {
		return nil, templateError(err, c.texts)
	}
	fake := *m
	fake.Path = m.TestPath
	if s := c.scanModel(t, &fake); len(s.errs) > 0 {
		return nil, project.Join(s.errs)
	}
	var out []*Test
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.ParseName != m.TestPath || tt.Name() == m.TestPath {
			continue
		}
		r := &renderer{c: c, model: m, set: t, refs: map[string]bool{}, sources: map[string]bool{}}
		r.bind()
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, tt.Name(), nil); err != nil {
			return nil, templateError(err, c.texts)
		}
		line := strings.Count(m.TestSQL[:tt.Tree.Root.Position()], "\n") + 1
		out = append(out, &Test{
			Name: m.Name + "." + tt.Name(), Model: m.Name, Kind: "singular", Severity: "error",
			SQL:  strings.TrimSpace(strings.TrimRight(strings.TrimSpace(buf.String()), ";")),
			Refs: keys(r.refs), Pos: project.Pos{Path: m.TestPath, Line: line},
		})
	}
	if len(out) == 0 {
		return nil, project.Errorf(project.Pos{Path: m.TestPath}, `no tests: write each as {{ define "test_name" }} select ... {{ end }}`)
	}
	return out, nil
}

// genericTests turns the model's declared tests into queries.
func genericTests(p *project.Project, m *project.Model) ([]*Test, []error) {
	var out []*Test
	var errs []error
	all := append([]project.Test(nil), m.Config.Tests...)
	for _, col := range m.Config.Columns {
		all = append(all, col.Tests...)
	}
	for _, t := range all {
		sql, refs, err := genericSQL(p, m, t)
		if err != nil {
			errs = append(errs, project.Errorf(t.Pos, "test %s: %v", t.Name, err))
			continue
		}
		out = append(out, &Test{Name: m.Name + "." + testName(t), Model: m.Name, Kind: "generic",
			Severity: t.Severity, SQL: sql, Refs: refs, Pos: t.Pos})
	}
	return out, errs
}

func testName(t project.Test) string {
	if t.Label != "" {
		return t.Label
	}
	parts := []string{t.Name}
	if t.Column != "" {
		parts = append(parts, t.Column)
	}
	if cols, ok := t.Args["columns"].([]any); ok {
		for _, c := range cols {
			parts = append(parts, fmt.Sprint(c))
		}
	}
	return strings.Join(parts, "_")
}

// uniqueNames suffixes repeated test names with _2, _3, ...
func uniqueNames(tests []*Test) {
	seen := map[string]int{}
	for _, t := range tests {
		seen[t.Name]++
		if n := seen[t.Name]; n > 1 {
			t.Name += "_" + strconv.Itoa(n)
		}
	}
}

// genericSQL builds the failing-rows query of one generic test on model m.
func genericSQL(p *project.Project, m *project.Model, t project.Test) (string, []string, error) {
	from := m.Relation()
	if w, ok := t.Args["where"]; ok {
		from = fmt.Sprintf("(select * from %s where %v) as t", from, w)
	}
	col := t.Column
	needColumn := func() error {
		if col == "" {
			return fmt.Errorf("declare it under a column (columns: - name: x, tests: [%s])", t.Name)
		}
		return nil
	}
	switch t.Name {
	case "not_null":
		return fmt.Sprintf("select * from %s where %s is null", from, col), nil, needColumn()
	case "unique":
		return uniqueSQL(from, col, t.Args["columns"])
	case "accepted_values":
		vals, err := literalList(t.Args["values"])
		if err == nil {
			err = needColumn()
		}
		return fmt.Sprintf("select %[2]s, count(*) as n_rows from %[1]s where %[2]s is not null and %[2]s not in (%[3]s) group by %[2]s",
			from, col, vals), nil, err
	case "relationships":
		return relationshipSQL(p, from, col, t.Args)
	case "accepted_range":
		return rangeSQL(from, col, t.Args)
	case "expression":
		return fmt.Sprintf("select * from %s where not (%v)", from, t.Args["expr"]), nil, nil
	}
	return "", nil, fmt.Errorf("unknown test")
}

func uniqueSQL(from, col string, columns any) (string, []string, error) {
	var cols []string
	if col != "" {
		cols = []string{col}
	}
	if list, ok := columns.([]any); ok {
		cols = nil
		for _, c := range list {
			cols = append(cols, fmt.Sprint(c))
		}
	}
	if len(cols) == 0 {
		return "", nil, fmt.Errorf("name the column(s): declare it under a column, or give columns: [a, b]")
	}
	list := strings.Join(cols, ", ")
	return fmt.Sprintf("select %[2]s, count(*) as n_rows from %[1]s group by %[2]s having count(*) > 1", from, list), nil, nil
}

func relationshipSQL(p *project.Project, from, col string, args map[string]any) (string, []string, error) {
	to, field := fmt.Sprint(args["to"]), fmt.Sprint(args["field"])
	if col == "" {
		return "", nil, fmt.Errorf("declare it under the column that holds the key")
	}
	var rel string
	var refs []string
	switch schema, table, isSource := strings.Cut(to, "."); {
	case isSource && contains(p.Sources[schema], table):
		rel = to
	case p.Model(to) != nil:
		rel, refs = p.Model(to).Relation(), []string{to}
	case p.Seed(to) != nil:
		rel, refs = p.Seed(to).Relation(), []string{to}
	default:
		return "", nil, fmt.Errorf("to: %q is not a model, seed or declared source", to)
	}
	return fmt.Sprintf("select c.* from %[1]s as c where c.%[2]s is not null and not exists (select 1 from %[3]s as p where p.%[4]s = c.%[2]s)",
		from, col, rel, field), refs, nil
}

func rangeSQL(from, col string, args map[string]any) (string, []string, error) {
	if col == "" {
		return "", nil, fmt.Errorf("declare it under a column")
	}
	lo, hi := ">=", "<="
	if inc, ok := args["inclusive"].(bool); ok && !inc {
		lo, hi = ">", "<"
	}
	var conds []string
	for _, b := range []struct{ key, op string }{{"min", lo}, {"max", hi}} {
		if v, ok := args[b.key]; ok {
			lit, err := sqlLiteral(v)
			if err != nil {
				return "", nil, fmt.Errorf("%s: %v", b.key, err)
			}
			conds = append(conds, fmt.Sprintf("%s %s %s", col, b.op, lit))
		}
	}
	if len(conds) == 0 {
		return "", nil, fmt.Errorf("give min, max or both")
	}
	return fmt.Sprintf("select * from %s where not (%s)", from, strings.Join(conds, " and ")), nil, nil
}

func literalList(v any) (string, error) {
	items, ok := v.([]any)
	if !ok || len(items) == 0 {
		return "", fmt.Errorf("values must be a non-empty list")
	}
	parts := make([]string, len(items))
	for i, item := range items {
		lit, err := sqlLiteral(item)
		if err != nil {
			return "", err
		}
		parts[i] = lit
	}
	sort.Strings(parts)
	return strings.Join(parts, ", "), nil
}

// sqlLiteral renders a YAML scalar as a SQL literal.
func sqlLiteral(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return sqlstr(x), nil
	case int, int64, uint64:
		return fmt.Sprint(x), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		return "timestamp '" + x.UTC().Format("2006-01-02 15:04:05") + "'", nil
	}
	return "", fmt.Errorf("%v is not a number, string, boolean or date", v)
}
