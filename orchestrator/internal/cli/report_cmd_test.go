package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// reportAsOf pins the clock of the report fixture, so its pages never change by themselves.
const reportAsOf = "2026-06-30T00:00:00Z"

// Hostile inputs: a channel name (through the seeds, as a marketer's CSV would bring it) and
// an address (planted in a mart: the seeds check principals, but chain data and marts are
// just text to the renderer).
const (
	hostileChannel = `<script>alert(1)</script>`
	hostileAddress = `SP"><img src=x onerror=alert(2)>`
)

// channelMapSQL maps the wallets of the first two activation days with at least three
// wallets: the first to the hostile channel, the second to paid_social.
const channelMapSQL = `with a as (
    select sender_address as address, min(block_time) as t
    from raw.transactions
    where tx_status = 'success' and tx_type in ('token_transfer', 'contract_call', 'smart_contract')
    group by 1
), d as (
    select cast(t as date) as day from a group by 1 having count(*) >= 3 order by day limit 2
)
select a.address, null as activation_date,
    case when cast(a.t as date) = (select min(day) from d) then '` + hostileChannel + `' else 'paid_social' end as channel
from a join d on cast(a.t as date) = d.day
order by 1`

// reportFixture builds a small warehouse the way a user does (migrate, demo, seed, run) with
// the hostile inputs, and renders every page with `wv report`. It returns the project folder
// and what wv report printed.
func reportFixture(t *testing.T) (dir, stderr string) {
	t.Helper()
	dir = copyProject(t)
	mustWV(t, dir, "migrate")
	mustWV(t, dir, "demo", "--wallets", "400", "--days", "200", "--as-of", reportAsOf)
	channelMap, _ := mustWV(t, dir, "sql", "-f", "csv", channelMapSQL)
	writeFile(t, filepath.Join(dir, "seeds", "address_channel_map.csv"), channelMap)
	writeFile(t, filepath.Join(dir, "seeds", "cac_by_channel.csv"),
		"channel,cac_stx\npaid_social,0.35\n\""+hostileChannel+"\",0.5\nambassadors,0.5\n")
	mustWV(t, dir, "seed")
	mustWV(t, dir, "run", "--vars", "as_of="+reportAsOf)
	mustWV(t, dir, "sql", `insert into marts.channel_map_issues (issue, address, channel, detail)
		values ('unmatched_address', '`+strings.ReplaceAll(hostileAddress, "'", "''")+`', 'paid_social', 'planted by the test')`)
	_, stderr = mustWV(t, dir, "report")
	return dir, stderr
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReport_DemoPages renders both dashboards from a small pinned demo warehouse and checks
// them: outputs and publishing, golden files, no external URL, escaping, determinism, the
// browser, and the fallbacks without a spot price or a channel map.
func TestReport_DemoPages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo warehouse")
	}
	dir, stderr := reportFixture(t)
	out := filepath.Join(dir, "out")
	pages := map[string]string{
		"value": filepath.Join(out, "value", "index.html"),
		"roi":   filepath.Join(out, "roi", "index.html"),
		"index": filepath.Join(out, "public", "index.html"),
	}
	t.Run("Outputs", func(t *testing.T) { checkOutputs(t, out, stderr) })
	t.Run("Golden", func(t *testing.T) {
		for _, name := range []string{"value", "roi", "index"} {
			golden(t, filepath.Join("testdata", "report", name+".html"), readFile(t, pages[name]))
		}
	})
	t.Run("NoExternalURL", func(t *testing.T) {
		for name, path := range pages {
			checkSelfContained(t, name, readFile(t, path))
		}
	})
	t.Run("Escaping", func(t *testing.T) { checkEscaped(t, readFile(t, pages["roi"])) })
	t.Run("Deterministic", func(t *testing.T) {
		before := map[string]string{"value": readFile(t, pages["value"]), "roi": readFile(t, pages["roi"])}
		mustWV(t, dir, "report")
		for name, html := range before {
			if readFile(t, pages[name]) != html {
				t.Errorf("%s: a second render of the same warehouse differs", name)
			}
		}
	})
	t.Run("Browser", func(t *testing.T) {
		checkInBrowser(t, []browserPage{
			{name: "value", path: pages["value"], hover: "trend"},
			{name: "roi", path: pages["roi"], hover: "survival-all", tab: "view-heatmap", tabHover: "heatmap"},
		})
	})
	t.Run("WithoutSpotOrChannels", func(t *testing.T) { checkFallbacks(t, dir) })
}

