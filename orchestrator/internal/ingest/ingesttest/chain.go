package ingesttest

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/stacks"
)

// ChainOptions size a synthetic chain.
type ChainOptions struct {
	Seed      uint64
	End       time.Time     // the tip's time (and the fakes' "now")
	Days      float64       // chain length [1]
	BlockGap  time.Duration // mean time between Stacks blocks of a tenure [90 s]
	Wallets   int           // user wallets [200]
	PriceDays float64       // prices cover [End - PriceDays, End] [Days + 3]
}

func (o ChainOptions) withDefaults() ChainOptions {
	if o.Days <= 0 {
		o.Days = 1
	}
	if o.BlockGap <= 0 {
		o.BlockGap = 90 * time.Second
	}
	if o.Wallets <= 0 {
		o.Wallets = 200
	}
	if o.PriceDays <= 0 {
		o.PriceDays = o.Days + 3
	}
	o.End = o.End.UTC()
	return o
}

// PoX constants of mainnet (data-sources.md §3.8).
const (
	FirstBurnchain = 666050
	CycleLength    = 2100
	PrepareLength  = 100
	firstCycle     = 121 // the chain sits across the start of this cycle
	firstHeight    = 3_961_842
)

// Block is a Stacks block of the fake chain.
type Block struct {
	Height                           int64
	Hash, IndexHash, ParentIndexHash string
	Time                             int64
	Burn                             int // index into the chain's burns
	Txs                              []Tx
	Canonical                        bool
}

// Burn is a Bitcoin block.
type Burn struct {
	Height int64
	Hash   string
	Time   int64
	Empty  bool // no Stacks block anchors to it (a missed tenure)
}

// Tx is a transaction.
type Tx struct {
	ID, Type, Status, Sender, Sponsor, Contract, Function, Recipient string
	Fee, Nonce, Amount                                               int64
}

// Chain is a small synthetic Stacks chain with its Bitcoin blocks, PoX data, balances and
// prices; the fakes serve it. It can switch its last blocks to a new fork.
type Chain struct {
	mu      sync.RWMutex
	opts    ChainOptions
	rng     *rand.Rand
	blocks  []*Block          // canonical; blocks[i].Height = firstHeight + i
	byHash  map[string]*Block // every block made, orphans too
	burns   []Burn
	wallets []string
	miners  []string
	nonces  map[string]int64
	nextTx  uint64
	forks   uint64
	prices  map[string][]pricePoint
}

type pricePoint struct {
	ms    int64
	price float64
}

// NewChain generates the chain of o: the same options give the same chain.
func NewChain(o ChainOptions) *Chain {
	o = o.withDefaults()
	c := &Chain{opts: o, rng: rand.New(rand.NewPCG(o.Seed, 7)), byHash: map[string]*Block{}, nonces: map[string]int64{}}
	for i := range o.Wallets {
		c.wallets = append(c.wallets, address(o.Seed, "wallet", uint64(i)))
	}
	for i := range 5 {
		c.miners = append(c.miners, address(o.Seed, "miner", uint64(i)))
	}
	c.timeline()
	c.makePrices()
	return c
}

// timeline makes the Bitcoin blocks about every 10 minutes and each tenure's Stacks blocks.
func (c *Chain) timeline() {
	o := c.opts
	start := o.End.Add(-time.Duration(o.Days * 24 * float64(time.Hour))).Unix()
	n := int64(o.Days*144) + 2
	firstBurn := FirstBurnchain + firstCycle*CycleLength - n/2
	t := float64(start)
	for t < float64(o.End.Unix()) {
		next := t + min(2400, max(60, 600*c.rng.ExpFloat64()))
		burn := Burn{Height: firstBurn + int64(len(c.burns)), Time: int64(t), Empty: len(c.burns) > 0 && c.rng.Float64() < 0.03}
		burn.Hash = burnHash(o.Seed, burn.Height)
		c.burns = append(c.burns, burn)
		if !burn.Empty {
			c.tenure(len(c.burns)-1, t, min(next, float64(o.End.Unix())))
		}
		t = next
	}
}

// tenure adds the Stacks blocks of Bitcoin block burn, mined from t until next.
func (c *Chain) tenure(burn int, t, next float64) {
	gap := c.opts.BlockGap.Seconds()
	bt := t + 5 + 20*c.rng.Float64()
	for first := true; first || bt < next; first = false {
		c.addBlock(burn, int64(bt), first, nil)
		bt += gap * (0.5 + c.rng.Float64())
	}
}

