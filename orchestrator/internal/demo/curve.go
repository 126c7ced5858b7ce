package demo

import (
	"math"
	"time"
)

// The activation curve: how new wallets spread over the days of the chain.
const (
	growth        = 4.0  // the last day gets this many times the new wallets of the first day
	weekendFactor = 0.8  // Saturdays and Sundays get fewer new wallets
	campaignEvery = 60   // one marketing campaign per this many days (at least one)
	campaignBoost = 2.5  // a campaign day gets this many times its usual new wallets
	legacyShare   = 0.08 // share of wallets activated before dataStart, when the chain reaches back that far
)

// dataStartUnix is the coverage floor of the metrics (var data_start, 2024-12-23T00:00:00Z):
// wallets first seen before it are legacy.
const dataStartUnix = 1734912000

// curve is the cumulative share of activations by day, inverted to place the i-th of n
// wallets. Activations come out in time order, so wallet ids are activation ranks.
type curve struct {
	start int64     // unix seconds of day 0
	end   int64     // unix seconds, exclusive
	cum   []float64 // cum[d] = share of activations before day d; cum[len-1] = 1
}

func newCurve(seed uint64, start, end time.Time) *curve {
	r := newRNG(seed, streamCurve)
	days := int(math.Ceil(end.Sub(start).Hours() / 24))
	weights := make([]float64, days)
	for d := range weights {
		weights[d] = math.Pow(growth, float64(d)/float64(max(1, days-1)))
		if wd := start.AddDate(0, 0, d).Weekday(); wd == time.Saturday || wd == time.Sunday {
			weights[d] *= weekendFactor
		}
	}
	for range max(1, days/campaignEvery) {
		weights[r.intn(days)] *= campaignBoost
	}
	addLegacy(weights, start)
	c := &curve{start: start.Unix(), end: end.Unix(), cum: make([]float64, days+1)}
	for d, w := range weights {
		c.cum[d+1] = c.cum[d] + w
	}
	for d := range c.cum {
		c.cum[d] /= c.cum[days]
	}
	return c
}

// addLegacy adds weight to the days before dataStart so that legacyShare of wallets land there.
func addLegacy(weights []float64, start time.Time) {
	n := min(len(weights), int(math.Ceil(float64(dataStartUnix-start.Unix())/86400)))
	if n <= 0 || n >= len(weights) {
		return
	}
	total := 0.0
	for _, w := range weights[n:] {
		total += w
	}
	extra := total * legacyShare / (1 - legacyShare) / float64(n)
	for d := range weights[:n] {
		weights[d] = extra
	}
}

// activations yields the activation times of n wallets in increasing order: sorted uniforms
// drawn one at a time (each the minimum of the rest), mapped through the inverse of the curve.
type activations struct {
	c       *curve
	r       rng
	n, i    int
	logRest float64 // log(1 - u) of the last uniform
	day     int
}

func (c *curve) activations(seed uint64, n int) *activations {
	return &activations{c: c, r: newRNG(seed, streamCurve+100), n: n}
}

// next returns the next activation in unix milliseconds, or false after n of them.
func (a *activations) next() (int64, bool) {
	if a.i >= a.n {
		return 0, false
	}
	a.logRest += math.Log(a.r.open()) / float64(a.n-a.i)
	a.i++
	u := -math.Expm1(a.logRest)
	for a.day < len(a.c.cum)-2 && a.c.cum[a.day+1] <= u {
		a.day++
	}
	frac := (u - a.c.cum[a.day]) / (a.c.cum[a.day+1] - a.c.cum[a.day])
	ms := a.c.start*1000 + int64((float64(a.day)+min(frac, 1))*86400e3)
	return min(ms, a.c.end*1000-1), true
}
