package demo

import (
	"database/sql/driver"
	"fmt"
	"math"

	"github.com/wv-analytics/wv/orchestrator/internal/stacks"
)

// Transaction types (tx_type) and statuses (tx_status), as Hiro spells them.
const (
	tokenTransfer = iota
	contractCall
	smartContract
	coinbase
	tenureChange
)

const (
	success = iota
	abortByResponse
	abortByPostCondition
)

// Transaction mix and fees (uSTX). Fees are lognormal around a median, scaled by a per-wallet
// taste for fees, and clamped to what mainnet shows for the type.
const (
	smartContractShare  = 0.006 // deploys among user transactions
	sponsoredShare      = 0.02  // user transactions whose fee a sponsor pays
	failTransfer        = 0.012 // failure rates by type; about 4% of user transactions fail
	failCall            = 0.055
	failDeploy          = 0.04
	postConditionShare  = 0.25 // failures that are abort_by_post_condition (else abort_by_response)
	transferMinFeeShare = 0.25 // token transfers that pay exactly the minimum fee
	minFee              = 180  // uSTX, the lowest fee wallets offer
	tenureExtendShare   = 0.02 // non-first Stacks blocks that start with a tenure-extend tx
	minerCount          = 12   // miners competing for tenures
	sponsorCount        = 4    // sponsoring services (fee payers for sponsored transactions)
	minerFee            = 0    // coinbase and tenure_change pay no fee
)

// feeRange is the fee distribution of one transaction type.
type feeRange struct{ median, sigma, lo, hi float64 }

func fees(typ int) feeRange {
	switch typ {
	case tokenTransfer:
		return feeRange{2_000, 0.9, minFee, 200_000}
	case contractCall:
		return feeRange{10_000, 1.2, 1_000, 5_000_000}
	}
	return feeRange{150_000, 1.0, 20_000, 20_000_000}
}

// contract is a contract users call: real mainnet contract ids, weighted by popularity.
type contract struct {
	id        string
	functions []string
	weight    float64
}

func contracts() []contract {
	return []contract{
		{"SM3VDXK3WZZSA84XXFKAFAF15NNZX32CTSG82JFQ4.sbtc-token", []string{"transfer"}, 14},
		{"SP102V8P0F7JX67ARQ77WEA3D3CFB5XW39REDT0AM.amm-pool-v2-01", []string{"swap-helper", "swap-helper-a", "add-to-position"}, 12},
		{"SP1Y5YSTAHZ88XYK1VPDH24GY0HPX5J4JECTMY4A1.univ2-router", []string{"swap-exact-tokens-for-tokens", "add-liquidity"}, 10},
		{"SP4SZE494VC2YC5JYG7AYFQ44F5Q4PYV7DVMDPBG.stacking-dao-core-v2", []string{"deposit", "init-withdraw", "withdraw"}, 8},
		{"SPQC38PW542EQJ5M11CR25P7BS1CA6QT4TBXGB3M.stableswap-stx-ststx-v-1-2", []string{"swap-x-for-y", "swap-y-for-x"}, 7},
		{"SP000000000000000000002Q6VF78.pox-4", []string{"delegate-stx", "stack-stx", "revoke-delegate-stx"}, 6},
		{"SP2VCQJGH7PHP2DJK7Z0V48AGBHQAW3R3ZW1QF4N.pool-borrow-v2-0", []string{"supply", "borrow", "repay"}, 5},
		{"SP3NE50GEXFG9SZGTT51P40X2CKYSZ5CC4ZTZ7A2G.welshcorgicoin-token", []string{"transfer"}, 5},
		{"SP2QEZ06AGJ3RKJPBV14SY1V5BBFNAW33D96YPGZF.BNS-V2", []string{"name-claim-fast", "transfer"}, 4},
		{"SPNWZ5V2TPWGQGVDR6T7B6RQ4XMGZ4PXTEE0VQ0S.marketplace-v4", []string{"purchase-asset", "list-asset"}, 4},
		{"SP2C2YFP12AJZB4MABJBAJ55XECVS7E4PMMZ89YZR.arkadiko-swap-v2-1", []string{"swap-x-for-y", "swap-y-for-x"}, 3},
		{"SP1AY6K3PQV5MRT6R4S671NWW2FRVPKM0BR162CT6.leo-token", []string{"transfer"}, 3},
		{"SPN5AKG35QZSK2M8GAMR4AFX45659RJHDW353HSG.usdh-token-v1", []string{"transfer"}, 3},
	}
}

