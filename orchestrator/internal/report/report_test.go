package report_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/report"
	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

const hostile = `<script>alert(1)</script>`

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testTables are the results of the test page's queries.
func testTables(spot any) map[string]*table.Table {
	return map[string]*table.Table{
		"select * from context": {
			Columns: []string{"title", "spot_stx_usd", "spot_as_of"},
			Types:   []string{"VARCHAR", "DOUBLE", "TIMESTAMP"},
			Rows:    [][]any{{`Fees & "friends"`, spot, time.Date(2026, 6, 29, 23, 0, 0, 0, time.UTC)}},
		},
		"select * from daily": {
			Columns: []string{"day", "fee", "wallets", "label"},
			Types:   []string{"DATE", "DOUBLE", "BIGINT", "VARCHAR"},
			Rows: [][]any{
				{day("2026-06-01"), 1.5, int64(3), hostile},
				{day("2026-06-02"), nil, int64(0), `"><img src=x onerror=alert(2)>`},
				{day("2026-06-03"), 12345.678, int64(1200), "plain"},
			},
		},
	}
}

var testSQL = `{{/* queries */}}
{{ define "context" }} select * from context {{ end }}
{{ define "daily" }}
select * from daily
{{ end }}
`

var testHTML = `{{ define "title" }}Test {{ (row "context").title }}{{ end }}
{{ define "content" }}{{ $c := row "context" }}<h1>{{ $c.title }}</h1>
<p id="usd">{{ usd 10 }}</p><p id="spot">{{ spot }}</p>
<ul>{{ range rows "daily" }}<li>{{ date .day }} {{ stx .fee }} {{ int .wallets }} {{ .label }}</li>{{ end }}</ul>
{{ lineChart "fees" "Fees <per> day" "daily" "x" "day" "y" "fee" "tip" "wallets,label" "fmt:fee" "stx" "label:fee" "Fee <b>" }}
{{ barChart "walletbars" "Wallets" "daily" "x" "day" "y" "wallets" "tip" "label" }}
{{ end }}
`

func testFS(html, sql string) fstest.MapFS {
	return fstest.MapFS{
		"reports/t.html": {Data: []byte(html)},
		"reports/t.sql":  {Data: []byte(sql)},
	}
}

