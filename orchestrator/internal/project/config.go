package project

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wv-analytics/wv/orchestrator/internal/spell"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

var identRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func hint(name string, candidates []string) string { return spell.Hint(name, candidates) }

// projectFile decodes wv.yml into p: name, vars and sources.
func (d *decoder) projectFile(n *yaml.Node, p *Project) {
	p.Sources = map[string][]string{}
	d.mapping(n, ConfigFile, []string{"name", "vars", "sources"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			p.Name = d.str(v, "name")
		case "vars":
			d.mapping(v, "vars", nil, func(name string, k, v *yaml.Node) {
				if def, ok := d.varDef(name, k, v); ok {
					p.Vars = append(p.Vars, def)
				}
			})
		case "sources":
			d.mapping(v, "sources", nil, func(schema string, k, v *yaml.Node) {
				d.ident(k, "source schema")
				tables := d.strList(v, "sources."+schema)
				sort.Strings(tables)
				p.Sources[schema] = tables
			})
		}
	})
}

var varKeys = []string{"type", "default", "description", "gt", "ge", "le"}

func (d *decoder) varDef(name string, k, v *yaml.Node) (vars.Def, bool) {
	def := vars.Def{Name: name}
	d.ident(k, "var name")
	var typeNode, defaultNode *yaml.Node
	before := len(d.errs)
	d.mapping(v, "var "+name, varKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "type":
			typeNode = v
		case "default":
			defaultNode = v
		case "description":
			def.Description = d.str(v, "description")
		case "gt", "ge", "le":
			f := d.number(v, key)
			*map[string]**float64{"gt": &def.Bounds.GT, "ge": &def.Bounds.GE, "le": &def.Bounds.LE}[key] = &f
		}
	})
	if typeNode == nil || defaultNode == nil {
		d.errorf(k, "var %s needs a type and a default", name)
		return def, false
	}
	t, err := vars.ParseType(d.str(typeNode, "type"))
	if err != nil {
		d.errorf(typeNode, "var %s: %v", name, err)
		return def, false
	}
	def.Type = t
	numeric := t.Kind == vars.KindInt || t.Kind == vars.KindFloat ||
		(t.Kind == vars.KindList && (t.Elem == vars.KindInt || t.Elem == vars.KindFloat))
	if def.Bounds != (vars.Bounds{}) && !numeric {
		d.errorf(typeNode, "var %s: gt, ge and le apply only to numbers, not %s", name, t)
		return def, false
	}
	d.varDefault(&def, defaultNode)
	return def, len(d.errs) == before
}

func (d *decoder) varDefault(def *vars.Def, n *yaml.Node) {
	switch {
	case n.Tag == "!!null":
		def.Nullable = true
		def.Default = vars.Null{Of: def.Type}
		return
	case def.Type == vars.TypeTimestamp && n.Value == "now":
		def.DefaultNow = true
		return
	}
	var val vars.Value
	var err error
	if def.Type == vars.TypeString && n.Kind == yaml.ScalarNode {
		val = vars.Str(n.Value) // an unquoted 2024-01-01 or true is still text
	} else {
		val, err = vars.FromAny(def.Type, d.value(n))
	}
	if err == nil {
		err = def.Bounds.Check(val)
	}
	if err != nil {
		d.errorf(n, "var %s: default: %v", def.Name, err)
		return
	}
	def.Default = val
}

func (d *decoder) number(n *yaml.Node, what string) float64 {
	var f float64
	if n.Kind != yaml.ScalarNode || n.Decode(&f) != nil {
		d.errorf(n, "%s must be a number", what)
	}
	return f
}

func (d *decoder) ident(n *yaml.Node, what string) {
	if !identRE.MatchString(n.Value) {
		d.errorf(n, "%s %q must be snake_case (a-z, 0-9, _)", what, n.Value)
	}
}

var modelKeys = []string{"description", "materialized", "unique_key", "tags", "columns", "tests", "unit_tests"}

// modelConfig decodes models/<layer>/<name>.yml.
func (d *decoder) modelConfig(n *yaml.Node, c *Config) {
	d.mapping(n, "model config", modelKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "description":
			c.Description = d.str(v, "description")
		case "materialized":
			c.Materialized = d.str(v, "materialized")
			if !contains([]string{View, Table, Incremental}, c.Materialized) {
				d.errorf(v, "materialized must be view, table or incremental, got %q", c.Materialized)
			}
		case "unique_key":
			c.UniqueKey = d.strList(v, "unique_key")
		case "tags":
			c.Tags = d.strList(v, "tags")
		case "columns":
			c.Columns = d.columns(v, false)
		case "tests":
			c.Tests = d.tests(v, "")
		case "unit_tests":
			c.UnitTests = d.unitTests(v)
		}
	})
}

