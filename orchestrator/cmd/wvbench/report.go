package main

import (
	"fmt"
	"sort"
	"strings"
)

// The targets of spec/PRODUCT.md "Quality bars".
const (
	targetRunSeconds  = 30
	targetRSSMB       = 3 * 1024
	targetOverheadPct = 10
	targetCompileMs   = 300
	targetNoOpSeconds = 1
)

// markIf marks a measure that has a target only on the 20m chain.
func markIf(c *ChainResult, ok bool) string {
	if c.Size != "20m" {
		return ""
	}
	return mark(ok)
}

func mark(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

func markdown(r *Results) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# wv benchmarks\n\nMachine: %s. Date: %s. as_of %s.\n\n", r.Machine, r.Date.Format("2006-01-02 15:04 UTC"), asOf)
	b.WriteString("| measure | target | measured | |\n|---|---|---|---|\n")
	if r.Compile != nil {
		fmt.Fprintf(&b, "| compile + plan, 1,000 models | < %d ms | %.1f ms | %s |\n", targetCompileMs, r.Compile.MsPerOp, mark(r.Compile.MsPerOp < targetCompileMs))
	}
	for _, c := range r.Chains {
		fmt.Fprintf(&b, "| `wv run`, %s txs / %s wallets: wall | %s | %.1f s%s | %s |\n", thousands(c.Transactions), thousands(int64(c.Wallets)),
			runTarget(c), c.Run.WallSeconds, samples(c.RunWalls), markIf(c, c.Run.WallSeconds < targetRunSeconds))
		fmt.Fprintf(&b, "| `wv run`, %s txs: CPU | | %.1f s | |\n", thousands(c.Transactions), c.Run.CPUSeconds)
		fmt.Fprintf(&b, "| `wv run`, %s txs: peak RSS | %s | %.0f MB | %s |\n", thousands(c.Transactions), rssTarget(c), c.Run.PeakRSSMB,
			markIf(c, c.Run.PeakRSSMB < targetRSSMB))
		fmt.Fprintf(&b, "| same SQL directly in DuckDB, %s txs | | %.1f s%s, %.0f MB | |\n", thousands(c.Transactions), c.Direct.WallSeconds, samples(c.DirectWalls), c.Direct.PeakRSSMB)
		fmt.Fprintf(&b, "| orchestration overhead, %s txs | < %d %% | %.1f %% | %s |\n", thousands(c.Transactions), targetOverheadPct, c.OverheadPct, mark(c.OverheadPct < targetOverheadPct))
		fmt.Fprintf(&b, "| no-op `wv run -s state:modified`, %s txs | < %d s | %.2f s | %s |\n", thousands(c.Transactions), targetNoOpSeconds, c.NoOpSeconds, mark(c.NoOpSeconds < targetNoOpSeconds))
		if c.Demo != nil {
			fmt.Fprintf(&b, "| `wv demo`, %s txs | | %.1f s, %.0f MB | |\n", thousands(c.Transactions), c.Demo.WallSeconds, c.Demo.PeakRSSMB)
		}
	}
	if r.Build != nil {
		fmt.Fprintf(&b, "| `wv build --demo` end to end (pages), 2m chain | | %.1f s, %.0f MB | |\n", r.Build.WallSeconds, r.Build.PeakRSSMB)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(&b, "\nNot measured: %s\n", f)
	}
	for _, c := range r.Chains {
		fmt.Fprintf(&b, "\n## Models on the %s chain (%s transactions)\n\n| model | rows | seconds |\n|---|---:|---:|\n", c.Size, thousands(c.Transactions))
		names := make([]string, 0, len(c.Models))
		for n := range c.Models {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return c.Models[names[i]].Seconds > c.Models[names[j]].Seconds })
		for _, n := range names {
			m := c.Models[n]
			rows := "view"
			if m.Rows != nil {
				rows = thousands(*m.Rows)
			}
			fmt.Fprintf(&b, "| %s | %s | %.2f |\n", n, rows, m.Seconds)
		}
	}
	return b.String()
}

// samples lists the wall times behind a median, when there are several.
func samples(walls []float64) string {
	if len(walls) < 2 {
		return ""
	}
	parts := make([]string, len(walls))
	for i, w := range walls {
		parts[i] = fmt.Sprintf("%.1f", w)
	}
	return " (median of " + strings.Join(parts, ", ") + ")"
}

func runTarget(c *ChainResult) string {
	if c.Size == "20m" {
		return fmt.Sprintf("< %d s", targetRunSeconds)
	}
	return ""
}

func rssTarget(c *ChainResult) string {
	if c.Size == "20m" {
		return "< 3 GiB"
	}
	return ""
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