func render(t *testing.T, fsys fstest.MapFS, tables map[string]*table.Table) string {
	t.Helper()
	db := fakeDB(tables)
	defer db.Close()
	b, err := report.Render(context.Background(), db, fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRender_Page(t *testing.T) {
	page := render(t, testFS(testHTML, testSQL), testTables(1.5))
	for _, want := range []string{
		"<!doctype html>",
		`<title>Test Fees &amp; &#34;friends&#34;</title>`,
		`<h1>Fees &amp; &#34;friends&#34;</h1>`,
		`<p id="usd">$15.00</p>`,
		`<p id="spot">USD at spot $1.50 per STX as of 2026-06-29 23:00 UTC</p>`,
		`<li>2026-06-01 1.5 STX 3 &lt;script&gt;alert(1)&lt;/script&gt;</li>`,
		`<li>2026-06-02 — 0 &#34;&gt;&lt;img src=x onerror=alert(2)&gt;</li>`,
		`<li>2026-06-03 12,346 STX 1,200 plain</li>`,
		`<svg viewBox="0 0 640 300" role="img" aria-labelledby="fees-t fees-d"><title id="fees-t">Fees &lt;per&gt; day</title>`,
		`<span class="key line s0"></span>Fee &lt;b&gt;</li>`,
		"<title>2026-06-01\nFee &lt;b&gt;: 1.5 STX\nwallets 3, label &lt;script&gt;alert(1)&lt;/script&gt;</title>",
		`<details><summary>Data table (3 rows)</summary>`,
		`<td>&#34;&gt;&lt;img src=x onerror=alert(2)&gt;</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "<img", "http://", "https://"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("page has %d script elements, want the one tooltip script", n)
	}
}

func TestRender_Deterministic(t *testing.T) {
	a := render(t, testFS(testHTML, testSQL), testTables(1.5))
	b := render(t, testFS(testHTML, testSQL), testTables(1.5))
	if a != b {
		t.Error("two renders of the same data differ")
	}
}

func TestRender_NoSpotPrice(t *testing.T) {
	page := render(t, testFS(testHTML, testSQL), testTables(nil))
	for _, want := range []string{`<p id="usd"></p>`, `<p id="spot"></p>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestRender_Errors(t *testing.T) {
	content := func(body string) string {
		return `{{ define "title" }}T{{ end }}{{ define "content" }}` + body + `{{ end }}`
	}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string // a regexp the error must match
	}{
		{"MissingPage", fstest.MapFS{"reports/t.sql": {Data: []byte(testSQL)}}, `^reports/t.html: no such file$`},
		{"MissingQueries", fstest.MapFS{"reports/t.html": {Data: []byte(testHTML)}}, `^reports/t.sql: no such file$`},
		{"TextOutsideDefine", testFS(testHTML, "select 1"), `^reports/t.sql: text outside \{\{ define \}\} blocks$`},
		{"NoQueries", testFS(testHTML, "{{/* none */}}"), `^reports/t.sql: no queries`},
		{"QuerySyntax", testFS(testHTML, `{{ define "a" }}select {{ end`), `^reports/t.sql:1: `},
		{"FailingQuery", testFS(testHTML, testSQL+`{{ define "zz" }}select * from marts.nope{{ end }}`),
			`^reports/t.sql: query "zz": Catalog Error: .*does not exist!\nhint: a mart that is not built yet\? build them with: wv run$`},
		{"TemplateSyntax", testFS("{{ define \"title\" }}T{{ end }}\n{{ define \"content\" }}{{ if }}{{ end }}", testSQL), `^reports/t.html:2: missing value for if$`},
		{"NoContent", testFS(`{{ define "title" }}T{{ end }}`, testSQL), `^reports/t.html: no \{\{ define "content" \}\} block$`},
		{"UnknownQuery", testFS(content(`{{ rows "nope" }}`), testSQL), `^reports/t.html:1:\d+: .*no query "nope" in reports/t.sql \(it has: context, daily\)$`},
		{"UnknownColumn", testFS(content(`{{ range rows "daily" }}{{ .nope }}{{ end }}`), testSQL), `^reports/t.html:1:\d+: .*map has no entry for key "nope"$`},
		{"NotANumber", testFS(content(`{{ range rows "daily" }}{{ stx .label }}{{ end }}`), testSQL), `is not a number$`},
		{"BadChartOption", testFS(content(`{{ lineChart "c" "T" "daily" "x" "day" "y" "fee" "colour" "red" }}`), testSQL), `chart c: unknown option "colour"$`},
		{"BadChartColumn", testFS(content(`{{ lineChart "c" "T" "daily" "x" "day" "y" "fees" }}`), testSQL), `chart c: no column "fees"`},
		{"BadChartID", testFS(content(`{{ lineChart "A b" "T" "daily" "x" "day" "y" "fee" }}`), testSQL), `chart id "A b": want lower-case letters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := fakeDB(testTables(1.5))
			defer db.Close()
			_, err := report.Render(context.Background(), db, tt.fsys, "t")
			if err == nil {
				t.Fatal("no error")
			}
			if !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("error %q does not match %q", err, tt.want)
			}
		})
	}
}

func TestLoad_Queries(t *testing.T) {
	p, err := report.Load(testFS(testHTML, testSQL), "t")
	if err != nil {
		t.Fatal(err)
	}
	want := []report.Query{{Name: "context", SQL: "select * from context"}, {Name: "daily", SQL: "select * from daily"}}
	if diff := cmp.Diff(want, p.Queries); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
}

func TestIndex(t *testing.T) {
	b, err := report.Index([]report.Link{report.PageLink("value"), {Href: "x/index.html", Title: hostile}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a href="value/index.html"><strong>Wallet value dashboard</strong>`, `&lt;script&gt;alert(1)&lt;/script&gt;`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("index lacks %q", want)
		}
	}
}