var seedKeys = []string{"description", "columns", "rules"}

// seedConfig decodes seeds/<name>.yml.
func (d *decoder) seedConfig(n *yaml.Node, s *Seed) {
	d.mapping(n, "seed config", seedKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "description":
			s.Description = d.str(v, "description")
		case "columns":
			s.Columns = d.columns(v, true)
		case "rules":
			s.Rules = d.seedRules(v, s)
		}
	})
	if s.Columns == nil && len(d.errs) == 0 {
		d.errorf(n, "a seed config needs columns: a list of {name, type}")
	}
}

// SeedTypes are the column types a seed may declare.
var SeedTypes = []string{"varchar", "bigint", "integer", "double", "boolean", "date", "timestamp"}

func (d *decoder) columns(n *yaml.Node, typed bool) []Column {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "columns must be a list of {name: ..., description: ...}")
		return nil
	}
	var cols []Column
	seen := map[string]bool{}
	for _, item := range n.Content {
		col := Column{Pos: d.pos(item)}
		keys := []string{"name", "type", "description", "tests"}
		if typed {
			keys = append(keys, "required", "unique", "min", "min_var", "format")
		}
		d.mapping(item, "column", keys, func(key string, k, v *yaml.Node) {
			switch key {
			case "name":
				col.Name = d.str(v, "name")
			case "type":
				col.Type = strings.ToLower(d.str(v, "type"))
				if typed && !contains(SeedTypes, col.Type) {
					d.errorf(v, "column type %q is not supported (want one of: %s)", col.Type, strings.Join(SeedTypes, ", "))
				}
			case "description":
				col.Description = d.str(v, "description")
			case "tests":
				col.Tests = d.tests(v, "")
			default:
				d.check(&col.Check, key, v)
			}
		})
		switch {
		case col.Name == "":
			d.errorf(item, "column needs a name")
		case seen[col.Name]:
			d.errorf(item, "column %q is declared twice", col.Name)
		case typed && col.Type == "":
			d.errorf(item, "column %q needs a type (one of: %s)", col.Name, strings.Join(SeedTypes, ", "))
		}
		seen[col.Name] = true
		for i := range col.Tests {
			col.Tests[i].Column = col.Name
		}
		cols = append(cols, col)
	}
	return cols
}

// Formats a seed column can be checked against.
var Formats = []string{"principal"}

// check reads one validation key of a seed column.
func (d *decoder) check(c *Check, key string, v *yaml.Node) {
	switch key {
	case "required", "unique":
		var b bool
		if v.Decode(&b) != nil {
			d.errorf(v, "%s must be true or false", key)
		}
		if key == "required" {
			c.Required = b
		} else {
			c.Unique = b
		}
	case "min":
		c.Min = d.str(v, "min")
	case "min_var":
		c.MinVar = d.str(v, "min_var")
	case "format":
		c.Format = d.str(v, "format")
		if !contains(Formats, c.Format) {
			d.errorf(v, "format %q is not known (want one of: %s)", c.Format, strings.Join(Formats, ", "))
		}
	}
}

// seedRules reads rules: [{key: address, determines: channel}].
func (d *decoder) seedRules(n *yaml.Node, s *Seed) []SeedRule {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "rules must be a list of {key: column, determines: column}")
		return nil
	}
	var out []SeedRule
	for _, item := range n.Content {
		r := SeedRule{Pos: d.pos(item)}
		d.mapping(item, "rule", []string{"key", "determines"}, func(key string, k, v *yaml.Node) {
			if key == "key" {
				r.Key = d.str(v, "key")
			} else {
				r.Determines = d.str(v, "determines")
			}
		})
		if r.Key == "" || r.Determines == "" {
			d.errorf(item, "a rule needs key and determines")
		}
		out = append(out, r)
	}
	return out
}

// TestArgs lists each generic test with its allowed arguments; required ones are marked "!".
var TestArgs = map[string][]string{
	"not_null":        {},
	"unique":          {"columns"},
	"accepted_values": {"values!"},
	"relationships":   {"to!", "field!"},
	"accepted_range":  {"min", "max", "inclusive"},
	"expression":      {"expr!"},
}

