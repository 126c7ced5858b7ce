package demo

import (
	"database/sql/driver"
	"math"

	"github.com/wv-analytics/wv/orchestrator/internal/stacks"
)

// class is a kind of user: how many transactions it makes and over how long. The mix of
// classes gives the heavy tail: most wallets make 1-3 transactions within days, a few make
// thousands over the whole chain; the average is about 7 transactions a wallet.
type class struct {
	name        string
	share       float64          // of wallets activated from dataStart on
	legacyShare float64          // of wallets activated before dataStart
	txs         func(*rng) int   // planned transactions (the chain end cuts some short)
	lifeDays    [2]float64       // active life, log-uniform between the two (days)
	shape       float64          // tx times are activation + life * u^shape: > 1 front-loads activity
	contract    float64          // share of contract calls among its transactions
	offsets     []int64          // fixed tx times after activation (ms), instead of txs/life
	fees        []int64          // fixed fees (uSTX) by nonce, instead of drawn ones
	balance     func(*rng) int64 // balance observations (uSTX); nil: drawBalance
}

// The classes. Tune the heavy tail here; TestTransactionsPerWallet checks the average.
func classes() []class {
	return []class{
		{name: "tourist", share: 0.56, legacyShare: 0.2, txs: touristTxs, lifeDays: [2]float64{0.02, 4}, shape: 2, contract: 0.5},
		{name: "casual", share: 0.30, legacyShare: 0.25, txs: casualTxs, lifeDays: [2]float64{4, 45}, shape: 2, contract: 0.6},
		{name: "regular", share: 0.12, legacyShare: 0.5, txs: regularTxs, lifeDays: [2]float64{30, 300}, shape: 1.6, contract: 0.7},
		{name: "power", share: 0.015, legacyShare: 0.05, txs: powerTxs, lifeDays: [2]float64{120, 900}, shape: 1.2, contract: 0.9},
		// edge wallets sit exactly on the metric thresholds: 3 txs (active_min_tx_30d) whose fees
		// sum to exactly 1 STX (value_min_fee_stx_30d) on day 0, and exactly 10 STX
		// (funded_stx_min) in every balance observation.
		{name: "edge", share: 0.005, offsets: []int64{0, 2 * 3600e3, 5 * 3600e3}, fees: []int64{250_000, 250_000, 500_000},
			contract: 1, balance: func(*rng) int64 { return tenSTX }},
	}
}

func touristTxs(r *rng) int { return 1 + r.pick([]float64{0.55, 0.27, 0.18}) }
func casualTxs(r *rng) int  { return 2 + int(4*r.exp()) }
func regularTxs(r *rng) int { return int(min(500, max(5, r.lognormal(18, 0.7)))) }
func powerTxs(r *rng) int   { return int(r.pareto(70, 1.15, 20_000)) }

// Wallet addresses: a few multisig (SM...) wallets among the standard ones.
const multisigShare = 0.02

// wallet is one user while it is active: its random stream, its plan and its counters.
type wallet struct {
	rng     rng
	class   *class
	id      uint32
	sender  driver.Value // address, boxed once
	nonce   int64
	start   int64   // activation, unix ms
	life    float64 // ms
	left    int     // transactions still to place after the current one
	logRest float64 // log(1 - u) of the last sorted uniform
	feeMul  float64 // this wallet's taste for fees
}

// newWallet plans wallet id, activated at unix ms at. Balances re-create wallets with the same
// call, so the plan must depend on nothing else.
func newWallet(seed uint64, cs []class, id uint32, at int64) wallet {
	r := newRNG(seed, streamWallet+uint64(id))
	c := &cs[pickClass(&r, cs, at < dataStartUnix*1000)]
	version := stacks.MainnetSingleSig
	if r.chance(multisigShare) {
		version = stacks.MainnetMultiSig
	}
	w := wallet{rng: r, class: c, id: id, start: at, feeMul: r.lognormal(1, 0.5)}
	w.sender = address(seed, kindWallet, uint64(id), version)
	if c.offsets != nil {
		w.left = len(c.offsets) - 1
		return w
	}
	w.left = c.txs(&w.rng) - 1
	w.life = w.rng.logUniform(c.lifeDays[0], c.lifeDays[1]) * 86400e3
	return w
}

// pickClass draws a class by share (or legacyShare); each column sums to 1.
func pickClass(r *rng, cs []class, legacy bool) int {
	x := r.float()
	for i, c := range cs {
		share := c.share
		if legacy {
			share = c.legacyShare
		}
		if x < share {
			return i
		}
		x -= share
	}
	return len(cs) - 1
}

// next is the time (unix ms) of the wallet's next transaction, or false when it has no more.
// Times are activation + life * u^shape over sorted uniforms u, drawn one at a time.
func (w *wallet) next() (int64, bool) {
	if w.left == 0 {
		return 0, false
	}
	if w.class.offsets != nil {
		w.left--
		return w.start + w.class.offsets[len(w.class.offsets)-1-w.left], true
	}
	w.logRest += math.Log(w.rng.open()) / float64(w.left)
	w.left--
	u := -math.Expm1(w.logRest)
	return w.start + int64(w.life*math.Pow(u, w.class.shape)), true
}
