package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// fetched is the primary's answer for one window.
type fetched struct {
	window interval
	points []PricePoint
	status string
}

// interval fetches iv from the primary window by window, finds the gaps (bounded by the
// stored points around iv), fills them from the fallback, and writes it all in one batch.
func (r *priceRun) interval(ctx context.Context, sym string, iv interval) error {
	var got []fetched
	var pts []PricePoint
	for _, w := range windows(iv) {
		f, err := r.window(ctx, sym, w)
		if err != nil {
			return err
		}
		got = append(got, f)
		pts = append(pts, f.points...)
	}
	pts = clean(pts, interval{got[0].window.Start, iv.End})
	left, right, err := r.edges(ctx, sym, got[0].window.Start, iv.End)
	if err != nil {
		return err
	}
	var pieces []piece
	for _, g := range gaps(pts, left, right) {
		p, err := r.fill(ctx, sym, g, false)
		if err != nil {
			return err
		}
		pieces = append(pieces, p...)
	}
	return r.write(ctx, sym, interval{got[0].window.Start, iv.End}, got, pts, pieces)
}

// window asks the primary for w (the part of it within the primary's reach). A window it
// cannot serve is "failed", and its gaps go to the fallback.
func (r *priceRun) window(ctx context.Context, sym string, w interval) (fetched, error) {
	r.done++
	r.env.Progress.Report(Stage("prices"), r.done, r.total, fmt.Sprintf("%s %s from %s", sym, w, r.p.Primary.Name()))
	from := w.Start
	if r.p.Reach > 0 {
		from = maxT(from, r.now.Add(-r.p.Reach+time.Hour))
	}
	if !from.Before(w.End) {
		return fetched{window: w, status: SpanFailed}, nil
	}
	pts, err := r.p.Primary.Prices(ctx, sym, from, w.End)
	if err != nil {
		if !transientPriceError(err) {
			return fetched{}, err
		}
		r.env.Log.Warn("price window failed; filling it from the fallback", "symbol", sym, "window", w.String(), "source", r.p.Primary.Name(), "error", err)
		return fetched{window: w, status: SpanFailed}, nil
	}
	return fetched{window: w, points: pts, status: SpanOK}, nil
}

// edges bound the gap search: the nearest stored primary points outside [from, to] (within
// edgeReach), so that a gap straddling an earlier run's end is seen whole.
func (r *priceRun) edges(ctx context.Context, sym string, from, to time.Time) (time.Time, time.Time, error) {
	left, right := from, to
	q := Query{Table: TablePrices, Columns: []string{"ts"}, OrderBy: []string{"ts"}, Limit: 1,
		Where: []Cond{Eq("symbol", sym), Eq("source", r.p.Primary.Name()), Lt("ts", from), Ge("ts", from.Add(-edgeReach))}}
	q.Desc = true
	rows, err := r.env.Store.Select(ctx, q)
	if err != nil {
		return left, right, fmt.Errorf("read stored prices: %w", err)
	}
	if len(rows) > 0 {
		left, _ = AsTime(rows[0][0])
	}
	q.Desc, q.Where = false, []Cond{Eq("symbol", sym), Eq("source", r.p.Primary.Name()), Gt("ts", to), Le("ts", to.Add(edgeReach))}
	if rows, err = r.env.Store.Select(ctx, q); err != nil {
		return left, right, fmt.Errorf("read stored prices: %w", err)
	}
	if len(rows) > 0 {
		right, _ = AsTime(rows[0][0])
	}
	return left, right, nil
}

// piece is part of a gap: filled by the fallback, or missing. closed: its start is in it.
type piece struct {
	span   interval
	points []PricePoint
	status string
	closed bool
}

// fill asks the fallback for the points inside gap (after gap.Start, or from it with
// closed), halving the span on transient failures down to a day; what no source could fill
// is a missing piece.
func (r *priceRun) fill(ctx context.Context, sym string, gap interval, closed bool) ([]piece, error) {
	if r.p.Fallback == nil {
		return []piece{{span: gap, status: SpanMissing}}, nil
	}
	pts, err := r.p.Fallback.Prices(ctx, sym, gap.Start, gap.End)
	if err == nil {
		pts = inside(pts, gap, closed)
		status := SpanOK
		if len(pts) == 0 {
			status = SpanMissing
		}
		return []piece{{span: gap, points: pts, status: status, closed: closed}}, nil
	}
	var se *StatusError
	if !transientPriceError(err) && !errors.As(err, &se) {
		return nil, err // quota, cancelled
	}
	if errors.As(err, &se) || gap.End.Sub(gap.Start) <= minFill {
		r.env.Log.Warn("price gap not filled", "symbol", sym, "span", gap.String(), "source", r.p.Fallback.Name(), "error", err)
		return []piece{{span: gap, status: SpanMissing, closed: closed}}, nil
	}
	mid := middle(gap)
	a, err := r.fill(ctx, sym, interval{gap.Start, mid}, closed)
	if err != nil {
		return nil, err
	}
	b, err := r.fill(ctx, sym, interval{mid, gap.End}, true)
	return append(a, b...), err
}