// addBlock appends a canonical block on top of the chain, with carried txs re-mined in it.
func (c *Chain) addBlock(burn int, t int64, first bool, carried []Tx) *Block {
	h := int64(firstHeight + len(c.blocks))
	parent := indexHash(c.opts.Seed, h-1, 0)
	if len(c.blocks) > 0 {
		parent = c.blocks[len(c.blocks)-1].IndexHash
	}
	b := &Block{Height: h, Hash: hash("block", c.opts.Seed, uint64(h), c.forks), IndexHash: indexHash(c.opts.Seed, h, c.forks),
		ParentIndexHash: parent, Time: t, Burn: burn, Canonical: true}
	if first {
		miner := c.miners[c.rng.IntN(len(c.miners))]
		b.Txs = append(b.Txs, c.tx("tenure_change", miner), c.tx("coinbase", miner))
	}
	b.Txs = append(b.Txs, carried...)
	for range c.userTxCount() {
		b.Txs = append(b.Txs, c.userTx())
	}
	c.blocks = append(c.blocks, b)
	c.byHash[b.IndexHash] = b
	return b
}

// userTxCount: most blocks hold a few, some dozens, one in twenty more than a page (50).
func (c *Chain) userTxCount() int {
	switch u := c.rng.Float64(); {
	case u < 0.05:
		return 51 + c.rng.IntN(70)
	case u < 0.3:
		return 10 + c.rng.IntN(30)
	}
	return c.rng.IntN(10)
}

var contracts = [][2]string{
	{"SP2C2YFP12AJZB4MABJBAJ55XECVS7E4PMMZ89YZR.arkadiko-swap-v2-1", "swap-x-for-y"},
	{"SM3VDXK3WZZSA84XXFKAFAF15NNZX32CTSG82JFQ4.sbtc-token", "transfer"},
	{"SP000000000000000000002Q6VF78.pox-4", "delegate-stx"},
	{"SP1Y5YSTAHZ88XYK1VPDH24GY0HPX5J4JECTMY4A1.univ2-router", "swap-exact-tokens-for-tokens"},
}

func (c *Chain) userTx() Tx {
	sender := c.wallets[int(float64(len(c.wallets))*math.Pow(c.rng.Float64(), 2))]
	var t Tx
	switch u := c.rng.Float64(); {
	case u < 0.5:
		t = c.tx("token_transfer", sender)
		t.Recipient, t.Amount = c.wallets[c.rng.IntN(len(c.wallets))], 1+c.rng.Int64N(5_000_000_000)
	case u < 0.95:
		t = c.tx("contract_call", sender)
		k := contracts[c.rng.IntN(len(contracts))]
		t.Contract, t.Function = k[0], k[1]
	default:
		t = c.tx("smart_contract", sender)
		t.Contract = sender + ".contract-" + hex.EncodeToString([]byte{byte(c.rng.IntN(256))})
	}
	t.Fee = 180 + c.rng.Int64N(500_000)
	switch u := c.rng.Float64(); {
	case u < 0.04:
		t.Status = "abort_by_response"
	case u < 0.05:
		t.Status = "abort_by_post_condition"
	}
	if c.rng.Float64() < 0.02 {
		t.Sponsor = c.wallets[c.rng.IntN(len(c.wallets))]
	}
	return t
}

func (c *Chain) tx(typ, sender string) Tx {
	c.nextTx++
	n := c.nonces[sender]
	c.nonces[sender] = n + 1
	return Tx{ID: hash("tx", c.opts.Seed, c.nextTx, 0), Type: typ, Status: "success", Sender: sender, Nonce: n}
}

func hash(kind string, seed, n, fork uint64) string {
	h := sha256.New()
	h.Write([]byte(kind))
	binary.Write(h, binary.LittleEndian, [3]uint64{seed, n, fork})
	return "0x" + hex.EncodeToString(h.Sum(nil))
}

func indexHash(seed uint64, height int64, fork uint64) string {
	return hash("index", seed, uint64(height), fork)
}

func burnHash(seed uint64, height int64) string {
	return "0x00000000000000000000" + hash("burn", seed, uint64(height), 0)[24:]
}

func address(seed uint64, kind string, n uint64) string {
	sum := sha256.Sum256([]byte(hash(kind, seed, n, 0)))
	var h160 [20]byte
	copy(h160[:], sum[:])
	return stacks.Address(22, h160)
}
