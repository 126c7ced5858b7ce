package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// cleanRun ingests the fake chain with every source and no fault: the reference.
func cleanRun(t *testing.T, c *ingesttest.Chain) *ingesttest.Store {
	t.Helper()
	r := newRunner(newFakes(t, c, fakeOptions{}))
	r.mustRun(t, defaultOptions())
	checkIntegrity(t, r.store)
	return r.store
}

// Every transient failure mode of data-sources.md §7, on every API at once, leaves the raw
// tables exactly as a fault-free run does: the client retries, and nothing is written twice.
func TestFaults_SameTablesAsACleanRun(t *testing.T) {
	c := newChain()
	want := cleanRun(t, c)
	all := func(f ingesttest.Faults) fakeOptions {
		return fakeOptions{hiro: ingesttest.HiroOptions{Faults: f}, cg: ingesttest.CoinGeckoOptions{Faults: f}, s21: ingesttest.Signal21Options{Faults: f}}
	}
	cases := map[string]fakeOptions{
		"429WithRetryAfter":    all(ingesttest.Faults{Every429: 7, RetryAfter: "3"}),
		"429WithoutRetryAfter": all(ingesttest.Faults{Every429: 5}),
		"5xx":                  all(ingesttest.Faults{Every5xx: 5}),
		"TruncatedJSON":        all(ingesttest.Faults{EveryTruncated: 7}),
		"HTMLBody":             all(ingesttest.Faults{EveryHTML: 11}),
		"ConnectionReset":      all(ingesttest.Faults{EveryReset: 13}),
		"Timeout":              all(ingesttest.Faults{EveryStall: 151}),
		"EmptyPage":            all(ingesttest.Faults{EveryEmpty: 5}),
		"404PastTheTip":        {hiro: ingesttest.HiroOptions{TipAhead: 5}},
		"NoChainTip":           {hiro: ingesttest.HiroOptions{NoChainTip: true}},
		"410RetiredRoutes":     {hiro: ingesttest.HiroOptions{Retired: true}},
		"AllAtOnce": {
			hiro: ingesttest.HiroOptions{Faults: ingesttest.Faults{Every429: 29, RetryAfter: "1", Every5xx: 23, EveryTruncated: 31, EveryEmpty: 37, EveryReset: 41}, Retired: true, TipAhead: 2},
			cg:   ingesttest.CoinGeckoOptions{Faults: ingesttest.Faults{Every429: 2, Every5xx: 3}},
			s21:  ingesttest.Signal21Options{Faults: ingesttest.Faults{Every5xx: 2}},
		},
	}
	// "every n" faults use n prime to the client's 4 workers, which would otherwise retry in
	// lockstep with the fault's period on the fake clock (no backoff jitter)
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFakes(t, c, o)
			r := newRunner(f)
			if name == "Timeout" {
				r.http.Timeout = 200e6 // 200 ms: the stalled requests time out
			}
			r.mustRun(t, defaultOptions())
			sameTables(t, want, r.store)
			checkIntegrity(t, r.store)
			t.Logf("hiro %d requests, coingecko %d, signal21 %d; slept %s on the fake clock", f.hiro.Requests(), f.cg.Requests(), f.s21.Requests(), r.clock.Slept())
		})
	}
}

// checkIntegrity: no duplicate keys in any table, blocks contiguous, every block's
// transactions there.
func checkIntegrity(t *testing.T, s *ingesttest.Store) {
	t.Helper()
	for _, table := range ingest.Tables() {
		keys := s.Rows(table, nonKey(table)...)
		if i := firstDuplicate(keys); i >= 0 {
			t.Errorf("%s: duplicate key %s", table, keys[i])
		}
	}
	blocks := s.Rows(ingest.TableBlocks, "index_block_hash", "parent_index_block_hash", "block_time", "burn_block_height", "burn_block_hash", "burn_block_time", "ingested_at")
	heights := make([]int, 0, len(blocks))
	txCount := 0
	for _, b := range blocks {
		var h, n int
		fmt.Sscanf(b, "[height=%d tx_count=%d]", &h, &n)
		heights = append(heights, h)
		txCount += n
	}
	slices.Sort(heights)
	for i := 1; i < len(heights); i++ {
		if heights[i] != heights[i-1]+1 {
			t.Errorf("raw.blocks: a gap between heights %d and %d", heights[i-1], heights[i])
		}
	}
	if got := len(s.Rows(ingest.TableTransactions)); got != txCount {
		t.Errorf("raw.transactions has %d rows; the blocks' tx_count sum to %d", got, txCount)
	}
}

func nonKey(table string) []string {
	var out []string
	for _, c := range ingest.Columns(table) {
		if !slices.Contains(ingest.Key(table), c) {
			out = append(out, c)
		}
	}
	return out
}

func firstDuplicate(sorted []string) int {
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return i
		}
	}
	return -1
}

// A quota that runs out mid-run (a day's Retry-After, the month used up) stops the sources of
// that API with "quota exhausted", keeps what was committed, lets the other APIs' sources
// run, and the next run finishes the job.
func TestFaults_QuotaExhaustedStopsAndResumes(t *testing.T) {
	c := newChain()
	want := cleanRun(t, c)
	f := newFakes(t, c, fakeOptions{hiro: ingesttest.HiroOptions{Faults: ingesttest.Faults{QuotaAfter: 700}}})
	r := newRunner(f)
	err := r.run(t, context.Background(), defaultOptions())
	if !errors.Is(err, ingest.ErrQuotaExhausted) || !strings.Contains(err.Error(), "quota exhausted") {
		t.Fatalf("run = %v; want quota exhausted", err)
	}
	if got := f.hiro.Requests(); got > 700+4 {
		t.Errorf("%d requests to hiro after its quota ran out at 700", got)
	}
	if len(r.store.Rows(ingest.TablePrices)) == 0 {
		t.Error("prices (another API) were not fetched")
	}
	r.f = newFakes(t, c, fakeOptions{})
	r.mustRun(t, defaultOptions())
	sameTables(t, want, r.store)
}