// catalog holds every repeated column value boxed once, so rows do not allocate for them.
type catalog struct {
	types, statuses []driver.Value
	contracts       []driver.Value
	functions       [][]driver.Value
	contractWeights []float64
	deployNames     []string // stems of the contracts users deploy
	sponsors        []driver.Value
	miners          []driver.Value
	minerWeights    []float64
	source, yes     driver.Value
}

func newCatalog(seed uint64) *catalog {
	c := &catalog{
		types:       []driver.Value{"token_transfer", "contract_call", "smart_contract", "coinbase", "tenure_change"},
		statuses:    []driver.Value{"success", "abort_by_response", "abort_by_post_condition"},
		deployNames: []string{"token", "nft-collection", "vault", "dao", "airdrop", "pool"},
		source:      source, yes: true,
	}
	for _, k := range contracts() {
		c.contracts = append(c.contracts, k.id)
		c.contractWeights = append(c.contractWeights, k.weight)
		var fns []driver.Value
		for _, f := range k.functions {
			fns = append(fns, f)
		}
		c.functions = append(c.functions, fns)
	}
	for i := range sponsorCount {
		c.sponsors = append(c.sponsors, address(seed, kindSponsor, uint64(i), stacks.MainnetSingleSig))
	}
	for i := range minerCount {
		c.miners = append(c.miners, address(seed, kindMiner, uint64(i), stacks.MainnetSingleSig))
		c.minerWeights = append(c.minerWeights, 1/float64(i+1)) // a few big miners, a long tail
	}
	return c
}

// txWriter writes raw.transactions block by block into one reused row.
type txWriter struct {
	g           *generator
	cat         *catalog
	yield       func(...driver.Value) error
	row         [18]driver.Value
	block       int   // current block; -1 before the first
	index       int32 // tx_index of the next transaction in the block
	count       uint64
	miner       int // miner of the current tenure
	minerNonces []int64
	minerRNG    rng
}

func (g *generator) transactions(yield func(...driver.Value) error) error {
	w := &txWriter{g: g, cat: g.catalog, yield: yield, block: -1,
		minerNonces: make([]int64, minerCount), minerRNG: newRNG(g.seed, streamMiners)}
	w.row[9], w.row[16], w.row[17] = w.cat.yes, w.cat.source, g.ingestedAt
	m := newMerge(g)
	for {
		wal, at, ok := m.next()
		if !ok {
			break
		}
		b := w.blockFor(at)
		if b == len(g.chain.blocks) {
			break // past the chain's end, and so is everything after
		}
		if err := w.moveTo(b); err != nil {
			return err
		}
		if err := w.user(wal); err != nil {
			return err
		}
	}
	return w.moveTo(len(g.chain.blocks))
}

// blockFor is the block that includes a transaction sent at unix ms at: the first block at or
// after it. Transactions arrive in time order, so the search starts at the current block.
func (w *txWriter) blockFor(at int64) int {
	b := max(w.block, 0)
	blocks := w.g.chain.blocks
	for b < len(blocks) && blocks[b].time*1000 < at {
		b++
	}
	return b
}

// moveTo closes the current block and opens the blocks up to b, writing their miner txs.
func (w *txWriter) moveTo(b int) error {
	for w.block < b {
		if w.block >= 0 {
			w.g.chain.blocks[w.block].txCount = w.index
		}
		w.block++
		w.index = 0
		if w.block == len(w.g.chain.blocks) {
			return nil
		}
		if err := w.openBlock(); err != nil {
			return err
		}
	}
	return nil
}

