package plan_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/plan"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

const (
	benchLayers   = 10
	benchPerLayer = 100
)

// benchFS generates a project of benchLayers layers of benchPerLayer models. Each model of
// layer L > 0 refs 2 or 3 models of layer L-1; layer 0 reads raw sources. Models use vars,
// include and template calls to a few macros, and an if/range, like real models do.
func benchFS() fstest.MapFS {
	fsys := fstest.MapFS{
		"wv.yml": file(`name: bench
vars:
  as_of:
    type: timestamp
    default: now
  max_days:
    type: int
    default: 365
    gt: 0
  windows:
    type: list[int]
    default: [15, 30, 60, 90]
    gt: 0
  mature_only:
    type: bool
    default: true
  fee_min:
    type: float
    default: 1.5
sources:
  raw: [transactions, blocks, prices]
`),
		"macros/cols.sql": file(`{{ define "cols" }}{{ join ", " . }}{{ end }}
{{ define "key" }}{{ .a }}.id = {{ .b }}.id{{ end }}`),
		"macros/time.sql": file(`{{ define "recent" -}}
block_time >= {{ var "as_of" }} - interval ({{ var "max_days" }}) day and block_time < {{ var "as_of" }}
{{- end }}`),
		"macros/windows.sql": file(`{{ define "windows" -}}
{{ range $i, $w := var "windows" }}{{ if $i }},
    {{ end }}sum(fee) filter (where age_days < {{ $w }}) as fee_{{ $w }}d{{ end }}
{{- end }}`),
	}
	for i := range benchLayers * benchPerLayer {
		layer := i / benchPerLayer
		dir := fmt.Sprintf("models/layer_%d", layer)
		if layer == 0 {
			dir = "models/staging"
		}
		fsys[fmt.Sprintf("%s/%s.sql", dir, benchName(i))] = file(benchModel(i))
	}
	return fsys
}

func benchName(i int) string { return fmt.Sprintf("model_%04d", i) }

func benchModel(i int) string {
	layer, pos := i/benchPerLayer, i%benchPerLayer
	if layer == 0 {
		src := []string{"transactions", "blocks", "prices"}[pos%3]
		return fmt.Sprintf(`-- staging model %d
select {{ include "cols" (list "id" "fee" "block_time") }}
from {{ source "raw" %q }}
where {{ template "recent" }}
`, i, src)
	}
	prev := (layer - 1) * benchPerLayer
	parents := []int{prev + pos, prev + (pos+7)%benchPerLayer}
	if pos%2 == 0 {
		parents = append(parents, prev+(pos+31)%benchPerLayer)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- model %d\nwith\n", i)
	for j, p := range parents {
		fmt.Fprintf(&b, "t%d as (select * from {{ ref %q }}),\n", j, benchName(p))
	}
	b.WriteString("final as (\n  select t0.id,\n    {{ template \"windows\" }}\n  from t0\n")
	for j := 1; j < len(parents); j++ {
		fmt.Fprintf(&b, "  join t%d on {{ include \"key\" (dict \"a\" \"t0\" \"b\" \"t%d\") }}\n", j, j)
	}
	b.WriteString(`  where fee >= {{ var "fee_min" }}
  {{- if var "mature_only" }} and age_days >= {{ var "max_days" }}{{ end }}
  group by all
)
select * from final
`)
	return b.String()
}

// compilePlan is what "wv run --select +model_0950" does before touching the database.
func compilePlan(tb testing.TB, fsys fstest.MapFS, selection string) *plan.Plan {
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
	pl, err := plan.New(res, plan.Options{Select: []string{selection}})
	if err != nil {
		tb.Fatal(err)
	}
	return pl
}

func TestBenchProject_Plan(t *testing.T) {
	pl := compilePlan(t, benchFS(), "+model_0950")
	if n := len(pl.Steps); n < 10 || pl.Steps[n-1].Model.Name != "model_0950" || pl.Steps[0].Model.Layer != "staging" {
		t.Errorf("plan of +model_0950: %d steps, first %s, last %s", n, pl.Steps[0].Model.Name, pl.Steps[n-1].Model.Name)
	}
}

// BenchmarkNew_1000Models measures load + resolve + compile + plan of a 1,000-model project
// (the product target is under 300 ms per op).
func BenchmarkNew_1000Models(b *testing.B) {
	fsys := benchFS()
	b.ReportAllocs()
	for b.Loop() {
		compilePlan(b, fsys, "+model_0950")
	}
}

// BenchmarkPhases_1000Models splits the same work by phase, to see where the time goes.
func BenchmarkPhases_1000Models(b *testing.B) {
	fsys := benchFS()
	p, err := project.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	vals, err := vars.Resolve(p.Vars, nil, clock)
	if err != nil {
		b.Fatal(err)
	}
	res, err := compile.All(p, vals)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Load", func(b *testing.B) {
		for b.Loop() {
			if _, err := project.Load(fsys); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Compile", func(b *testing.B) {
		for b.Loop() {
			if _, err := compile.All(p, vals); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Plan", func(b *testing.B) {
		for b.Loop() {
			if _, err := plan.New(res, plan.Options{Select: []string{"+model_0950"}}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
