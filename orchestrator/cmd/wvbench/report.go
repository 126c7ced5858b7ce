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
		fmt.Fprintf(&b, "| `wv run`, %s txs / %s wallets: wall | %s | %.1f s | %s |\n", thousands(c.Transactions), thousands(int64(c.Wallets)),
			runTarget(c), c.Run.WallSeconds, mark(c.Size != "20m" || c.Run.WallSeconds < targetRunSeconds))
		fmt.Fprintf(&b, "| `wv run`, %s txs: CPU | | %.1f s | |\n", thousands(c.Transactions), c.Run.CPUSeconds)
		fmt.Fprintf(&b, "| `wv run`, %s txs: peak RSS | %s | %.0f MB | %s |\n", thousands(c.Transactions), rssTarget(c), c.Run.PeakRSSMB,
			mark(c.Size != "20m" || c.Run.PeakRSSMB < targetRSSMB))
		fmt.Fprintf(&b, "| same SQL directly in DuckDB, %s txs | | %.1f s, %.0f MB | |\n", thousands(c.Transactions), c.Direct.WallSeconds, c.Direct.PeakRSSMB)
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
