package demo

import (
	"math"
	"math/rand/v2"
)

// Streams of random numbers: each table (and each wallet) draws from its own PCG stream, so
// changing how one table is generated does not change the others.
const (
	streamChain uint64 = iota + 1
	streamCurve
	streamPrices
	streamPox
	streamRewards
	streamSupply
	streamMiners
	streamWallet = 1 << 40 // + wallet id
	streamFunds  = 1 << 41 // + wallet id: balances
)

// rng is a PCG generator with the distributions the demo needs. It is a value, so a wallet can
// embed one without an allocation.
type rng struct{ pcg rand.PCG }

func newRNG(seed, stream uint64) rng {
	return rng{*rand.NewPCG(mix(seed^0x5851f42d4c957f2d), mix(stream+0x14057b7ef767814f))}
}

// float is uniform in [0, 1).
func (r *rng) float() float64 { return float64(r.pcg.Uint64()>>11) / (1 << 53) }

// open is uniform in (0, 1), safe for logarithms.
func (r *rng) open() float64 { return (float64(r.pcg.Uint64()>>11) + 0.5) / (1 << 53) }

func (r *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

func (r *rng) chance(p float64) bool { return r.float() < p }

// intn is uniform in [0, n); the modulo bias is negligible for the small n used here.
func (r *rng) intn(n int) int { return int(r.pcg.Uint64() % uint64(n)) }

// exp is exponential with mean 1.
func (r *rng) exp() float64 { return -math.Log(r.open()) }

// norm is standard normal (Box-Muller).
func (r *rng) norm() float64 {
	return math.Sqrt(-2*math.Log(r.open())) * math.Cos(2*math.Pi*r.float())
}

func (r *rng) lognormal(median, sigma float64) float64 { return median * math.Exp(sigma*r.norm()) }

// logUniform is uniform in log space between lo and hi.
func (r *rng) logUniform(lo, hi float64) float64 { return lo * math.Pow(hi/lo, r.float()) }

// pareto is Pareto with scale xm and shape alpha, capped at limit.
func (r *rng) pareto(xm, alpha, limit float64) float64 {
	return math.Min(xm/math.Pow(r.open(), 1/alpha), limit)
}

// pick returns an index with probability proportional to weights.
func (r *rng) pick(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.float() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// mix is splitmix64's finalizer: a bijection on uint64 that scrambles every bit.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
