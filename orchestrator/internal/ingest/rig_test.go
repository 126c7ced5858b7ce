package ingest_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/coingecko"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/hiro"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/signal21"
)

// end is the fake chain's tip time.
var end = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)

// fakes are the three fake APIs over one chain.
type fakes struct {
	chain *ingesttest.Chain
	hiro  *ingesttest.Hiro
	cg    *ingesttest.CoinGecko
	s21   *ingesttest.Signal21
}

type fakeOptions struct {
	hiro ingesttest.HiroOptions
	cg   ingesttest.CoinGeckoOptions
	s21  ingesttest.Signal21Options
}

func newChain() *ingesttest.Chain {
	return ingesttest.NewChain(ingesttest.ChainOptions{Seed: 1, End: end, Days: 0.5, Wallets: 150})
}

func newFakes(t testing.TB, c *ingesttest.Chain, o fakeOptions) *fakes {
	return &fakes{chain: c, hiro: ingesttest.NewHiro(t, c, o.hiro), cg: ingesttest.NewCoinGecko(t, c, o.cg), s21: ingesttest.NewSignal21(t, c, o.s21)}
}

// runner runs sources against fakes into a store, on a fake clock, without real waits.
type runner struct {
	f     *fakes
	store *ingesttest.Store
	clock *ingesttest.Clock
	log   io.Writer
	http  ingest.HTTPOptions
	key   string
}

func newRunner(f *fakes) *runner {
	return &runner{f: f, store: ingesttest.NewStore(), clock: ingesttest.NewClock(end.Add(time.Minute)), log: io.Discard,
		http: ingest.HTTPOptions{Timeout: 5 * time.Second, Jitter: func(time.Duration) time.Duration { return 0 }}}
}

// defaultOptions read the whole fake chain (and the prices before it).
func defaultOptions() ingest.Options {
	return ingest.Options{MaxDays: 6, BlockBatch: 40, Concurrency: 4}
}

func (r *runner) sources(t testing.TB, client *ingest.Client, names ...string) []ingest.Source {
	t.Helper()
	h, err := hiro.New(client, hiro.Config{BaseURL: r.f.hiro.URL, Key: r.key, Rate: -1})
	must(t, err)
	cg, err := coingecko.New(client, coingecko.Config{BaseURL: r.f.cg.BaseURL(), Rate: -1})
	must(t, err)
	s21, err := signal21.New(client, signal21.Config{BaseURL: r.f.s21.URL, Rate: -1})
	must(t, err)
	all := map[string]ingest.Source{
		"blocks": &hiro.Blocks{C: h}, "balances": &hiro.Balances{C: h}, "pox": &hiro.PoX{C: h}, "supply": &hiro.Supply{C: h},
		"prices": &ingest.Prices{Primary: cg, Fallback: s21, Reach: cg.Reach()},
	}
	if len(names) == 0 {
		names = []string{"blocks", "pox", "supply", "prices", "balances"}
	}
	var out []ingest.Source
	for _, n := range names {
		out = append(out, all[n])
	}
	return out
}

func (r *runner) run(t testing.TB, ctx context.Context, o ingest.Options, names ...string) error {
	t.Helper()
	log := slog.New(slog.NewTextHandler(r.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client := ingest.NewClient(r.http, r.clock, log, ingest.NewRedactor(r.key))
	env := &ingest.Env{Store: r.store, Clock: r.clock, Log: log, Options: o}
	return ingest.Run(ctx, env, r.sources(t, client, names...), nil)
}

func (r *runner) mustRun(t testing.TB, o ingest.Options, names ...string) {
	t.Helper()
	if err := r.run(t, context.Background(), o, names...); err != nil {
		t.Fatal(err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// compared are the raw tables with the columns that depend on when they were fetched left out.
var compared = ingesttest.FetchTimeColumns

// sameTables fails unless got's raw tables hold what want's do.
func sameTables(t *testing.T, want, got *ingesttest.Store) {
	t.Helper()
	for table, omit := range compared {
		if diff := cmp.Diff(want.Rows(table, omit...), got.Rows(table, omit...)); diff != "" {
			t.Errorf("%s differs from a fault-free run (-want +got):\n%s", table, diff)
		}
	}
}
