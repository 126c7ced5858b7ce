package plan_test

import (
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/plan"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

func file(text string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(text)} }

var clock = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)

// testFS is a small project:
//
//	raw.transactions -> stg_tx ─┐
//	raw.blocks -> stg_blocks ───┴> int_fees -> fees (incremental) -> daily
//	lonely (no inputs)
func testFS() fstest.MapFS {
	return fstest.MapFS{
		"wv.yml":                           file("name: t\nvars:\n  max_days:\n    type: int\n    default: 365\nsources:\n  raw: [transactions, blocks]\n"),
		"models/staging/stg_tx.sql":        file(`select * from {{ source "raw" "transactions" }}`),
		"models/staging/stg_tx.yml":        file("tags: [core]\n"),
		"models/staging/stg_blocks.sql":    file(`select * from {{ source "raw" "blocks" }}`),
		"models/intermediate/int_fees.sql": file(`select * from {{ ref "stg_tx" }} join {{ ref "stg_blocks" }} using (b)`),
		"models/intermediate/int_fees.yml": file("tags: [core, finance]\n"),
		"models/marts/fees.sql":            file(`select * from {{ ref "int_fees" }} where d < {{ var "max_days" }}`),
		"models/marts/fees.yml":            file("materialized: incremental\ntags: [finance]\n"),
		"models/marts/daily.sql":           file(`select * from {{ ref "fees" }}`),
		"models/marts/lonely.sql":          file(`select 1`),
	}
}

