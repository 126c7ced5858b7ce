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
