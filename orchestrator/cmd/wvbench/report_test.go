package main

import (
	"strings"
	"testing"
	"time"
)

func TestMedian_PicksMiddleWallAndKeepsOrder(t *testing.T) {
	ms := []*Measure{{WallSeconds: 47, PeakRSSMB: 1}, {WallSeconds: 44, PeakRSSMB: 2}, {WallSeconds: 51, PeakRSSMB: 3}}
	m, walls := median(ms)
	if m.WallSeconds != 47 || m.PeakRSSMB != 1 {
		t.Errorf("median = %+v, want the 47 s run", m)
	}
	if len(walls) != 3 || walls[0] != 47 || walls[1] != 44 || walls[2] != 51 {
		t.Errorf("walls = %v, want in measured order", walls)
	}
	if m, _ := median([]*Measure{{WallSeconds: 2}, {WallSeconds: 1}}); m.WallSeconds != 2 {
		t.Errorf("even count: median = %v, want the upper (2)", m.WallSeconds)
	}
}

func TestMarkdown_TargetsOnlyOn20m(t *testing.T) {
	chain := func(size string, wall float64) *ChainResult {
		return &ChainResult{Size: size, Wallets: 10, Transactions: 75,
			Run: &Measure{WallSeconds: wall, PeakRSSMB: 100}, Direct: &Measure{WallSeconds: wall},
			RunWalls: []float64{wall, wall + 1}, DirectWalls: []float64{wall}}
	}
	r := &Results{Machine: "m", Date: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC),
		Chains: []*ChainResult{chain("2m", 5), chain("20m", 31)}}
	md := markdown(r)
	for _, want := range []string{
		"| `wv run`, 75 txs / 10 wallets: wall |  | 5.0 s (median of 5.0, 6.0) |  |",
		"| `wv run`, 75 txs / 10 wallets: wall | < 30 s | 31.0 s (median of 31.0, 32.0) | MISSED |",
		"| `wv run`, 75 txs: peak RSS | < 3 GiB | 100 MB | met |",
		"| same SQL directly in DuckDB, 75 txs | | 5.0 s, 0 MB | |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestABMarkdown_PairsMediansAndChange(t *testing.T) {
	m := func(wall, cpu float64) *Measure { return &Measure{WallSeconds: wall, CPUSeconds: cpu, PeakRSSMB: 2700} }
	r := &ABResult{Machine: "m", Date: time.Date(2026, 12, 5, 1, 0, 0, 0, time.UTC), Baseline: "HEAD~3 (435d19b)", Size: "20m",
		Before: []*Measure{m(64.5, 112.8), m(66.9, 121.3), m(58.8, 107.7)},
		After:  []*Measure{m(57.1, 103.9), m(52.3, 92.9), m(55.2, 99.7)}}
	md := abMarkdown(r)
	for _, want := range []string{
		"# wv A/B: HEAD~3 (435d19b) against the working tree",
		"| 2 | 66.9 s, 121.3 s, 2700 MB | 52.3 s, 92.9 s, 2700 MB |",
		// medians taken per measure: wall 64.5 -> 55.2 (-14.4 %), CPU 112.8 -> 99.7 (-11.6 %)
		"| median | 64.5 s, 112.8 s | 55.2 s (-14.4 %), 99.7 s (-11.6 %) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("ab markdown lacks %q:\n%s", want, md)
		}
	}
}