// openBlock sets the block columns and writes the miner txs: a tenure starts with
// tenure_change then coinbase; later blocks sometimes extend the tenure.
func (w *txWriter) openBlock() error {
	c := w.g.chain
	v := c.values(w.block)
	w.row[1], w.row[2], w.row[3], w.row[4], w.row[5] = v.indexHash, v.height, v.time, v.burnHeight, v.burnTime
	if c.first(w.block) {
		w.miner = w.minerRNG.pick(w.cat.minerWeights)
		if err := w.minerTx(tenureChange); err != nil {
			return err
		}
		return w.minerTx(coinbase)
	}
	if w.minerRNG.chance(tenureExtendShare) {
		return w.minerTx(tenureChange)
	}
	return nil
}

func (w *txWriter) minerTx(typ int) error {
	nonce := w.minerNonces[w.miner]
	w.minerNonces[w.miner]++
	return w.write(typ, success, w.cat.miners[w.miner], nil, minerFee, nonce, nil, nil)
}

func (w *txWriter) user(wal *wallet) error {
	d := wal.draw(w.cat)
	var sponsor, contractID, function driver.Value
	if d.sponsor >= 0 {
		sponsor = w.cat.sponsors[d.sponsor]
	}
	switch d.typ {
	case contractCall:
		contractID, function = w.cat.contracts[d.contract], w.cat.functions[d.contract][d.function]
	case smartContract:
		contractID = fmt.Sprintf("%s.%s-%d", wal.sender, w.cat.deployNames[d.contract], wal.nonce)
	}
	err := w.write(d.typ, d.status, wal.sender, sponsor, d.fee, wal.nonce, contractID, function)
	wal.nonce++
	return err
}

func (w *txWriter) write(typ, status int, sender, sponsor driver.Value, fee, nonce int64, contractID, function driver.Value) error {
	r := &w.row
	r[0] = hexID(hash32(w.g.seed, kindTx, w.count))
	r[6] = w.index
	r[7], r[8] = w.cat.types[typ], w.cat.statuses[status]
	r[10], r[11], r[12], r[13], r[14], r[15] = sender, sponsor, fee, nonce, contractID, function
	w.count++
	w.index++
	return w.yield(r[:]...)
}

// txDetail is what a user transaction draws besides its time.
type txDetail struct {
	typ, status        int
	contract, function int
	sponsor            int // -1: not sponsored
	fee                int64
}

func (w *wallet) draw(cat *catalog) txDetail {
	if w.class.fees != nil {
		fee := w.class.fees[w.nonce%int64(len(w.class.fees))]
		return txDetail{typ: contractCall, status: success, sponsor: -1, fee: fee} // contract 0, function 0
	}
	r := &w.rng
	d := txDetail{typ: tokenTransfer, sponsor: -1}
	switch x := r.float(); {
	case x < smartContractShare:
		d.typ = smartContract
		d.contract = r.intn(len(cat.deployNames))
	case x < smartContractShare+w.class.contract:
		d.typ = contractCall
		d.contract = r.pick(cat.contractWeights)
		d.function = r.intn(len(cat.functions[d.contract]))
	}
	if r.chance(failRate(d.typ)) {
		d.status = abortByResponse
		if r.chance(postConditionShare) {
			d.status = abortByPostCondition
		}
	}
	if r.chance(sponsoredShare) {
		d.sponsor = r.intn(len(cat.sponsors))
	}
	d.fee = w.fee(d.typ)
	return d
}

func failRate(typ int) float64 {
	switch typ {
	case tokenTransfer:
		return failTransfer
	case contractCall:
		return failCall
	}
	return failDeploy
}

func (w *wallet) fee(typ int) int64 {
	if typ == tokenTransfer && w.rng.chance(transferMinFeeShare) {
		return minFee
	}
	f := fees(typ)
	return int64(math.Round(min(f.hi, max(f.lo, w.rng.lognormal(f.median, f.sigma)*w.feeMul))))
}