// middle splits iv at the midnight nearest its middle, or at its middle.
func middle(iv interval) time.Time {
	mid := iv.Start.Add(iv.End.Sub(iv.Start) / 2)
	if day := mid.Truncate(24 * time.Hour); day.After(iv.Start) {
		return Stamp(day)
	}
	return Stamp(mid)
}

// write replaces the primary's points in iv, the fallback's in iv and in each gap, and the
// spans recorded in iv, in one batch.
func (r *priceRun) write(ctx context.Context, sym string, iv interval, got []fetched, pts []PricePoint, pieces []piece) error {
	prim, fall := r.p.Primary.Name(), r.fallbackName()
	b := Batch{Deletes: []Delete{
		{Table: TablePrices, Where: []Cond{Eq("symbol", sym), Eq("source", prim), Ge("ts", iv.Start), Le("ts", iv.End)}},
		{Table: TablePrices, Where: []Cond{Eq("symbol", sym), Eq("source", fall), Ge("ts", iv.Start), Le("ts", iv.End)}},
		{Table: TablePriceSpans, Where: []Cond{Eq("symbol", sym), Ge("span_start", iv.Start), Le("span_end", iv.End)}},
	}}
	prices, spans := NewRows(TablePrices), NewRows(TablePriceSpans)
	for _, p := range pts {
		prices.Add(p.TS, sym, p.Price, prim, r.now)
	}
	for _, f := range got {
		spans.Add(sym, prim, f.window.Start, f.window.End, int64(len(f.points)), f.status, r.now)
	}
	r.primary += int64(len(pts))
	b.Deletes = append(b.Deletes, r.addPieces(sym, pieces, &prices, &spans)...)
	b.Upserts = []Rows{prices, spans}
	if err := r.env.Store.Write(ctx, b); err != nil {
		return fmt.Errorf("write %s prices %s: %w", sym, iv, err)
	}
	r.written[sym] = append(r.written[sym], iv)
	for _, p := range pieces {
		r.written[sym] = append(r.written[sym], p.span)
	}
	return nil
}

// addPieces adds the fallback's points and spans, and returns the deletes that clear each
// piece's span first.
func (r *priceRun) addPieces(sym string, pieces []piece, prices, spans *Rows) []Delete {
	fall := r.fallbackName()
	var dels []Delete
	seen := map[time.Time]bool{}
	for _, p := range pieces {
		from := Gt("ts", p.span.Start)
		if p.closed {
			from = Ge("ts", p.span.Start)
		}
		dels = append(dels, Delete{Table: TablePrices, Where: []Cond{Eq("symbol", sym), Eq("source", fall), from, Lt("ts", p.span.End)}})
		for _, pt := range p.points {
			if !seen[pt.TS] {
				seen[pt.TS] = true
				prices.Add(pt.TS, sym, pt.Price, fall, r.now)
			}
		}
		spans.Add(sym, fall, p.span.Start, p.span.End, int64(len(p.points)), p.status, r.now)
		r.fallback += int64(len(p.points))
		if p.status == SpanMissing {
			r.missing++
		}
	}
	return dels
}

// retryMissing asks the fallback again for the spans an earlier run could not fill, less
// what this run wrote already.
func (r *priceRun) retryMissing(ctx context.Context, sym string, spans []span) error {
	since := r.env.Since()
	for _, s := range spans {
		if s.source != r.fallbackName() || s.status != SpanMissing || s.start.Before(since) {
			continue
		}
		var pieces []piece
		for _, part := range subtract(interval{s.start, s.end}, slices.Clone(r.written[sym])) {
			p, err := r.fill(ctx, sym, part, true)
			if err != nil {
				return err
			}
			pieces = append(pieces, p...)
		}
		prices, rows := NewRows(TablePrices), NewRows(TablePriceSpans)
		b := Batch{Deletes: []Delete{{Table: TablePriceSpans, Where: []Cond{Eq("symbol", sym), Eq("source", s.source), Eq("span_start", s.start)}}}}
		b.Deletes = append(b.Deletes, r.addPieces(sym, pieces, &prices, &rows)...)
		b.Upserts = []Rows{prices, rows}
		if err := r.env.Store.Write(ctx, b); err != nil {
			return fmt.Errorf("write %s prices %s: %w", sym, interval{s.start, s.end}, err)
		}
	}
	return nil
}

// span is a row of meta.ingest_price_spans.
type span struct {
	source, status      string
	start, end, fetched time.Time
}

// readSpans reads the stored spans by symbol.
func readSpans(ctx context.Context, s Store) (map[string][]span, error) {
	rows, err := s.Select(ctx, Query{Table: TablePriceSpans, Columns: []string{"symbol", "source", "span_start", "span_end", "status", "fetched_at"}})
	if err != nil {
		return nil, fmt.Errorf("read price spans: %w", err)
	}
	out := map[string][]span{}
	for _, row := range rows {
		sym, _ := row[0].(string)
		var sp span
		sp.source, _ = row[1].(string)
		sp.start, _ = AsTime(row[2])
		sp.end, _ = AsTime(row[3])
		sp.status, _ = row[4].(string)
		sp.fetched, _ = AsTime(row[5])
		out[sym] = append(out[sym], sp)
	}
	return out, nil
}
