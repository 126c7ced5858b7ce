package ingest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// Price gaps are filled from the fallback for exactly the stretches the primary left empty:
// a missing stretch, a zero print, a window of daily points, a window it cannot serve. Every
// other point is the primary's, and each point keeps its source.
func TestPrices_FallbackFillsExactlyTheGaps(t *testing.T) {
	c := newChain()
	clean := newRunner(newFakes(t, c, fakeOptions{}))
	clean.mustRun(t, defaultOptions(), "prices")
	all := ingesttest.Span{From: end.Add(-30 * 24 * time.Hour), To: end.Add(time.Hour)}
	gap := ingesttest.Span{From: end.Add(-30 * time.Hour), To: end.Add(-24 * time.Hour)}
	zero := end.Add(-50 * time.Hour)
	cases := map[string]ingesttest.CoinGeckoOptions{
		"Gap":         {Gaps: []ingesttest.Span{gap}},
		"ZeroPrint":   {Zeros: []time.Time{zero}},
		"DailyPoints": {Daily: []ingesttest.Span{all}},
		"PrimaryDown": {Broken: []ingesttest.Span{all}},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			r := newRunner(newFakes(t, c, fakeOptions{cg: o}))
			r.mustRun(t, defaultOptions(), "prices")
			for _, sym := range ingesttest.Symbols {
				primary, fills := series(t, r.store, sym, "coingecko"), series(t, r.store, sym, "signal21")
				want := slices.DeleteFunc(series(t, clean.store, sym, "coingecko"), func(ts time.Time) bool {
					return gap.From.Before(ts) && ts.Before(gap.To) && name == "Gap" ||
						ts.Truncate(time.Hour).Equal(zero.Truncate(time.Hour)) && name == "ZeroPrint"
				})
				if name == "Gap" || name == "ZeroPrint" {
					if !slices.Equal(want, primary) {
						t.Errorf("%s: %d primary points, want the %d of a clean run less the gap", sym, len(primary), len(want))
					}
				}
				checkFills(t, sym, primary, fills, c)
			}
		})
	}
}

// checkFills: each fallback point lies in a stretch of more than 2 hours without a primary
// point, and each such stretch has the fallback's point at every hour inside it.
func checkFills(t *testing.T, sym string, primary, fills []time.Time, c *ingesttest.Chain) {
	t.Helper()
	first, last := c.PriceStart(), end
	since := end.Add(-6 * 24 * time.Hour) // --max-days 6
	bounds := append(append([]time.Time{since}, primary...), last)
	var want []time.Time
	for i := 1; i < len(bounds); i++ {
		a, b := bounds[i-1], bounds[i]
		if b.Sub(a) <= 2*time.Hour {
			continue
		}
		for h := a.Truncate(time.Hour).Add(time.Hour); h.Before(b); h = h.Add(time.Hour) {
			if h.After(a) && !h.Before(first.Truncate(time.Hour)) {
				want = append(want, h)
			}
		}
	}
	if !slices.Equal(want, fills) {
		t.Errorf("%s: the fallback filled %d points, want %d (every hour inside each gap of the primary)", sym, len(fills), len(want))
	}
}

// series is one symbol's points of one source, in time order.
func series(t *testing.T, s *ingesttest.Store, sym, source string) []time.Time {
	t.Helper()
	rows, err := s.Select(context.Background(), ingest.Query{Table: ingest.TablePrices, Columns: []string{"ts"},
		Where: []ingest.Cond{ingest.Eq("symbol", sym), ingest.Eq("source", source)}, OrderBy: []string{"ts"}})
	must(t, err)
	out := make([]time.Time, len(rows))
	for i, r := range rows {
		out[i], _ = ingest.AsTime(r[0])
	}
	return out
}

// The next run asks the primary only for the tail (the last day before the previous fetch,
// which may have changed, and what is new), one window per symbol.
func TestPrices_NextRunFetchesTheTail(t *testing.T) {
	c := newChain()
	f := newFakes(t, c, fakeOptions{})
	r := newRunner(f)
	r.mustRun(t, defaultOptions(), "prices")
	before, rows := f.cg.Requests(), len(r.store.Rows(ingest.TablePrices))
	r.clock.Advance(3 * time.Hour)
	r.mustRun(t, defaultOptions(), "prices")
	if got := f.cg.Requests() - before; got != 2 {
		t.Errorf("the second run sent %d requests to coingecko; want 2 (one window per symbol)", got)
	}
	if got := len(r.store.Rows(ingest.TablePrices)); got != rows {
		t.Errorf("%d price rows after the second run, %d before (the fake has no new points)", got, rows)
	}
}

// The fallback's window is halved while it fails (here: anything over 2 days); what no source
// could fill is recorded and filled by a later run.
func TestPrices_FallbackBisectsAndRetriesMissing(t *testing.T) {
	c := newChain()
	down := ingesttest.CoinGeckoOptions{Broken: []ingesttest.Span{{From: end.Add(-30 * 24 * time.Hour), To: end.Add(time.Hour)}}}
	bisect := newRunner(newFakes(t, c, fakeOptions{cg: down, s21: ingesttest.Signal21Options{FailLongerThan: 48 * time.Hour}}))
	bisect.mustRun(t, defaultOptions(), "prices")
	for _, sym := range ingesttest.Symbols {
		checkFills(t, sym, nil, series(t, bisect.store, sym, "signal21"), c)
	}

	r := newRunner(newFakes(t, c, fakeOptions{cg: down, s21: ingesttest.Signal21Options{Faults: ingesttest.Faults{Every5xx: 1}}}))
	r.mustRun(t, defaultOptions(), "prices")
	if n := len(r.store.Rows(ingest.TablePrices)); n != 0 {
		t.Fatalf("%d price rows with both sources down", n)
	}
	r.f = newFakes(t, c, fakeOptions{cg: down})
	r.clock.Advance(time.Minute)
	r.mustRun(t, defaultOptions(), "prices")
	for _, sym := range ingesttest.Symbols {
		checkFills(t, sym, nil, series(t, r.store, sym, "signal21"), c)
	}
}

// With a demo (or no) key CoinGecko serves 365 days; the older part of --max-days goes to the
// fallback instead of failing with 401/10012.
func TestPrices_DemoPlanStaysWithin365Days(t *testing.T) {
	c := ingesttest.NewChain(ingesttest.ChainOptions{Seed: 1, End: end, Days: 0.2, PriceDays: 420})
	r := newRunner(newFakes(t, c, fakeOptions{cg: ingesttest.CoinGeckoOptions{Clock: ingesttest.NewClock(end)}}))
	o := defaultOptions()
	o.MaxDays = 400
	r.mustRun(t, o, "prices")
	for _, sym := range ingesttest.Symbols {
		primary := series(t, r.store, sym, "coingecko")
		if len(primary) == 0 || primary[0].Before(end.Add(-365*24*time.Hour)) {
			t.Errorf("%s: coingecko points from %v", sym, primary[0])
		}
		if fills := series(t, r.store, sym, "signal21"); len(fills) < 30*24 {
			t.Errorf("%s: %d fallback points for the 35 days before CoinGecko's reach", sym, len(fills))
		}
	}
}
