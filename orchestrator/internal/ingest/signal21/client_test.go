package signal21_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/signal21"
)

// The price records take the shapes the tool we replace accepted: ts as ISO text, unix
// seconds or milliseconds; the price as price, px or the record's other number.
func TestPrices_RecordShapes(t *testing.T) {
	var query string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"ts":"2025-11-01T00:00:00Z","price":0.4268},{"ts":1761958800,"px":"0.4251"},
			{"ts":1761962400000,"close":0.4249},{"ts":"2025-11-01 03:00:00","price":0.4301}]`))
	}))
	defer s.Close()
	c := ingest.NewClient(ingest.HTTPOptions{}, ingesttest.NewClock(time.Now()), slog.New(slog.DiscardHandler), nil)
	api, err := signal21.New(c, signal21.Config{BaseURL: s.URL, Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	pts, err := api.Prices(context.Background(), "STX-USD", from, from.Add(5*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if query != "from=2025-11-01&symbol=STX-USD&to=2025-11-01" {
		t.Errorf("query %s", query)
	}
	want := []float64{0.4268, 0.4251, 0.4249, 0.4301}
	for i, p := range pts {
		if !p.TS.Equal(from.Add(time.Duration(i)*time.Hour)) || p.Price != want[i] {
			t.Errorf("point %d: %v %v; want %v %v", i, p.TS, p.Price, from.Add(time.Duration(i)*time.Hour), want[i])
		}
	}
}
