package coingecko_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/coingecko"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

var end = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)

func client(t *testing.T, cfg coingecko.Config) (*coingecko.Client, *ingesttest.Clock) {
	t.Helper()
	clock := ingesttest.NewClock(end)
	c := ingest.NewClient(ingest.HTTPOptions{Jitter: func(time.Duration) time.Duration { return 0 }}, clock, slog.New(slog.DiscardHandler), ingest.NewRedactor(cfg.Key))
	cg, err := coingecko.New(c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cg, clock
}

// A demo key goes in x-cg-demo-api-key, a pro key in x-cg-pro-api-key; prices come back
// hourly, in order, with millisecond times.
func TestPrices_KeyHeaderByPlan(t *testing.T) {
	chain := ingesttest.NewChain(ingesttest.ChainOptions{Seed: 2, End: end, Days: 0.2})
	for _, pro := range []bool{false, true} {
		fake := ingesttest.NewCoinGecko(t, chain, ingesttest.CoinGeckoOptions{Key: "cg-key", Pro: pro})
		cg, _ := client(t, coingecko.Config{BaseURL: fake.BaseURL(), Key: "cg-key", Pro: pro, Rate: -1})
		pts, err := cg.Prices(context.Background(), "STX-USD", end.Add(-48*time.Hour), end)
		if err != nil {
			t.Fatalf("pro %v: %v", pro, err)
		}
		if len(pts) < 47 || len(pts) > 49 || pts[0].TS.Minute() > 5 {
			t.Errorf("pro %v: %d points from %v; want hourly for 2 days", pro, len(pts), pts[0].TS)
		}
		if (cg.Reach() == 0) != pro {
			t.Errorf("pro %v: reach %s", pro, cg.Reach())
		}
	}
}

// A pro key on the demo root is a 401 with error 10010: not retried, and the message says
// which variable to set.
func TestPrices_WrongPlanNamesTheFix(t *testing.T) {
	chain := ingesttest.NewChain(ingesttest.ChainOptions{Seed: 2, End: end, Days: 0.2})
	fake := ingesttest.NewCoinGecko(t, chain, ingesttest.CoinGeckoOptions{Key: "cg-key"})
	cg, _ := client(t, coingecko.Config{BaseURL: fake.BaseURL(), Key: "cg-key", Pro: true, Rate: -1})
	_, err := cg.Prices(context.Background(), "BTC-USD", end.Add(-48*time.Hour), end)
	if err == nil || !strings.Contains(err.Error(), "COIN_GECKO_PLAN") || strings.Contains(err.Error(), "cg-key") || fake.Requests() != 1 {
		t.Errorf("err %v after %d requests; want one request and a hint naming COIN_GECKO_PLAN, without the key", err, fake.Requests())
	}
}

// A 401 with error 10012 (history beyond the plan) is ErrNoData: the fallback's to fill.
func TestPrices_HistoryLimitIsNoData(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		w.Write([]byte(`{"error":{"status":{"timestamp":"2026-01-31","error_code":10012,"error_message":"Your request exceeds the allowed time range."}}}`))
	}))
	defer s.Close()
	cg, _ := client(t, coingecko.Config{BaseURL: s.URL, Rate: -1})
	if _, err := cg.Prices(context.Background(), "STX-USD", end.Add(-400*24*time.Hour), end); err == nil || !strings.Contains(err.Error(), ingest.ErrNoData.Error()) {
		t.Errorf("err = %v; want ErrNoData", err)
	}
}