func (d *decoder) tests(n *yaml.Node, column string) []Test {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "tests must be a list")
		return nil
	}
	var out []Test
	for _, item := range n.Content {
		if t, ok := d.test(item); ok {
			t.Column = column
			out = append(out, t)
		}
	}
	return out
}

func (d *decoder) test(n *yaml.Node) (Test, bool) {
	t := Test{Pos: d.pos(n), Severity: "error", Args: map[string]any{}}
	var argNode *yaml.Node
	switch {
	case n.Kind == yaml.ScalarNode:
		t.Name = n.Value
	case n.Kind == yaml.MappingNode && len(n.Content) == 2:
		t.Name, argNode = n.Content[0].Value, n.Content[1]
	default:
		d.errorf(n, "a test is a name (not_null) or a mapping with one key (accepted_values: {values: [...]})")
		return t, false
	}
	spec, ok := TestArgs[t.Name]
	if !ok {
		d.errorf(n, "unknown test %q%s (want one of: %s)", t.Name, hint(t.Name, testNames()), strings.Join(testNames(), ", "))
		return t, false
	}
	allowed := []string{"severity", "where", "name"}
	for _, a := range spec {
		allowed = append(allowed, strings.TrimSuffix(a, "!"))
	}
	before := len(d.errs)
	if argNode != nil && argNode.Tag != "!!null" {
		d.mapping(argNode, t.Name, allowed, func(key string, k, v *yaml.Node) {
			t.Args[key] = d.value(v)
		})
	}
	if n, ok := t.Args["name"]; ok {
		t.Label = fmt.Sprint(n)
		delete(t.Args, "name")
	}
	if s, ok := t.Args["severity"]; ok {
		t.Severity = fmt.Sprint(s)
		delete(t.Args, "severity")
		if t.Severity != "error" && t.Severity != "warn" {
			d.errorf(n, "test %s: severity must be error or warn, got %q", t.Name, t.Severity)
		}
	}
	for _, a := range spec {
		if name, required := strings.CutSuffix(a, "!"); required && t.Args[name] == nil {
			d.errorf(n, "test %s needs the argument %q", t.Name, name)
		}
	}
	return t, len(d.errs) == before
}

func testNames() []string {
	names := make([]string, 0, len(TestArgs))
	for n := range TestArgs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (d *decoder) unitTests(n *yaml.Node) []UnitTest {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "unit_tests must be a list")
		return nil
	}
	var out []UnitTest
	for _, item := range n.Content {
		out = append(out, d.unitTest(item))
	}
	return out
}

func (d *decoder) unitTest(n *yaml.Node) UnitTest {
	u := UnitTest{Pos: d.pos(n)}
	var hasExpect bool
	d.mapping(n, "unit test", []string{"name", "description", "vars", "given", "expect"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			u.Name = d.str(v, "name")
		case "description":
			u.Description = d.str(v, "description")
		case "vars":
			d.mapping(v, "vars", nil, func(name string, k, v *yaml.Node) {
				u.Vars = append(u.Vars, vars.Override{Name: name, Value: d.spelling(v)})
			})
		case "given":
			d.mapping(v, "given", nil, func(input string, k, v *yaml.Node) {
				f := d.fixture(v)
				f.Input = input
				u.Given = append(u.Given, f)
			})
		case "expect":
			hasExpect = true
			u.Expect = d.fixture(v)
		}
	})
	if u.Name == "" || !hasExpect {
		d.errorf(n, "a unit test needs a name and expect rows")
	}
	return u
}

// fixture reads rows given as a CSV string, or as a mapping {rows: "<csv>"}.
func (d *decoder) fixture(n *yaml.Node) Fixture {
	if n.Kind == yaml.ScalarNode {
		return Fixture{Rows: d.str(n, "rows"), Pos: d.pos(n)}
	}
	var f Fixture
	d.mapping(n, "fixture", []string{"rows"}, func(key string, k, v *yaml.Node) {
		f = Fixture{Rows: d.str(v, "rows"), Pos: d.pos(v)}
	})
	if f.Pos.Line == 0 {
		d.errorf(n, "a fixture needs rows: CSV text with a header line")
	}
	return f
}

// spelling is a YAML value as written, in --vars form: a scalar's text (dates and
// timestamps unchanged), a sequence's items joined with commas.
func (d *decoder) spelling(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, item := range n.Content {
			parts[i] = d.spelling(item)
		}
		return strings.Join(parts, ",")
	}
	d.errorf(n, "a var value is a scalar or a list")
	return ""
}
