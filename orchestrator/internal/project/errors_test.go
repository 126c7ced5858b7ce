package project_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

// withModel is a minimal valid project plus extra files.
func withModel(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"wv.yml":               file("name: demo\n"),
		"models/staging/a.sql": file("select 1"),
	}
	for name, text := range extra {
		fsys[name] = file(text)
	}
	return fsys
}

// withVar is a project whose wv.yml declares one var with the given body.
func withVar(body string) fstest.MapFS {
	return fstest.MapFS{"wv.yml": file("vars:\n  x:\n" + body)}
}

const testList = "(want one of: accepted_range, accepted_values, expression, not_null, relationships, unique)"

func TestLoad_Errors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"MissingProjectFile", fstest.MapFS{"models/staging/a.sql": file("select 1")},
			"wv.yml: not found: is --project-dir the project root (the folder holding wv.yml, models/ and sql/)?"},
		{"ProjectFileNotMapping", fstest.MapFS{"wv.yml": file("- a\n")},
			"wv.yml:1:1: wv.yml must be a mapping"},
		{"ProjectFileUnknownKey", fstest.MapFS{"wv.yml": file("name: x\nvar: {}\n")},
			`wv.yml:2:1: unknown key "var" in wv.yml (did you mean "vars"?) (want one of: name, vars, sources)`},
		{"ProjectFileBadYAML", fstest.MapFS{"wv.yml": file("name: x\nvars: [\n")},
			"wv.yml:2: did not find expected node content"},
		{"DuplicateKey", fstest.MapFS{"wv.yml": file("name: x\nname: y\n")},
			`wv.yml:2:1: duplicate key "name" in wv.yml`},
		{"SourceSchemaName", fstest.MapFS{"wv.yml": file("sources:\n  Raw: [a]\n")},
			`wv.yml:2:3: source schema "Raw" must be snake_case (a-z, 0-9, _)`},
		{"SourcesNotList", fstest.MapFS{"wv.yml": file("sources:\n  raw: {a: 1}\n")},
			"wv.yml:2:8: sources.raw must be a list"},
		{"VarBadType", withVar("    type: integer\n    default: 1\n"),
			`wv.yml:3:11: var x: unknown type "integer" (want one of: int, float, bool, string, date, timestamp, list[int], list[float], list[string], list[date])`},
		{"VarDefaultWrongType", withVar("    type: int\n    default: abc\n"),
			`wv.yml:4:14: var x: default: want int, got "abc"`},
		{"VarDefaultFraction", withVar("    type: int\n    default: 1.5\n"),
			`wv.yml:4:14: var x: default: want int, got 1.5`},
		{"VarDefaultListForScalar", withVar("    type: int\n    default: [1]\n"),
			`wv.yml:4:14: var x: default: want int, got a list`},
		{"VarDefaultScalarForList", withVar("    type: list[int]\n    default: 1\n"),
			`wv.yml:4:14: var x: default: want a list of int, got 1`},
		{"VarDefaultListItem", withVar("    type: list[int]\n    default: [1, b]\n"),
			`wv.yml:4:14: var x: default: item 2: want int, got "b"`},
		{"VarDefaultNowNotTimestamp", withVar("    type: date\n    default: now\n"),
			`wv.yml:4:14: var x: default: want a date YYYY-MM-DD, got "now"`},
		{"VarDefaultInfinity", withVar("    type: float\n    default: .inf\n"),
			`wv.yml:4:14: var x: default: want a finite number, got +Inf`},
		{"VarDefaultBelowBound", withVar("    type: int\n    default: 0\n    gt: 0\n"),
			`wv.yml:4:14: var x: default: 0 must be > 0`},
		{"VarDefaultListBelowBound", withVar("    type: list[int]\n    default: [15, -1]\n    ge: 0\n"),
			`wv.yml:4:14: var x: default: -1 must be >= 0`},
		{"VarDefaultAboveBound", withVar("    type: float\n    default: 1.5\n    le: 1\n"),
			`wv.yml:4:14: var x: default: 1.5 must be <= 1`},
		{"VarBoundNotNumber", withVar("    type: int\n    default: 1\n    gt: zero\n"),
			`wv.yml:5:9: gt must be a number`},
		{"VarMissingDefault", withVar("    type: int\n"),
			`wv.yml:2:3: var x needs a type and a default`},
		{"VarUnknownKey", withVar("    type: int\n    default: 1\n    min: 0\n"),
			`wv.yml:5:5: unknown key "min" in var x (want one of: type, default, description, gt, ge, le)`},
		{"VarName", fstest.MapFS{"wv.yml": file("vars:\n  Max-Days:\n    type: int\n    default: 1\n")},
			`wv.yml:2:3: var name "Max-Days" must be snake_case (a-z, 0-9, _)`},
		{"ConfigUnknownKey", withModel(map[string]string{"models/staging/a.yml": "materialised: view\n"}),
			`models/staging/a.yml:1:1: unknown key "materialised" in model config (did you mean "materialized"?) ` +
				`(want one of: description, materialized, unique_key, tags, columns, tests, unit_tests)`},
		{"ConfigBadMaterialized", withModel(map[string]string{"models/staging/a.yml": "materialized: ephemeral\n"}),
			`models/staging/a.yml:1:15: materialized must be view, table or incremental, got "ephemeral"`},
		{"ConfigNotMapping", withModel(map[string]string{"models/staging/a.yml": "just text\n"}),
			`models/staging/a.yml:1:1: model config must be a mapping`},
		{"UniqueKeyWithoutIncremental", withModel(map[string]string{"models/staging/a.yml": "unique_key: id\n"}),
			`models/staging/a.yml: unique_key applies only to materialized: incremental`},
		{"UnknownTest", withModel(map[string]string{"models/staging/a.yml": "columns:\n  - name: id\n    tests: [not_nul]\n"}),
			`models/staging/a.yml:3:13: unknown test "not_nul" (did you mean "not_null"?) ` + testList},
		{"UnknownTestNoHint", withModel(map[string]string{"models/staging/a.yml": "tests: [freshness]\n"}),
			`models/staging/a.yml:1:9: unknown test "freshness" ` + testList},
		{"TestMissingRequiredArg", withModel(map[string]string{"models/staging/a.yml": "columns:\n  - name: id\n    tests:\n      - accepted_values: {}\n"}),
			`models/staging/a.yml:4:9: test accepted_values needs the argument "values"`},
		{"TestMissingArgsNull", withModel(map[string]string{"models/staging/a.yml": "tests:\n  - relationships:\n"}),
			"models/staging/a.yml:2:5: test relationships needs the argument \"to\"\n" +
				"models/staging/a.yml:2:5: test relationships needs the argument \"field\""},
		{"TestUnknownArg", withModel(map[string]string{"models/staging/a.yml": "tests:\n  - not_null: {colum: id}\n"}),
			`models/staging/a.yml:2:16: unknown key "colum" in not_null (want one of: severity, where, name)`},
		{"TestBadSeverity", withModel(map[string]string{"models/staging/a.yml": "tests:\n  - not_null: {severity: fatal}\n"}),
			`models/staging/a.yml:2:5: test not_null: severity must be error or warn, got "fatal"`},
		{"TestTwoKeys", withModel(map[string]string{"models/staging/a.yml": "tests:\n  - not_null:\n    severity: warn\n"}),
			`models/staging/a.yml:2:5: a test is a name (not_null) or a mapping with one key (accepted_values: {values: [...]})`},
		{"TestsNotList", withModel(map[string]string{"models/staging/a.yml": "tests: not_null\n"}),
			`models/staging/a.yml:1:8: tests must be a list`},
		{"ColumnWithoutName", withModel(map[string]string{"models/staging/a.yml": "columns:\n  - description: x\n"}),
			`models/staging/a.yml:2:5: column needs a name`},
		{"ColumnTwice", withModel(map[string]string{"models/staging/a.yml": "columns:\n  - name: id\n  - name: id\n"}),
			`models/staging/a.yml:3:5: column "id" is declared twice`},
		{"UnitTestWithoutExpect", withModel(map[string]string{"models/staging/a.yml": "unit_tests:\n  - name: t\n"}),
			`models/staging/a.yml:2:5: a unit test needs a name and expect rows`},
		{"DuplicateModelAcrossLayers", withModel(map[string]string{"models/marts/a.sql": "select 2"}),
			`models/staging/a.sql: model name "a" is already used by models/marts/a.sql; names are unique across layers`},
		{"SeedNameClashesWithModel", withModel(map[string]string{
			"seeds/a.csv": "x\n", "seeds/a.yml": "columns:\n  - {name: x, type: varchar}\n"}),
			`seeds/a.csv: seed name "a" is already used by models/staging/a.sql`},
		{"ConfigWithoutModel", withModel(map[string]string{"models/staging/ghost.yml": "tags: [x]\n"}),
			`models/staging/ghost.yml: config for a model that does not exist (models/staging/ghost.sql)`},
		{"TestsWithoutModel", withModel(map[string]string{"models/staging/ghost.test.sql": "{{ define \"t\" }}{{ end }}"}),
			`models/staging/ghost.test.sql: tests for a model that does not exist (models/staging/ghost.sql)`},
		{"NestedFolder", withModel(map[string]string{"models/staging/sub/b.sql": "select 1"}),
			`models/staging/sub/b.sql: models live in models/<layer>/<name>.sql (one folder level)`},
		{"ModelAtTopLevel", withModel(map[string]string{"models/b.sql": "select 1"}),
			`models/b.sql: models live in models/<layer>/<name>.sql (one folder level)`},
		{"ModelName", withModel(map[string]string{"models/staging/Fees.sql": "select 1"}),
			`models/staging/Fees.sql: model name "Fees" must be snake_case (a-z, 0-9, _)`},
		{"LayerName", withModel(map[string]string{"models/Marts/b.sql": "select 1"}),
			`models/Marts/b.sql: layer "Marts" must be snake_case (a-z, 0-9, _)`},
		{"SeedWithoutConfig", withModel(map[string]string{"seeds/labels.csv": "a\n"}),
			`seeds/labels.csv: no seeds/labels.yml declaring its columns and types`},
		{"SeedName", withModel(map[string]string{"seeds/My-Labels.csv": "a\n"}),
			`seeds/My-Labels.csv: seed name "My-Labels" must be snake_case (a-z, 0-9, _)`},
		{"SeedConfigWithoutColumns", withModel(map[string]string{"seeds/s.csv": "a\n", "seeds/s.yml": "description: x\n"}),
			`seeds/s.yml:1:1: a seed config needs columns: a list of {name, type}`},
		{"SeedColumnWithoutType", withModel(map[string]string{"seeds/s.csv": "a\n", "seeds/s.yml": "columns:\n  - name: a\n"}),
			`seeds/s.yml:2:5: column "a" needs a type (one of: varchar, bigint, integer, double, boolean, date, timestamp)`},
		{"SeedColumnBadType", withModel(map[string]string{"seeds/s.csv": "a\n", "seeds/s.yml": "columns:\n  - name: a\n    type: text\n"}),
			`seeds/s.yml:3:11: column type "text" is not supported (want one of: varchar, bigint, integer, double, boolean, date, timestamp)`},
		{"SeedConfigUnknownKey", withModel(map[string]string{"seeds/s.csv": "a\n", "seeds/s.yml": "columns: [{name: a, type: date}]\ntags: [x]\n"}),
			`seeds/s.yml:2:1: unknown key "tags" in seed config (want one of: description, columns, rules)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := project.Load(tt.fsys)
			if err == nil {
				t.Fatalf("Load succeeded (%d models), want error:\n%s", len(p.Models), tt.want)
			}
			if p != nil {
				t.Errorf("Load returned a project with its error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoad_ErrorsTogetherSortedByPosition(t *testing.T) {
	fsys := fstest.MapFS{
		"wv.yml": file(`name: demo
vars:
  b:
    type: int
    default: x
  a:
    type: intt
    default: 1
`),
		"models/staging/a.sql":      file("select 1"),
		"models/staging/a.yml":      file("tests: [uniqe]\nmaterialized: fast\n"),
		"models/marts/a.sql":        file("select 1"),
		"models/marts/deep/x.sql":   file("select 1"),
		"models/intermediate/z.yml": file("tags: [x]\n"),
		"seeds/s.csv":               file("a\n"),
	}
	_, err := project.Load(fsys)
	if err == nil {
		t.Fatal("Load succeeded, want errors")
	}
	want := []string{
		`models/intermediate/z.yml: config for a model that does not exist (models/intermediate/z.sql)`,
		`models/marts/deep/x.sql: models live in models/<layer>/<name>.sql (one folder level)`,
		`models/staging/a.sql: model name "a" is already used by models/marts/a.sql; names are unique across layers`,
		`models/staging/a.yml:1:9: unknown test "uniqe" (did you mean "unique"?) ` + testList,
		`models/staging/a.yml:2:15: materialized must be view, table or incremental, got "fast"`,
		`seeds/s.csv: no seeds/s.yml declaring its columns and types`,
		`wv.yml:5:14: var b: default: want int, got "x"`,
		`wv.yml:7:11: var a: unknown type "intt" (want one of: int, float, bool, string, date, timestamp, list[int], list[float], list[string], list[date])`,
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	var pe *project.Error
	if !errors.As(err, &pe) {
		t.Errorf("errors.As(%T, *project.Error) = false", err)
	}
}

func TestJoin_SortsByPathLineCol(t *testing.T) {
	errs := []error{
		project.Errorf(pos("b.yml", 2, 1), "b2"),
		project.Errorf(pos("a.yml", 10, 1), "a10"),
		project.Errorf(pos("a.yml", 2, 7), "a2c7"),
		project.Errorf(pos("a.yml", 2, 3), "a2c3"),
		project.Errorf(project.Pos{Path: "a.yml"}, "a"),
	}
	want := "a.yml: a\na.yml:2:3: a2c3\na.yml:2:7: a2c7\na.yml:10:1: a10\nb.yml:2:1: b2"
	if diff := cmp.Diff(want, project.Join(errs).Error()); diff != "" {
		t.Errorf("Join (-want +got):\n%s", diff)
	}
	if project.Join(nil) != nil {
		t.Error("Join(nil) != nil")
	}
}

func TestPos_String(t *testing.T) {
	tests := []struct {
		pos  project.Pos
		want string
	}{
		{project.Pos{Path: "wv.yml"}, "wv.yml"},
		{project.Pos{Path: "wv.yml", Line: 3}, "wv.yml:3"},
		{project.Pos{Path: "wv.yml", Line: 3, Col: 7}, "wv.yml:3:7"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

// A unit test's vars are --vars spellings: each must parse with vars.Parse as its declared type,
// including unquoted YAML dates and timestamps.
func TestLoad_UnitTestVarsKeepSpelling(t *testing.T) {
	fsys := withModel(map[string]string{"models/staging/a.yml": `unit_tests:
  - name: t
    vars:
      as_of: 2026-01-31T00:00:00Z
      data_start: 2024-12-23
      fee: 1.50
      windows: [15, 30]
    expect: |
      a
`})
	p, err := project.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]vars.Type{
		"as_of": vars.TypeTimestamp, "data_start": vars.TypeDate, "fee": vars.TypeFloat,
		"windows": {Kind: vars.KindList, Elem: vars.KindInt},
	}
	var problems []string
	for _, o := range p.Models[0].Config.UnitTests[0].Vars {
		if _, err := vars.Parse(types[o.Name], o.Value); err != nil {
			problems = append(problems, fmt.Sprintf("%s=%q: %v", o.Name, o.Value, err))
		}
	}
	if len(problems) > 0 {
		t.Errorf("unit test vars written as unquoted YAML dates/timestamps become fmt.Sprint(time.Time), "+
			"which vars.Parse rejects (project/config.go scalarText):\n%s", strings.Join(problems, "\n"))
	}
}
