package report_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// chartTables feed one chart of each kind; series names and categories are hostile text.
func chartTables() map[string]*table.Table {
	tables := testTables(1.5)
	tables["select * from segments"] = &table.Table{
		Columns: []string{"segment", "window_days", "pct", "eligible"},
		Types:   []string{"VARCHAR", "INTEGER", "DOUBLE", "BIGINT"},
		Rows: [][]any{
			{"All", int32(1), 50.0, int64(10)}, {"All", int32(30), 20.0, int64(10)},
			{hostile, int32(1), 40.0, int64(4)}, {hostile, int32(30), nil, int64(4)},
		},
	}
	tables["select * from bins"] = &table.Table{
		Columns: []string{"bin", "lower", "upper", "wallets"},
		Types:   []string{"INTEGER", "DOUBLE", "DOUBLE", "BIGINT"},
		Rows:    [][]any{{int32(0), 0.0, 0.0, int64(2)}, {int32(1), 0.001, 0.01, int64(5)}, {int32(2), 0.01, 0.1, int64(1)}},
	}
	tables["select * from cells"] = &table.Table{
		Columns: []string{"day", "window_days", "rate", "size"},
		Types:   []string{"DATE", "INTEGER", "DOUBLE", "BIGINT"},
		Rows: [][]any{
			{day("2026-01-01"), int32(15), 0.5, int64(4)}, {day("2026-01-02"), int32(15), 0.04, int64(25)},
			{day("2026-01-01"), int32(30), 0.76, int64(4)},
		},
	}
	tables["select * from groups"] = &table.Table{
		Columns: []string{"category", "a", "b"},
		Types:   []string{"VARCHAR", "DOUBLE", "DOUBLE"},
		Rows:    [][]any{{hostile, 1.0, nil}, {"two", 2.0, 3.0}},
	}
	return tables
}

const chartSQL = `{{ define "context" }}select * from context{{ end }}
{{ define "daily" }}select * from daily{{ end }}
{{ define "segments" }}select * from segments{{ end }}
{{ define "bins" }}select * from bins{{ end }}
{{ define "cells" }}select * from cells{{ end }}
{{ define "groups" }}select * from groups{{ end }}`

const chartHTML = `{{ define "title" }}Charts{{ end }}
{{ define "content" }}
{{ lineChart "dual" "Two axes" "daily" "x" "day" "y" "fee" "y2" "wallets" "target" "2" "targetLabel" "Target <2>" }}
{{ lineChart "long" "Series" "segments" "x" "window_days" "series" "segment" "y" "pct" "tip" "eligible" "fmt:pct" "pct" "fmt:window_days" "days" "xticks" "data" "xmin" "0" "ymin" "0" "ymax" "100" }}
{{ barChart "bars" "Bars" "daily" "x" "day" "y" "wallets" "line" "fee" }}
{{ groupedBars "grouped" "Grouped" "groups" "x" "category" "y" "a,b" "label:b" "B <i>" }}
{{ histogram "hist" "Histogram" "bins" "lower" "lower" "upper" "upper" "y" "wallets" "fmt:lower" "stx" "fmt:upper" "stx" "xlabel" "STX <log>" }}
{{ heatmap "heat" "Heatmap" "cells" "x" "day" "y" "window_days" "value" "rate" "tip" "size" "fmt:rate" "frac" "fmt:window_days" "days" }}
{{ end }}`

func TestCharts_EveryKind(t *testing.T) {
	page := render(t, testFS(chartHTML, chartSQL), chartTables())
	for _, id := range []string{"dual", "long", "bars", "grouped", "hist", "heat"} {
		fig := regexp.MustCompile(`(?s)<figure class="chart" id="` + id + `">.*?</figure>`).FindString(page)
		if fig == "" {
			t.Errorf("no figure %s", id)
			continue
		}
		for _, want := range []string{`role="img" aria-labelledby="` + id + `-t ` + id + `-d"`, `<desc id="` + id + `-d">`, `class="hit`, `<div class="tip" hidden></div>`, "<details><summary>Data table"} {
			if !strings.Contains(fig, want) {
				t.Errorf("figure %s lacks %q", id, want)
			}
		}
	}
	for _, want := range []string{
		`<line class="target"`, `Target &lt;2&gt;`, // target line and its label
		`<path class="line s1 dash"`,                      // right-axis series
		`<span class="key line s1"></span>&lt;script&gt;`, // hostile series name in the legend
		"&lt;script&gt;alert(1)&lt;/script&gt;: 40.0% (eligible 4)",
		`<span class="key box s1"></span>B &lt;i&gt;`,
		`<li class="axis-note">STX &lt;log&gt;</li>`,
		"0.001–0.01 STX\nwallets: 5",                             // histogram bin tooltip
		"2026-01-01 · 30d\nrate: 76.0% (size 4)",                 // heatmap cell tooltip
		`<rect class="hit cell h9"`, `<rect class="hit cell h0"`, // colour buckets
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<i>") {
		t.Error("chart text is not escaped")
	}
}
