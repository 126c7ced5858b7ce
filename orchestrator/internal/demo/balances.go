package demo

import (
	"cmp"
	"database/sql/driver"
	"math"
	"slices"
)

// Balance observations (uSTX). One near activation ("funded on D0", block_height set, as with
// Hiro's until_block) and one fetched in the last week (block_height NULL, as with a "latest"
// lookup), each for a share of wallets; a few stale ones older than balance_max_age_days.
const (
	tenSTX            = 10_000_000 // the funded threshold exactly
	d0Share           = 0.75       // wallets with an observation near activation
	d0MaxLagDays      = 10.0       // it is taken 0-10 days after activation (the metric allows 7)
	recentShare       = 0.6        // wallets with an observation in the last recentDays
	recentDays        = 7.0
	staleShare        = 0.1 // wallets with an observation 7-40 days before the end
	staleMaxDays      = 40.0
	zeroBalanceShare  = 0.12 // observations of an empty wallet
	tenSTXShare       = 0.06 // observations of exactly 10 STX
	justBelowShare    = 0.01 // observations of 9.999999 STX, one uSTX short of funded
	balanceMedian     = 20e6 // uSTX, lognormal
	balanceSigma      = 2.2
	balanceMax        = 50e12 // 50 million STX
	stackerShare      = 0.04  // wallets with STX locked in stacking (balances of 100 STX or more)
	stackerMinBalance = 100e6
)

func (g *generator) balances(yield func(...driver.Value) error) error {
	acts := g.curve.activations(g.seed, g.opts.Wallets)
	for id := uint32(0); ; id++ {
		at, ok := acts.next()
		if !ok {
			return nil
		}
		if err := g.walletBalances(id, at, yield); err != nil {
			return err
		}
	}
}

// walletBalances writes the observations of one wallet, in time order.
func (g *generator) walletBalances(id uint32, at int64, yield func(...driver.Value) error) error {
	w := newWallet(g.seed, g.classes, id, at)
	r := newRNG(g.seed, streamFunds+uint64(id))
	stacker := r.chance(stackerShare)
	for _, o := range g.observations(&r, at/1000) {
		var height driver.Value
		if o.pointInTime {
			height = g.blockHeightAt(o.at)
		}
		balance := w.balance(&r)
		if err := yield(w.sender, unix(o.at), height, balance, locked(&r, stacker, balance), g.catalog.source, g.ingestedAt); err != nil {
			return err
		}
	}
	return nil
}

// observation is when a balance was looked up: at a block near activation (pointInTime, with
// block_height) or as the latest balance at fetch time.
type observation struct {
	at          int64 // unix seconds
	pointInTime bool
}

// observations are a wallet's balance lookups in time order, within [activation, end).
func (g *generator) observations(r *rng, activation int64) []observation {
	end := g.end.Unix()
	var out []observation
	if r.chance(d0Share) {
		out = append(out, observation{activation + int64(r.between(0, d0MaxLagDays*86400)), true})
	}
	if r.chance(staleShare) {
		out = append(out, observation{end - int64(r.between(recentDays*86400, staleMaxDays*86400)), false})
	}
	if r.chance(recentShare) {
		out = append(out, observation{end - int64(r.between(1, recentDays*86400)), false})
	}
	out = slices.DeleteFunc(out, func(o observation) bool { return o.at < activation || o.at >= end })
	slices.SortFunc(out, func(a, b observation) int { return cmp.Compare(a.at, b.at) })
	// The key is (address, as_of): drop a lookup that lands on the same second as another.
	return slices.CompactFunc(out, func(a, b observation) bool { return a.at == b.at })
}

// blockHeightAt is the height of the last block at or before unix time t, or NULL.
func (g *generator) blockHeightAt(t int64) driver.Value {
	i := g.chain.blockBefore(t)
	if i < 0 {
		return nil
	}
	return g.chain.height(i)
}

func (w *wallet) balance(r *rng) int64 {
	if w.class.balance != nil {
		return w.class.balance(r)
	}
	switch x := r.float(); {
	case x < zeroBalanceShare:
		return 0
	case x < zeroBalanceShare+tenSTXShare:
		return tenSTX
	case x < zeroBalanceShare+tenSTXShare+justBelowShare:
		return tenSTX - 1
	}
	return int64(math.Round(min(balanceMax, r.lognormal(balanceMedian, balanceSigma))))
}

func locked(r *rng, stacker bool, balance int64) int64 {
	if !stacker || balance < stackerMinBalance {
		return 0
	}
	return int64(float64(balance) * r.between(0.5, 1))
}
