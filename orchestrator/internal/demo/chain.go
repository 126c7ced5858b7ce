package demo

import (
	"database/sql/driver"
	"sort"
	"time"
)

// Block timing. Real Nakamoto tenures hold 50-100+ Stacks blocks, a few seconds apart; the demo
// makes one every 20-60 s so 420 days stay under a million blocks.
const (
	burnGapMean     = 600.0  // seconds between Bitcoin blocks on average (exponential)
	burnGapMin      = 30.0   // shortest Bitcoin block gap
	burnGapMax      = 7200.0 // longest Bitcoin block gap
	tenureDelayMin  = 3.0    // seconds from a Bitcoin block to its tenure's first Stacks block
	tenureDelayMax  = 30.0
	stacksGapMin    = 20.0 // seconds between Stacks blocks of one tenure
	stacksGapMax    = 60.0
	stacksBlockRate = 8.0 // seconds per Stacks block on mainnet, to place the demo's first height
)

// Mainnet anchors (shared/reference/data-sources.md): the chain tip of 2025-11-12 and the PoX
// constants of /v2/pox. Heights of the demo chain are extrapolated from them, so they look real.
const (
	anchorStacksHeight = 3961842
	anchorBurnHeight   = 921503
	anchorUnix         = 1762939245 // 2025-11-12T09:20:45Z, burn_block_time of the anchor
	firstBurnchain     = 666050     // PoX first_burnchain_block_height
	cycleLength        = 2100       // Bitcoin blocks per PoX cycle
	prepareLength      = 100        // the last blocks of a cycle are the next cycle's prepare phase
)

// block is one Stacks block of the timeline. Times are unix seconds.
type block struct {
	time    int64
	burn    int32 // index into chain.burns
	txCount int32 // set while transactions are written
}

// chain is the block timeline: Bitcoin blocks about every 10 minutes, each starting a tenure of
// Stacks blocks. It is small (16 bytes a block), so it is kept in memory.
type chain struct {
	seed        uint64
	firstHeight int64   // Stacks height of blocks[0]
	firstBurn   int64   // Bitcoin height of burns[0]
	burns       []int64 // Bitcoin block times
	blocks      []block
}

func newChain(seed uint64, start, end time.Time) *chain {
	r := newRNG(seed, streamChain)
	c := &chain{seed: seed}
	c.firstHeight = max(1, anchorStacksHeight+int64(float64(start.Unix()-anchorUnix)/stacksBlockRate))
	c.firstBurn = max(firstBurnchain, anchorBurnHeight+(start.Unix()-anchorUnix)/int64(burnGapMean))
	t := float64(start.Unix()) + r.between(0, burnGapMean)
	stop := float64(end.Unix())
	for t < stop {
		next := t + min(burnGapMax, max(burnGapMin, burnGapMean*r.exp()))
		c.tenure(&r, t, min(next, stop))
		t = next
	}
	return c
}

// tenure adds the Bitcoin block at time t and the Stacks blocks mined until next.
func (c *chain) tenure(r *rng, t, next float64) {
	burn := int32(len(c.burns))
	c.burns = append(c.burns, int64(t))
	bt := t + min(r.between(tenureDelayMin, tenureDelayMax), (next-t)/2)
	for {
		c.blocks = append(c.blocks, block{time: int64(bt), burn: burn})
		bt += r.between(stacksGapMin, stacksGapMax)
		if bt >= next {
			return
		}
	}
}

func (c *chain) height(i int) int64          { return c.firstHeight + int64(i) }
func (c *chain) burnHeight(burn int32) int64 { return c.firstBurn + int64(burn) }

// first reports whether block i opens its tenure.
func (c *chain) first(i int) bool { return i == 0 || c.blocks[i-1].burn != c.blocks[i].burn }

// blockAfter is the first block at or after unix time t (len(blocks) when there is none).
func (c *chain) blockAfter(t int64) int {
	return sort.Search(len(c.blocks), func(i int) bool { return c.blocks[i].time >= t })
}

// blockBefore is the last block at or before unix time t, or -1.
func (c *chain) blockBefore(t int64) int { return c.blockAfter(t+1) - 1 }

func (c *chain) indexHash(i int) string {
	return hexID(hash32(c.seed, kindBlock, uint64(c.height(i))))
}

func (c *chain) burnHash(burn int32) string {
	return burnHashHex(hash32(c.seed, kindBurnBlock, uint64(c.burnHeight(burn))))
}

// blockValues are the columns every transaction of a block repeats, boxed once per block.
type blockValues struct {
	indexHash, height, time, burnHeight, burnTime driver.Value
}

func (c *chain) values(i int) blockValues {
	b := c.blocks[i]
	return blockValues{
		indexHash:  c.indexHash(i),
		height:     c.height(i),
		time:       unix(b.time),
		burnHeight: c.burnHeight(b.burn),
		burnTime:   unix(c.burns[b.burn]),
	}
}

func unix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// blocks writes raw.blocks; tx counts come from the transactions pass.
func (g *generator) blocks(yield func(...driver.Value) error) error {
	c := g.chain
	parent := hexID(hash32(c.seed, kindBlock, uint64(c.height(-1))))
	for i, b := range c.blocks {
		v := c.values(i)
		hash := v.indexHash.(string)
		err := yield(v.height, hash, parent, v.time, v.burnHeight, c.burnHash(b.burn), v.burnTime, b.txCount, g.ingestedAt)
		if err != nil {
			return err
		}
		parent = hash
	}
	return nil
}
