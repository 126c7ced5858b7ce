package ingesttest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Span is [From, To).
type Span struct{ From, To time.Time }

func (s Span) has(t time.Time) bool { return !t.Before(s.From) && t.Before(s.To) }

func (s Span) overlaps(from, to time.Time) bool { return s.From.Before(to) && from.Before(s.To) }

// CoinGeckoOptions are the fake CoinGecko's knobs.
type CoinGeckoOptions struct {
	Faults
	Gaps   []Span                       // F15: no points in these spans
	Zeros  []time.Time                  // F15: the point in each of these hours is 0.0
	Daily  []Span                       // F15: a window overlapping one of these gets daily points, not hourly
	Broken []Span                       // a window overlapping one of these always answers 503
	Pro    bool                         // the pro plan: any history; else from older than 365 days is 401/10012
	Key    string                       // if set: the plan's key header must carry it (else 401 10002/10010/10011)
	Clock  interface{ Now() time.Time } // "now" for the 365-day rule [the chain's end]
}

// CoinGecko is a fake CoinGecko API (base URL: URL + "/api/v3").
type CoinGecko struct {
	*httptest.Server
	chain  *Chain
	opts   CoinGeckoOptions
	faults *faulter
}

// NewCoinGecko starts a fake CoinGecko; it stops when the test ends.
func NewCoinGecko(tb testing.TB, c *Chain, o CoinGeckoOptions) *CoinGecko {
	g := &CoinGecko{chain: c, opts: o, faults: &faulter{f: o.Faults}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v3/coins/{id}/market_chart/range", g.chart)
	g.Server = httptest.NewServer(g.faults.wrap(mux))
	tb.Cleanup(g.Close)
	return g
}

// BaseURL is the API root a client is given.
func (g *CoinGecko) BaseURL() string { return g.URL + "/api/v3" }

// Requests counts the requests served, faults included.
func (g *CoinGecko) Requests() int64 { return g.faults.n.Load() }

func cgError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"status": map[string]any{"error_code": code, "error_message": msg}})
}

func (g *CoinGecko) authorized(w http.ResponseWriter, r *http.Request) bool {
	if g.opts.Key == "" {
		return true
	}
	demo, pro := r.Header.Get("X-Cg-Demo-Api-Key"), r.Header.Get("X-Cg-Pro-Api-Key")
	switch {
	case g.opts.Pro && demo != "":
		cgError(w, http.StatusUnauthorized, 10011, "You are using a Demo API key on the Pro API root "+demo)
	case !g.opts.Pro && pro != "":
		cgError(w, http.StatusUnauthorized, 10010, "You are using a Pro API key on the public API root "+pro)
	case demo+pro != g.opts.Key:
		cgError(w, http.StatusUnauthorized, 10002, "API Key Missing")
	default:
		return true
	}
	return false
}

func (g *CoinGecko) chart(w http.ResponseWriter, r *http.Request) {
	if !g.authorized(w, r) {
		return
	}
	sym := map[string]string{"blockstack": "STX-USD", "bitcoin": "BTC-USD"}[r.PathValue("id")]
	q := r.URL.Query()
	from, err1 := strconv.ParseInt(q.Get("from"), 10, 64)
	to, err2 := strconv.ParseInt(q.Get("to"), 10, 64)
	switch {
	case sym == "" || q.Get("vs_currency") != "usd":
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "coin not found"})
		return
	case err1 != nil || err2 != nil || to < from:
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid from/to"})
		return
	}
	now := g.chain.End()
	if g.opts.Clock != nil {
		now = g.opts.Clock.Now()
	}
	if !g.opts.Pro && time.Unix(from, 0).Before(now.Add(-365*24*time.Hour)) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{"status": map[string]any{"error_code": 10012,
			"error_message": "Your request exceeds the allowed time range. Public API users are limited to querying historical data within the past 365 days."}}})
		return
	}
	ft, tt := time.Unix(from, 0), time.Unix(to, 0)
	for _, s := range g.opts.Broken {
		if s.overlaps(ft, tt) {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "unavailable"})
			return
		}
	}
	writeJSON(w, http.StatusOK, g.points(sym, ft, tt))
}

// points are sym's prints in [from, to], hourly, or daily (at 00:00) for a window over 90
// days or one overlapping a Daily span.
func (g *CoinGecko) points(sym string, from, to time.Time) map[string]any {
	daily := to.Sub(from) > 90*24*time.Hour
	for _, s := range g.opts.Daily {
		daily = daily || s.overlaps(from, to)
	}
	prices, caps, vols := [][2]float64{}, [][2]float64{}, [][2]float64{}
	for _, p := range g.chain.prices[sym] {
		t := time.UnixMilli(p.ms)
		if t.Before(from) || t.After(to) || g.gap(t) || (daily && t.UTC().Hour() != 0) {
			continue
		}
		ms, price := float64(p.ms), p.price
		if daily {
			ms = float64(t.UTC().Truncate(24 * time.Hour).UnixMilli())
		}
		if g.zero(t) {
			price = 0
		}
		prices = append(prices, [2]float64{ms, price})
		caps = append(caps, [2]float64{ms, price * 1.5e9})
		vols = append(vols, [2]float64{ms, price * 8e7})
	}
	return map[string]any{"prices": prices, "market_caps": caps, "total_volumes": vols}
}

func (g *CoinGecko) gap(t time.Time) bool {
	for _, s := range g.opts.Gaps {
		if s.has(t) {
			return true
		}
	}
	return false
}

func (g *CoinGecko) zero(t time.Time) bool {
	for _, z := range g.opts.Zeros {
		if z.Truncate(time.Hour).Equal(t.Truncate(time.Hour)) {
			return true
		}
	}
	return false
}

// Signal21Options are the fake Signal21's knobs.
type Signal21Options struct {
	Faults
	FailLongerThan time.Duration // a window longer than this answers 500 (the client must bisect)
	Missing        []Span        // no points in these spans
}

// Signal21 is a fake Signal21 API.
type Signal21 struct {
	*httptest.Server
	chain  *Chain
	opts   Signal21Options
	faults *faulter
}

// NewSignal21 starts a fake Signal21; it stops when the test ends.
func NewSignal21(tb testing.TB, c *Chain, o Signal21Options) *Signal21 {
	s := &Signal21{chain: c, opts: o, faults: &faulter{f: o.Faults}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/price", s.price)
	s.Server = httptest.NewServer(s.faults.wrap(mux))
	tb.Cleanup(s.Close)
	return s
}

// Requests counts the requests served, faults included.
func (s *Signal21) Requests() int64 { return s.faults.n.Load() }

// price answers hourly points on the hour for the days from..to inclusive.
func (s *Signal21) price(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sym := strings.ToUpper(q.Get("symbol"))
	from, err1 := time.Parse(time.DateOnly, q.Get("from"))
	to, err2 := time.Parse(time.DateOnly, q.Get("to"))
	if err1 != nil || err2 != nil || to.Before(from) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "from and to are dates"})
		return
	}
	to = to.Add(24 * time.Hour)
	if s.opts.FailLongerThan > 0 && to.Sub(from) > s.opts.FailLongerThan {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "statement timeout"})
		return
	}
	out := []map[string]any{}
	for t := from; t.Before(to); t = t.Add(time.Hour) {
		p, ok := s.chain.hourly(sym, t.Unix())
		if ok && !s.missing(t) {
			out = append(out, map[string]any{"ts": t.Format(time.RFC3339), "price": p})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Signal21) missing(t time.Time) bool {
	for _, m := range s.opts.Missing {
		if m.has(t) {
			return true
		}
	}
	return false
}
