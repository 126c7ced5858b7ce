package ingest_test

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/hiro"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// BenchmarkBlocks_500RPM ingests blocks from a fake Hiro that enforces 500 requests a minute
// (fixed one-minute windows, Hiro's rate-limit headers, 429 over the limit), in real time, for
// WV_BENCH_SECONDS (default 70). The client starts at the keyless pace and learns the limit from
// the headers. It reports the rate reached after the first window and the 429s it got.
//
//	go test ./orchestrator/internal/ingest/ -run '^$' -bench 500RPM -benchtime 1x
func BenchmarkBlocks_500RPM(b *testing.B) {
	secs, _ := strconv.Atoi(os.Getenv("WV_BENCH_SECONDS"))
	if secs <= 0 {
		secs = 70
	}
	for range b.N {
		c := ingesttest.NewChain(ingesttest.ChainOptions{Seed: 1, End: time.Now().UTC(), Days: 3})
		h := ingesttest.NewHiro(b, c, ingesttest.HiroOptions{Faults: ingesttest.Faults{RatePerMinute: 500}})
		log := slog.New(slog.DiscardHandler)
		client := ingest.NewClient(ingest.HTTPOptions{}, ingest.SystemClock{}, log, nil)
		api, err := hiro.New(client, hiro.Config{BaseURL: h.URL})
		must(b, err)
		ctx, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second)
		type mark struct {
			requests int64
			at       time.Time
		}
		warm := make(chan mark, 1)
		go func() { // the steady state starts with the second one-minute window
			time.Sleep(time.Until(time.Now().Truncate(time.Minute).Add(time.Minute)))
			warm <- mark{h.Requests(), time.Now()}
		}()
		start := time.Now()
		env := &ingest.Env{Store: ingesttest.NewStore(), Clock: ingest.SystemClock{}, Log: log, Options: ingest.Options{MaxDays: 5}}
		ingest.Run(ctx, env, []ingest.Source{&hiro.Blocks{C: api}}, nil)
		cancel()
		total, limited, w := h.Requests(), h.Limited(), <-warm
		steady := float64(total-w.requests) / time.Since(w.at).Minutes()
		b.ReportMetric(float64(total)/time.Since(start).Minutes(), "req/min")
		b.ReportMetric(steady, "steady-req/min")
		b.ReportMetric(100*steady/500, "%-of-limit")
		b.ReportMetric(float64(limited), "429s")
	}
}

// BenchmarkBlocks_FakeChain measures ingest speed without a rate limit: a day of fake chain
// from an in-process fake Hiro into the in-memory store.
func BenchmarkBlocks_FakeChain(b *testing.B) {
	c := newChain()
	f := newFakes(b, c, fakeOptions{})
	blocks, txs := len(c.Blocks(0)), len(c.ExpectedTxs(0))
	start := time.Now()
	for range b.N {
		r := newRunner(f)
		r.mustRun(b, defaultOptions(), "blocks")
	}
	s := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(float64(blocks)/s, "blocks/s")
	b.ReportMetric(float64(txs)/s, "txs/s")
}
