package ingest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// PricePoint is one price print.
type PricePoint struct {
	TS    time.Time
	Price float64
}

// PriceAPI serves the price history of a symbol (STX-USD, BTC-USD) in [from, to].
type PriceAPI interface {
	Name() string // raw.prices.source of its points
	Prices(ctx context.Context, symbol string, from, to time.Time) ([]PricePoint, error)
}

// Price windows.
const (
	priceWindow = 85 * 24 * time.Hour // CoinGecko is hourly up to 90 days; daily beyond
	minWindow   = 2 * 24 * time.Hour  // a 1-day window ending now would be 5-minute points
	gapMin      = 2 * time.Hour       // a longer stretch without a point is a gap to fill
	openTail    = 24 * time.Hour      // the last day before a fetch is read again next run
	minFill     = 24 * time.Hour      // the fallback's window is halved down to this on failure
	edgeReach   = 3 * 24 * time.Hour  // stored neighbours this close bound a fetched range's gaps
)

// Span statuses in meta.ingest_price_spans.
const (
	SpanOK      = "ok"      // fetched
	SpanFailed  = "failed"  // the primary could not serve it; its gaps went to the fallback
	SpanMissing = "missing" // no source could; tried again next run
)

// Prices is the prices source: the primary (CoinGecko) in windows of at most 85 days over
// what is not stored yet, then the fallback (Signal21) for exactly the stretches of more than
// two hours the primary left without a point. Each point keeps its source; each window and
// fill is recorded in meta.ingest_price_spans.
type Prices struct {
	Primary  PriceAPI
	Fallback PriceAPI      // nil: gaps are recorded as missing
	Symbols  []string      // [STX-USD BTC-USD]
	Reach    time.Duration // how far back the primary serves history (0: no limit)
}

// Name is "prices".
func (*Prices) Name() string { return "prices" }

// interval is [Start, End].
type interval struct{ Start, End time.Time }

func (i interval) String() string {
	return i.Start.UTC().Format("2006-01-02T15:04") + ".." + i.End.UTC().Format("2006-01-02T15:04")
}

// priceRun is one run of the prices source.
type priceRun struct {
	p                 *Prices
	env               *Env
	now               time.Time
	done, total       int64
	primary, fallback int64 // points written
	missing           int
	written           map[string][]interval // by symbol: intervals and pieces written this run
}

// Ingest fetches every symbol's missing intervals, then retries earlier missing fills.
func (p *Prices) Ingest(ctx context.Context, env *Env) (string, error) {
	r := &priceRun{p: p, env: env, now: Stamp(env.Clock.Now()), written: map[string][]interval{}}
	spans, err := readSpans(ctx, env.Store)
	if err != nil {
		return "", err
	}
	plans := map[string][]interval{}
	for _, sym := range p.symbols() {
		plans[sym] = r.needed(spans[sym])
		for _, iv := range plans[sym] {
			r.total += int64(len(windows(iv)))
		}
	}
	for _, sym := range p.symbols() {
		for _, iv := range plans[sym] {
			if err := r.interval(ctx, sym, iv); err != nil {
				return r.summary(), err
			}
		}
		if err := r.retryMissing(ctx, sym, spans[sym]); err != nil {
			return r.summary(), err
		}
	}
	return r.summary(), nil
}

func (p *Prices) symbols() []string {
	if len(p.Symbols) == 0 {
		return []string{"STX-USD", "BTC-USD"}
	}
	return p.Symbols
}

func (r *priceRun) summary() string {
	s := fmt.Sprintf("%d points from %s, %d from %s", r.primary, r.p.Primary.Name(), r.fallback, r.fallbackName())
	if r.missing > 0 {
		s += fmt.Sprintf("; %d spans no source could fill (retried next run)", r.missing)
	}
	return s
}

func (r *priceRun) fallbackName() string {
	if r.p.Fallback == nil {
		return "no fallback"
	}
	return r.p.Fallback.Name()
}

// needed is [now - max-days, now] less what the primary's stored windows cover (each but its
// last day before it was fetched), or all of it with --force-refresh.
func (r *priceRun) needed(spans []span) []interval {
	want := interval{Stamp(r.env.Since()), r.now}
	if r.env.ForceRefresh {
		return []interval{want}
	}
	var have []interval
	for _, s := range spans {
		if s.source != r.p.Primary.Name() {
			continue
		}
		end := s.end
		if cut := s.fetched.Add(-openTail); cut.Before(end) {
			end = cut
		}
		if end.After(s.start) {
			have = append(have, interval{s.start, end})
		}
	}
	return subtract(want, have)
}

// subtract is want less the union of have, in order.
func subtract(want interval, have []interval) []interval {
	slices.SortFunc(have, func(a, b interval) int { return a.Start.Compare(b.Start) })
	var out []interval
	at := want.Start
	for _, h := range have {
		if h.Start.After(at) && at.Before(want.End) {
			out = append(out, interval{at, minT(h.Start, want.End)})
		}
		if h.End.After(at) {
			at = h.End
		}
	}
	if at.Before(want.End) {
		out = append(out, interval{at, want.End})
	}
	return out
}

// windows splits iv into primary requests of at most priceWindow, each at least minWindow
// long (the first reaches back before iv.Start if it must).
func windows(iv interval) []interval {
	var out []interval
	for start := iv.Start; start.Before(iv.End); start = start.Add(priceWindow) {
		w := interval{start, minT(start.Add(priceWindow), iv.End)}
		if w.End.Sub(w.Start) < minWindow {
			w.Start = w.End.Add(-minWindow)
		}
		out = append(out, w)
	}
	return out
}

func minT(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxT(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// clean keeps the positive, finite prints in iv, in time order, one per timestamp.
func clean(pts []PricePoint, iv interval) []PricePoint {
	out := make([]PricePoint, 0, len(pts))
	for _, p := range pts {
		p.TS = Stamp(p.TS)
		if p.Price > 0 && !math.IsInf(p.Price, 0) && !p.TS.Before(iv.Start) && !p.TS.After(iv.End) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b PricePoint) int { return a.TS.Compare(b.TS) })
	return slices.CompactFunc(out, func(a, b PricePoint) bool { return a.TS.Equal(b.TS) })
}

// gaps are the stretches longer than gapMin between left, the points and right.
func gaps(pts []PricePoint, left, right time.Time) []interval {
	var out []interval
	prev := left
	for _, p := range pts {
		if p.TS.Sub(prev) > gapMin {
			out = append(out, interval{prev, p.TS})
		}
		prev = p.TS
	}
	if right.Sub(prev) > gapMin {
		out = append(out, interval{prev, right})
	}
	return out
}

// inside keeps the points inside iv: after its start (or from it, with closed), before its end.
func inside(pts []PricePoint, iv interval, closed bool) []PricePoint {
	var out []PricePoint
	for _, p := range clean(pts, iv) {
		if (p.TS.After(iv.Start) || closed && p.TS.Equal(iv.Start)) && p.TS.Before(iv.End) {
			out = append(out, p)
		}
	}
	return out
}

// transient reports an error another source or a later run may not have: retries ran out,
// or the API cannot serve the span.
func transientPriceError(err error) bool {
	return errors.Is(err, ErrGaveUp) || errors.Is(err, ErrNoData)
}
