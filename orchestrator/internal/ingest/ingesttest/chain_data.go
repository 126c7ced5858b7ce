package ingesttest

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"time"
)

// Reorg switches the last depth blocks to a new fork with depth+extra blocks (extra may be
// negative, down to one block). Half of the orphaned user transactions are mined again in
// the new blocks; the rest are gone, and new ones appear. Orphaned blocks stay findable by
// hash, with canonical false, as Hiro's single lookups show them.
func (c *Chain) Reorg(depth, extra int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	depth = min(depth, len(c.blocks)-1)
	cut := len(c.blocks) - depth
	old := c.blocks[cut:]
	c.blocks = c.blocks[:cut]
	c.forks++
	var carried []Tx
	for _, b := range old {
		b.Canonical = false
		for i, t := range b.Txs {
			if t.Type != "coinbase" && t.Type != "tenure_change" && i%2 == 0 {
				carried = append(carried, t)
			}
		}
	}
	n := max(1, depth+extra)
	for i := range n {
		ref := old[min(i, len(old)-1)]
		t := ref.Time + int64(max(0, i-len(old)+1))*30
		first := i < len(old) && (cut+i == 0 || c.blocks[cut+i-1].Burn != ref.Burn)
		var take []Tx
		if i == n-1 {
			take = carried
		} else if len(carried) > 0 {
			take, carried = carried[:1], carried[1:]
		}
		c.addBlock(ref.Burn, t, first, take)
	}
}

// Forks counts the reorgs so far.
func (c *Chain) Forks() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return int(c.forks)
}

// Tip is the newest canonical block.
func (c *Chain) Tip() Block {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return *c.blocks[len(c.blocks)-1]
}

// Blocks are the canonical blocks from height from on.
func (c *Chain) Blocks(from int64) []Block {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []Block
	for _, b := range c.blocks {
		if b.Height >= from {
			out = append(out, *b)
		}
	}
	return out
}

// Burns are the Bitcoin blocks.
func (c *Chain) Burns() []Burn {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append([]Burn(nil), c.burns...)
}

// BurnOf is the Bitcoin block of b.
func (c *Chain) BurnOf(b Block) Burn {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.burns[b.Burn]
}

// Wallets are the user wallets.
func (c *Chain) Wallets() []string { return c.wallets }

// End is the chain's "now".
func (c *Chain) End() time.Time { return c.opts.End }

// Balance is a wallet's current balance and locked amount in uSTX.
func (c *Chain) Balance(addr string) (balance, locked int64) {
	sum := sha256.Sum256([]byte(addr))
	v := binary.LittleEndian.Uint64(sum[:8])
	balance = int64(v % 5_000_000_000)
	if v%7 == 0 {
		locked = balance / 2
	}
	return balance, locked
}

// Supply is the total and unlocked STX.
func (c *Chain) Supply() (total, unlocked float64) { return 1_818_000_000, 1_531_402_118.5 }

// Symbols the price fakes serve.
var Symbols = []string{"STX-USD", "BTC-USD"}

// makePrices makes hourly random-walk prices, a few minutes past each hour (CoinGecko's way).
func (c *Chain) makePrices() {
	c.prices = map[string][]pricePoint{}
	end := c.opts.End.Unix() / 3600
	first := end - int64(c.opts.PriceDays*24)
	for _, sym := range Symbols {
		p := map[string]float64{"STX-USD": 0.45, "BTC-USD": 95_000}[sym]
		for h := first; h <= end; h++ {
			p *= math.Exp(0.008 * c.rng.NormFloat64())
			ms := h*3_600_000 + 5_000 + c.rng.Int64N(295_000)
			if ms > c.opts.End.UnixMilli() {
				break
			}
			c.prices[sym] = append(c.prices[sym], pricePoint{ms: ms, price: math.Round(p*1e6) / 1e6})
		}
	}
}

// PriceStart is the hour the price series start.
func (c *Chain) PriceStart() time.Time {
	return time.UnixMilli(c.prices[Symbols[0]][0].ms).UTC().Truncate(time.Hour)
}

// hourly is the price of sym in the hour starting at unix second t, as the second source
// quotes it (on the hour, a little off the first source's); ok is false outside the series.
func (c *Chain) hourly(sym string, t int64) (float64, bool) {
	pts := c.prices[sym]
	if len(pts) == 0 || t%3600 != 0 {
		return 0, false
	}
	i := t/3600 - pts[0].ms/3_600_000
	if i < 0 || i >= int64(len(pts)) {
		return 0, false
	}
	return math.Round(pts[i].price*(1+0.002*math.Sin(float64(t)))*1e6) / 1e6, true
}