func mustCompile(tb testing.TB, fsys fstest.MapFS) *compile.Result {
	tb.Helper()
	p, err := project.Load(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	vals, err := vars.Resolve(p.Vars, nil, clock)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := compile.All(p, vals)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func names(p *plan.Plan) []string {
	out := []string{}
	for _, s := range p.Steps {
		out = append(out, s.Model.Name)
	}
	return out
}

// builtAll returns the fingerprints of a successful build of every model.
func builtAll(res *compile.Result) map[string]string {
	out := map[string]string{}
	for name, m := range res.Models {
		out[name] = m.Fingerprint
	}
	return out
}

func TestNew_Selection(t *testing.T) {
	res := mustCompile(t, testFS())
	all := []string{"lonely", "stg_blocks", "stg_tx", "int_fees", "fees", "daily"}
	tests := []struct {
		name             string
		include, exclude []string
		want             []string
	}{
		{"Everything", nil, nil, all},
		{"Name", []string{"fees"}, nil, []string{"fees"}},
		{"FQNMethod", []string{"fqn:fees"}, nil, []string{"fees"}},
		{"LayerDotName", []string{"marts.fees"}, nil, []string{"fees"}},
		{"LayerWildcard", []string{"marts.*"}, nil, []string{"lonely", "fees", "daily"}},
		{"NameWildcard", []string{"stg_*"}, nil, []string{"stg_blocks", "stg_tx"}},
		{"Star", []string{"*"}, nil, all},
		{"Ancestors", []string{"+fees"}, nil, []string{"stg_blocks", "stg_tx", "int_fees", "fees"}},
		{"Descendants", []string{"stg_tx+"}, nil, []string{"stg_tx", "int_fees", "fees", "daily"}},
		{"Depth", []string{"1+fees+1"}, nil, []string{"int_fees", "fees", "daily"}},
		{"At", []string{"@stg_tx"}, nil, []string{"stg_blocks", "stg_tx", "int_fees", "fees", "daily"}},
		{"Tag", []string{"tag:finance"}, nil, []string{"int_fees", "fees"}},
		{"TagWildcard", []string{"tag:fin*"}, nil, []string{"int_fees", "fees"}},
		{"ConfigTags", []string{"config.tags:core"}, nil, []string{"stg_tx", "int_fees"}},
		{"PathFolder", []string{"path:models/staging"}, nil, []string{"stg_blocks", "stg_tx"}},
		{"PathFolderSlash", []string{"path:./models/staging/"}, nil, []string{"stg_blocks", "stg_tx"}},
		{"PathFile", []string{"path:models/marts/fees.sql"}, nil, []string{"fees"}},
		{"PathGlob", []string{"path:models/*/int_*.sql"}, nil, []string{"int_fees"}},
		{"PathRoot", []string{"path:models"}, nil, all},
		{"Materialized", []string{"config.materialized:incremental"}, nil, []string{"fees"}},
		{"MaterializedView", []string{"config.materialized:view"}, nil, []string{"stg_blocks", "stg_tx"}},
		{"MaterializedTable", []string{"config.materialized:table"}, nil, []string{"lonely", "int_fees", "daily"}},
		{"Union", []string{"lonely stg_tx"}, nil, []string{"lonely", "stg_tx"}},
		{"UnionRepeated", []string{"lonely", "daily"}, nil, []string{"lonely", "daily"}},
		{"Intersection", []string{"+daily,tag:core"}, nil, []string{"stg_tx", "int_fees"}},
		{"Exclude", []string{"+daily"}, []string{"tag:core"}, []string{"stg_blocks", "fees", "daily"}},
		{"ExcludeWithoutSelect", nil, []string{"marts.*"}, []string{"stg_blocks", "stg_tx", "int_fees"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := plan.New(res, plan.Options{Select: tt.include, Exclude: tt.exclude})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(p)); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNew_State(t *testing.T) {
	res := mustCompile(t, testFS())
	built := builtAll(res)
	built["int_fees"] = "stale" // changed since its last build
	delete(built, "daily")      // never built
	built["gone"] = "old-model" // a model that no longer exists is ignored
	tests := []struct {
		name    string
		include []string
		built   map[string]string
		want    []string
	}{
		{"Modified", []string{"state:modified"}, built, []string{"int_fees", "daily"}},
		{"ModifiedDescendants", []string{"state:modified+"}, built, []string{"int_fees", "fees", "daily"}},
		{"ModifiedAncestors", []string{"+state:modified"}, built, []string{"stg_blocks", "stg_tx", "int_fees", "fees", "daily"}},
		{"New", []string{"state:new"}, built, []string{"daily"}},
		{"Unmodified", []string{"state:unmodified"}, built, []string{"lonely", "stg_blocks", "stg_tx", "fees"}},
		{"NothingBuilt", []string{"state:modified"}, nil, []string{"lonely", "stg_blocks", "stg_tx", "int_fees", "fees", "daily"}},
		{"NothingChanged", []string{"state:modified"}, builtAll(res), []string{}},
		{"NothingChangedDescendants", []string{"state:modified+"}, builtAll(res), []string{}},
		{"NothingNew", []string{"state:new"}, builtAll(res), []string{}},
		{"ModifiedAndTag", []string{"state:modified,tag:core"}, built, []string{"int_fees"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := plan.New(res, plan.Options{Select: tt.include, Built: tt.built})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(p)); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNew_StateAfterEdit(t *testing.T) {
	before := mustCompile(t, testFS())
	fsys := testFS()
	fsys["models/intermediate/int_fees.sql"] = file(`select *, 1 as v from {{ ref "stg_tx" }} join {{ ref "stg_blocks" }} using (b)`)
	fsys["models/marts/lonely.yml"] = file("materialized: view\n")
	after := mustCompile(t, fsys)
	p, err := plan.New(after, plan.Options{Select: []string{"state:modified"}, Built: builtAll(before)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"lonely", "int_fees"}, names(p)); diff != "" {
		t.Errorf("modified after editing int_fees' SQL and lonely's materialization (-want +got):\n%s", diff)
	}
}

func TestNew_Reasons(t *testing.T) {
	res := mustCompile(t, testFS())
	tests := []struct {
		name    string
		include []string
		want    map[string][]string
	}{
		{"NoSelect", nil, map[string][]string{
			"lonely": {"every model (no --select)"}, "stg_blocks": {"every model (no --select)"},
			"stg_tx": {"every model (no --select)"}, "int_fees": {"every model (no --select)"},
			"fees": {"every model (no --select)"}, "daily": {"every model (no --select)"},
		}},
		{"Ancestors", []string{"+int_fees"}, map[string][]string{
			"stg_blocks": {`ancestor of int_fees (1 step) via "+int_fees"`},
			"stg_tx":     {`ancestor of int_fees (1 step) via "+int_fees"`},
			"int_fees":   {`matches "int_fees"`},
		}},
		{"StateDescendants", []string{"state:modified+1"}, map[string][]string{
			"fees":  {`matches "state:modified"`},
			"daily": {`descendant of fees (1 step) via "state:modified+1"`},
		}},
	}
	built := builtAll(res)
	built["fees"] = "stale"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := plan.New(res, plan.Options{Select: tt.include, Built: built})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, s := range p.Steps {
				got[s.Model.Name] = s.Reasons
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNew_Errors(t *testing.T) {
	res := mustCompile(t, testFS())
	const methods = "(want one of: fqn, tag, path, config.materialized, config.tags, state)"
	tests := []struct {
		name             string
		include, exclude []string
		want             string
		empty            bool // errors.Is(err, plan.ErrEmpty)
	}{
		{"EmptyByExclude", []string{"fees"}, []string{"fees"},
			`the selection matched no models (--select "fees" --exclude "fees")`, true},
		{"EmptyIntersection", []string{"lonely,tag:core"}, nil,
			`the selection matched no models (--select "lonely,tag:core" --exclude "")`, true},
		{"EmptyExcludeAll", nil, []string{"*"},
			`the selection matched no models (--select "" --exclude "*")`, true},
		{"UnknownModel", []string{"fess"}, nil, `selector "fess": no model is named "fess" (did you mean "fees"?)`, false},
		{"UnknownModelNoHint", []string{"+revenue"}, nil, `selector "+revenue": no model is named "revenue"`, false},
		{"UnknownMethod", []string{"tags:core"}, nil, `selector "tags:core": unknown method "tags" (did you mean "tag"?) ` + methods, false},
		{"UnknownMethodNoHint", []string{"owner:me"}, nil, `selector "owner:me": unknown method "owner" ` + methods, false},
		{"UnknownTag", []string{"tag:nope"}, nil, `selector "tag:nope": no model has tag:nope`, false},
		{"UnknownPath", []string{"path:models/mart"}, nil, `selector "path:models/mart": no model has path:models/mart`, false},
		{"UnknownState", []string{"state:changed"}, nil, `selector "state:changed": unknown state "changed" (want modified, new or unmodified)`, false},
		{"BadSyntax", []string{"@fees+"}, nil, `selector "@fees+": @ cannot be combined with + (as in dbt)`, false},
		{"ExcludeUnknown", []string{"fees"}, []string{"fess"}, `--exclude: selector "fess": no model is named "fess" (did you mean "fees"?)`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := plan.New(res, plan.Options{Select: tt.include, Exclude: tt.exclude})
			if err == nil {
				t.Fatalf("New = %v, want error %q", names(p), tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if errors.Is(err, plan.ErrEmpty) != tt.empty {
				t.Errorf("errors.Is(err, ErrEmpty) = %v, want %v", !tt.empty, tt.empty)
			}
		})
	}
}
