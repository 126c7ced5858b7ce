package compile_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/dag"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

const testWV = `name: t
vars:
  max_days:
    type: int
    default: 365
  fee_min:
    type: float
    default: 1.5
  mature_only:
    type: bool
    default: true
  band_days:
    type: int
    default: null
  windows:
    type: list[int]
    default: [15, 30]
sources:
  raw: [transactions]
`

// mustFS is a project with testWV, a staging model stg_tx and the given files.
func mustFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"wv.yml":                    file(testWV),
		"models/staging/stg_tx.sql": file(`select * from {{ source "raw" "transactions" }}`),
	}
	for name, text := range files {
		fsys[name] = file(text)
	}
	return fsys
}

func file(text string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(text)} }

func compileFS(tb testing.TB, fsys fstest.MapFS, overrides ...vars.Override) (*compile.Result, error) {
	tb.Helper()
	p, err := project.Load(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	vals, err := vars.Resolve(p.Vars, overrides, clock)
	if err != nil {
		tb.Fatal(err)
	}
	return compile.All(p, vals)
}

func mustCompile(tb testing.TB, fsys fstest.MapFS, overrides ...vars.Override) *compile.Result {
	tb.Helper()
	res, err := compileFS(tb, fsys, overrides...)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Functions outside the allow-list (clock, randomness, environment, network, crypto) do not
// exist for templates: using one is a parse error at its position.
func TestAll_DeniedFunctionIsParseError(t *testing.T) {
	denied := []string{
		"now", "date", "dateInZone", "ago", "unixEpoch", "env", "expandenv", "randAlpha", "randNumeric",
		"randInt", "uuidv4", "shuffle", "getHostByName", "genPrivateKey", "derivePassword", "sha256sum",
		"b64enc", "regexReplaceAll", "fail", "tpl", "required", "htmlDate",
	}
	for _, fn := range denied {
		t.Run(fn, func(t *testing.T) {
			_, err := compileFS(t, mustFS(map[string]string{"models/marts/a.sql": "select\n  {{ " + fn + " }}\n"}))
			want := `models/marts/a.sql:2:6: function "` + fn + `" not defined`
			if diff := cmp.Diff(want, errText(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAll_DeniedFunctionInMacro(t *testing.T) {
	_, err := compileFS(t, mustFS(map[string]string{
		"macros/m.sql":       `{{ define "m" }}{{ env "HOME" }}{{ end }}`,
		"models/marts/a.sql": `select 1`,
	}))
	if diff := cmp.Diff(`macros/m.sql:1:20: function "env" not defined`, errText(err)); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
}

func TestAll_AllowedFunctions(t *testing.T) {
	tests := []struct{ name, tmpl, want string }{
		{"lower", `{{ lower "AB" }}`, "ab"},
		{"upper", `{{ upper "ab" }}`, "AB"},
		{"trim", `{{ trim "  a  " }}`, "a"},
		{"trimPrefix", `{{ trimPrefix "stg_" "stg_tx" }}`, "tx"},
		{"replace", `{{ replace "." "_" "a.b" }}`, "a_b"},
		{"join", `{{ join "," (list "a" "b") }}`, "a,b"},
		{"default", `{{ default "d" "" }}`, "d"},
		{"coalesce", `{{ coalesce "" "c" }}`, "c"},
		{"ternary", `{{ ternary "y" "n" false }}`, "n"},
		{"dictGet", `{{ get (dict "k" "v") "k" }}`, "v"},
		{"until", `{{ range until 3 }}{{ . }}{{ end }}`, "012"},
		{"add", `{{ add 1 2 }}`, "3"},
		{"sortAlpha", `{{ join " " (sortAlpha (list "b" "a")) }}`, "a b"},
		{"toJson", `{{ toJson (dict "a" 1) }}`, `{"a":1}`},
		{"sqlstr", `{{ sqlstr "it's" }}`, "'it''s'"},
		{"printf", `{{ printf "%03d" 7 }}`, "007"},
		{"this", `{{ this }}`, "marts.a"},
		{"is_incremental", `{{ is_incremental }}`, "false"},
		{"varTyped", `{{ var "max_days" }} {{ var "fee_min" }} {{ var "windows" }} {{ var "band_days" }}`,
			"365 cast(1.5 as double) [15, 30] cast(null as bigint)"},
		{"varCompare", `{{ if gt (var "max_days") 100 }}long{{ end }} {{ if var "mature_only" }}mature{{ end }}`, "long mature"},
		{"varRange", `{{ range $i, $w := var "windows" }}{{ if $i }},{{ end }}{{ $w }}{{ end }}`, "15,30"},
		{"varIndexLen", `{{ index (var "windows") 1 }} {{ len (var "windows") }}`, "30 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustCompile(t, mustFS(map[string]string{"models/marts/a.sql": "select " + tt.tmpl}))
			if diff := cmp.Diff("select "+tt.want, res.Models["a"].SQL); diff != "" {
				t.Errorf("SQL (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAll_RefsSourcesAndGraph(t *testing.T) {
	res := mustCompile(t, mustFS(map[string]string{
		"macros/m.sql":                `{{ define "from_tx" }}from {{ ref "stg_tx" }}{{ end }}`,
		"models/intermediate/int.sql": `select 1 {{ template "from_tx" }}`,
		"models/marts/a.sql":          `select * from {{ ref "int" }} {{ if false }}join {{ ref "stg_tx" }}{{ end }}`,
		"models/marts/b.sql":          `select * from {{ ref (print "in" "t") }}, {{ source "raw" "transactions" }}`,
		"models/marts/c.sql":          `select 1`,
		"seeds/labels.csv":            "a\n",
		"seeds/labels.yml":            "columns: [{name: a, type: varchar}]\n",
		"models/marts/d.sql":          `select * from {{ ref "labels" }} join {{ ref "labels" }} using (a)`,
	}))
	type model struct{ Refs, Sources, Parents []string }
	got := map[string]model{}
	for name, m := range res.Models {
		got[name] = model{Refs: m.Refs, Sources: m.Sources, Parents: res.Graph.Parents(name)}
	}
	want := map[string]model{
		"stg_tx": {Sources: []string{"raw.transactions"}},
		"int":    {Refs: []string{"stg_tx"}, Parents: []string{"stg_tx"}},
		"a":      {Refs: []string{"int", "stg_tx"}, Parents: []string{"int", "stg_tx"}},
		"b":      {Refs: []string{"int"}, Sources: []string{"raw.transactions"}, Parents: []string{"int"}},
		"c":      {},
		"d":      {Refs: []string{"labels"}},
	}
	opt := cmp.Transformer("nilEmpty", func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	})
	if diff := cmp.Diff(want, got, opt); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
	order, err := res.Graph.Sort()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"c", "d", "stg_tx", "int", "a", "b"}, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestAll_Fingerprint(t *testing.T) {
	base := map[string]string{"models/marts/a.sql": `select {{ var "max_days" }}`}
	fp := func(files map[string]string, overrides ...vars.Override) string {
		t.Helper()
		fsys := mustFS(base)
		for name, text := range files {
			fsys[name] = file(text)
		}
		return mustCompile(t, fsys, overrides...).Models["a"].Fingerprint
	}
	first := fp(nil)
	tests := []struct {
		name      string
		files     map[string]string
		overrides []vars.Override
		same      bool
	}{
		{"Recompile", nil, nil, true},
		{"SameSQLOtherSpelling", map[string]string{"models/marts/a.sql": `select {{- " " -}} {{ var "max_days" }}`}, nil, true},
		{"OtherModelChanged", map[string]string{"models/marts/b.sql": `select 2`}, nil, true},
		{"DescriptionChanged", map[string]string{"models/marts/a.yml": "description: x\n"}, nil, true},
		{"SQLChanged", map[string]string{"models/marts/a.sql": `select {{ var "max_days" }} + 1`}, nil, false},
		{"VarChanged", nil, []vars.Override{{Name: "max_days", Value: "30"}}, false},
		{"MaterializedChanged", map[string]string{"models/marts/a.yml": "materialized: view\n"}, nil, false},
		{"Incremental", map[string]string{"models/marts/a.yml": "materialized: incremental\n"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fp(tt.files, tt.overrides...)
			if (got == first) != tt.same {
				t.Errorf("fingerprint same = %v, want %v", got == first, tt.same)
			}
			if len(got) != 64 {
				t.Errorf("fingerprint %q is not a hex sha256", got)
			}
		})
	}
	incr := fp(map[string]string{"models/marts/a.yml": "materialized: incremental\n"})
	keyed := fp(map[string]string{"models/marts/a.yml": "materialized: incremental\nunique_key: [id]\n"})
	if incr == keyed {
		t.Error("unique_key does not change the fingerprint")
	}
}

func TestAll_Errors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"RendersNothing", map[string]string{"models/marts/a.sql": `{{ if false }}select 1{{ end }}`},
			"models/marts/a.sql: the model renders to no SQL; a model is one SELECT"},
		{"OnlySemicolons", map[string]string{"models/marts/a.sql": " ;\n;"},
			"models/marts/a.sql: the model renders to no SQL; a model is one SELECT"},
		{"ComputedRefUnknown", map[string]string{"models/marts/a.sql": "select *\nfrom {{ ref (print \"stg_\" \"txx\") }}"},
			`models/marts/a.sql:2:9: ref "stg_txx": no model or seed has that name (did you mean "stg_tx"?)`},
		{"ComputedSourceUnknown", map[string]string{"models/marts/a.sql": `select * from {{ source "raw" (print "blocks") }}`},
			`models/marts/a.sql:1:18: source raw.blocks is not declared in wv.yml`},
		{"MissingKey", map[string]string{"models/marts/a.sql": `select {{ .nope }}`},
			`models/marts/a.sql:1:11: nil data; no entry for key "nope"`},
		{"TwoCycles", map[string]string{
			"models/marts/a.sql": `select * from {{ ref "b" }}`,
			"models/marts/b.sql": `select * from {{ ref "a" }}`,
			"models/marts/c.sql": `select * from {{ ref "d" }}`,
			"models/marts/d.sql": `select * from {{ ref "c" }}`,
		}, `models/marts/a.sql:1:22: cycle: a -> b -> a (each model refs the one before it)`}, // one cycle only
		{"ThreeCycleThroughMacro", map[string]string{
			"macros/m.sql":       `{{ define "from_c" }}from {{ ref "c" }}{{ end }}`,
			"models/marts/a.sql": "select *\n{{ template \"from_c\" }}",
			"models/marts/b.sql": `select * from {{ ref "a" }}`,
			"models/marts/c.sql": `select * from {{ ref "b" }}`,
		}, `macros/m.sql:1:34: cycle: a -> b -> c -> a (each model refs the one before it)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := compileFS(t, mustFS(tt.files))
			if diff := cmp.Diff(tt.want, errText(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAll_CycleIsPositioned(t *testing.T) {
	_, err := compileFS(t, mustFS(map[string]string{
		"models/marts/a.sql": `select * from {{ ref "b" }}`,
		"models/marts/b.sql": "select *\nfrom {{ ref \"a\" }}",
	}))
	var pe *project.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *project.Error", err)
	}
	if diff := cmp.Diff(project.Pos{Path: "models/marts/a.sql", Line: 1, Col: 22}, pe.Pos); diff != "" {
		t.Errorf("Pos (-want +got):\n%s", diff)
	}
	if !errors.Is(err, dag.ErrCycle) {
		t.Log("QUESTIONABLE: the compile cycle error does not wrap dag.ErrCycle, so callers cannot branch on it")
	}
}

func TestAll_IncludeRecursionStops(t *testing.T) {
	_, err := compileFS(t, mustFS(map[string]string{
		"models/marts/a.sql": `{{ define "loop" }}{{ include "loop" }}{{ end }}select {{ include "loop" }}`,
	}))
	msg := errText(err)
	if !strings.HasPrefix(msg, "models/marts/a.sql:1:") || !strings.HasSuffix(msg, `include "loop": nested more than 64 deep (does a macro include itself?)`) {
		t.Errorf("error = %q", msg)
	}
	if n := strings.Count(msg, "executing"); n > 1 {
		t.Logf("QUESTIONABLE: the recursion error repeats the template trace %d times (%d bytes)", n, len(msg))
	}
}

// A pipeline passes the last argument: {{ "stg_tx" | ref }} is ref "stg_tx" (compile/check.go
// says so in the comment on arity).
func TestAll_PipelineArguments(t *testing.T) {
	res, err := compileFS(t, mustFS(map[string]string{
		"models/marts/a.sql": `select * from {{ "stg_tx" | ref }}, {{ "transactions" | source "raw" }}`,
	}))
	if err != nil {
		t.Fatalf("the check pass counts pipeline calls' arguments without the piped one: %v", err)
	}
	if diff := cmp.Diff("select * from staging.stg_tx, raw.transactions", res.Models["a"].SQL); diff != "" {
		t.Errorf("SQL (-want +got):\n%s", diff)
	}
}

// Sprig's numeric and list functions receive vars as their typed values; they must compute
// with them, not silently treat them as 0 or reject them.
func TestAll_SprigOnVars(t *testing.T) {
	tests := []struct{ name, tmpl, want string }{
		{"add", `{{ add (var "max_days") 1 }}`, "366"},
		{"sub", `{{ sub (var "max_days") 5 }}`, "360"},
		{"max", `{{ max (var "max_days") 100 }}`, "365"},
		{"int64", `{{ int64 (var "max_days") }}`, "365"},
		{"has", `{{ has 30 (var "windows") }}`, "true"},
		{"ternary", `{{ ternary "'y'" "'n'" (var "mature_only") }}`, "'y'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := compileFS(t, mustFS(map[string]string{"models/marts/a.sql": "select " + tt.tmpl}))
			got := errText(err)
			if err == nil {
				got = strings.TrimPrefix(res.Models["a"].SQL, "select ")
			}
			if got != tt.want {
				t.Errorf("sprig functions do not understand vars.Int/vars.Bool/vars.List (cast.ToInt64 "+
					"returns 0 for named types; bool parameters reject vars.Bool): %s = %q, want %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

// Two macro files defining the same block: the later file silently wins today.
func TestAll_DuplicateMacroIsError(t *testing.T) {
	_, err := compileFS(t, mustFS(map[string]string{
		"macros/a.sql":       `{{ define "cols" }}a{{ end }}`,
		"macros/b.sql":       `{{ define "cols" }}b{{ end }}`,
		"models/marts/m.sql": `select {{ template "cols" }}`,
	}))
	if err == nil {
		t.Fatal(`{{ define "cols" }} in macros/a.sql and macros/b.sql is accepted; the one parsed last wins silently`)
	}
	if msg := err.Error(); !strings.Contains(msg, "macros/a.sql") || !strings.Contains(msg, "macros/b.sql") {
		t.Errorf("error %q does not name both files", msg)
	}
}

func TestAll_ComputedSelfRef(t *testing.T) {
	_, err := compileFS(t, mustFS(map[string]string{"models/marts/a.sql": `select * from {{ ref (print "a") }}`}))
	want := `models/marts/a.sql:1:18: model a refers to itself; use {{ this }}`
	if got := errText(err); got != want {
		t.Errorf("a computed self-ref reports %q, want %q", got, want)
	}
}