func checkOutputs(t *testing.T, out, stderr string) {
	want := regexp.MustCompile(`^OK   page out/value/index\.html \(\d+ KB\)\nOK   page out/roi_dashboard\.html \(\d+ KB\)\nOK   publish out/public/value/index\.html\nOK   publish out/public/roi/index\.html\nOK   publish out/public/index\.html \(value, roi\)\n$`)
	if !want.MatchString(stderr) {
		t.Errorf("wv report printed:\n%s\nwant it to match %s", stderr, want)
	}
	same := [][]string{
		{"value/index.html", "public/value/index.html"},
		{"roi_dashboard.html", "roi/index.html", "public/roi/index.html"},
	}
	for _, group := range same {
		first := readFile(t, filepath.Join(out, group[0]))
		for _, other := range group[1:] {
			if readFile(t, filepath.Join(out, other)) != first {
				t.Errorf("out/%s differs from out/%s", other, group[0])
			}
		}
	}
	index := readFile(t, filepath.Join(out, "public", "index.html"))
	for _, link := range []string{`href="value/index.html"`, `href="roi/index.html"`} {
		if !strings.Contains(index, link) {
			t.Errorf("out/public/index.html lacks %s", link)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(out, "*", ".*.tmp-*")); len(tmp) > 0 {
		t.Errorf("temporary files left behind: %v", tmp)
	}
}

// golden compares got with the file at path; go test -update rewrites it.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, got)
		return
	}
	want := readFile(t, path)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s differs (-want +got; go test ./orchestrator/internal/cli -run TestReport -update rewrites it):\n%s", path, diff)
	}
}

var (
	externalRef = regexp.MustCompile(`(?i)\b(src|href|action|srcset|poster|data)\s*=\s*["']?\s*(//|[a-z][a-z0-9+.-]*:)|url\(\s*["']?\s*(//|[a-z][a-z0-9+.-]*:)|@import`)
	anyURL      = regexp.MustCompile(`(?i)(https?|ftp|wss?)://`)
	srcAttr     = regexp.MustCompile(`(?i)<[a-z][^<>]*\ssrc\s*=`)
)

// checkSelfContained fails on any reference a browser could fetch: no URL scheme or
// protocol-relative address in src/href/url(), and no http(s) URL anywhere at all.
func checkSelfContained(t *testing.T, name, html string) {
	t.Helper()
	if m := externalRef.FindString(html); m != "" {
		t.Errorf("%s: external reference %q", name, m)
	}
	if m := anyURL.FindString(html); m != "" {
		t.Errorf("%s: URL %q in the page", name, m)
	}
	if m := srcAttr.FindString(html); m != "" {
		t.Errorf("%s: element with a src attribute %q; pages load nothing", name, m)
	}
}

// checkEscaped: the hostile channel and address show as text, never as markup.
func checkEscaped(t *testing.T, html string) {
	for _, want := range []string{
		`<td class="text">&lt;script&gt;alert(1)&lt;/script&gt;</td>`, // channel_payback
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`<td class="text">SP&#34;&gt;&lt;img src=x onerror=alert(2)&gt;</td>`, // channel_map_issues
	} {
		if !strings.Contains(html, want) {
			t.Errorf("roi page lacks the escaped text %q", want)
		}
	}
	for _, bad := range []string{"<img", "<script>alert", "onerror=alert(2)>"} {
		if strings.Contains(html, bad) {
			t.Errorf("roi page contains the markup %q", bad)
		}
	}
	if n := strings.Count(html, "<script"); n != 1 {
		t.Errorf("roi page has %d <script> elements, want 1 (the tooltips)", n)
	}
}

// checkFallbacks renders the ROI page without a spot price and without channel payback: no
// USD values, and the breakeven guardrail with the hint to pass the CSV files.
func checkFallbacks(t *testing.T, dir string) {
	mustWV(t, dir, "sql", "update marts.report_context set spot_stx_usd = null, spot_as_of = null; delete from marts.channel_payback; delete from marts.channel_map_issues")
	public := filepath.Join(t.TempDir(), "site")
	_, stderr := mustWV(t, dir, "report", "roi", "--public-dir", public)
	if !strings.Contains(stderr, "OK   publish "+filepath.Join(public, "index.html")+" (roi)\n") {
		t.Errorf("wv report roi --public-dir printed:\n%s", stderr)
	}
	html := readFile(t, filepath.Join(public, "roi", "index.html"))
	for _, want := range []string{"no STX-USD price stored", "pass <code>--cac-file</code>", "<h3>Breakeven CPA @180d (NV)</h3>"} {
		if !strings.Contains(html, want) {
			t.Errorf("roi page without spot and channels lacks %q", want)
		}
	}
	for _, bad := range []string{"USD at spot", "(USD)", "≈ $", "Channel input issues"} {
		if strings.Contains(html, bad) {
			t.Errorf("roi page without spot and channels contains %q", bad)
		}
	}
	if _, err := os.Stat(filepath.Join(public, "value", "index.html")); err == nil {
		t.Error("wv report roi published the value page")
	}
}
