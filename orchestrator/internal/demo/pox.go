package demo

import (
	"database/sql/driver"
	"math"
)

// PoX: cycles of 2100 Bitcoin blocks and the BTC miners pay to stackers in each block.
const (
	stackedStart      = 3.9e14 // uSTX stacked in the first cycle (390M STX)
	stackedStep       = 0.03   // cycle-to-cycle log-volatility of the stacked amount
	stackedLow        = 2.5e14
	stackedHigh       = 5.5e14
	ustxPerWeight     = 1.05e11 // signer weight is about one per reward-slot threshold
	signersMin        = 14
	signersMax        = 20
	commitMedian      = 600_000 // sats miners commit per Bitcoin block, lognormal
	commitSigma       = 0.5
	commitLow         = 150_000
	commitHigh        = 4_000_000
	rewardSlots       = 2     // PoX recipients per reward-phase Bitcoin block
	burnBlockShare    = 0.06  // reward-phase blocks where some commits are burned too
	orphanShare       = 0.003 // Bitcoin blocks with a forked sibling (rows with canonical false)
	recipientCount    = 30    // distinct PoX reward addresses (pools and solo stackers)
	burnFractionLow   = 0.05
	burnFractionHigh  = 0.3
	orphanTimeJitterS = 60
)

func cycleOf(burnHeight int64) int64 { return (burnHeight - firstBurnchain) / cycleLength }

func cycleStart(cycle int64) int64 { return firstBurnchain + cycle*cycleLength }

// burnTime is the time of Bitcoin block height h, extrapolated at 10 minutes a block outside
// the chain.
func (c *chain) burnTime(h int64) int64 {
	i := h - c.firstBurn
	switch {
	case i < 0:
		return c.burns[0] + i*int64(burnGapMean)
	case i >= int64(len(c.burns)):
		return c.burns[len(c.burns)-1] + (i-int64(len(c.burns))+1)*int64(burnGapMean)
	}
	return c.burns[i]
}

// poxCycles writes one row per cycle that overlaps the chain. end_time is when the next cycle
// started (its first Bitcoin block), so the cycle still running at the end has none. The first
// cycle's start_time is extrapolated when it began before the chain.
func (g *generator) poxCycles(yield func(...driver.Value) error) error {
	c := g.chain
	r := newRNG(g.seed, streamPox)
	last := c.burnHeight(int32(len(c.burns) - 1))
	stacked := math.Log(stackedStart)
	for cycle := cycleOf(c.firstBurn); cycle <= cycleOf(last); cycle++ {
		start, next := cycleStart(cycle), cycleStart(cycle+1)
		var end driver.Value
		if next <= last {
			end = unix(c.burnTime(next))
		}
		stacked = min(math.Log(stackedHigh), max(math.Log(stackedLow), stacked+stackedStep*r.norm()))
		amount := int64(math.Exp(stacked))
		weight := amount / ustxPerWeight
		signers := int32(signersMin + r.intn(signersMax-signersMin+1))
		if err := yield(cycle, start, next-1, unix(c.burnTime(start)), end, amount, weight, signers, g.ingestedAt); err != nil {
			return err
		}
	}
	return nil
}

// burnchainRewards writes two reward slots per reward-phase Bitcoin block. Prepare-phase
// blocks (the last 100 of a cycle) and the first block of a cycle pay no stackers, so, as in
// Hiro's /burnchain/rewards, they have no rows. burn_amount_sats repeats on each row of a block.
func (g *generator) burnchainRewards(yield func(...driver.Value) error) error {
	c := g.chain
	r := newRNG(g.seed, streamRewards)
	recipients := make([]driver.Value, recipientCount)
	weights := make([]float64, recipientCount)
	for i := range recipients {
		recipients[i] = btcAddress(g.seed, uint64(i))
		weights[i] = 1 / float64(i+1)
	}
	for burn := range int32(len(c.burns)) {
		h := c.burnHeight(burn)
		if pos := (h - firstBurnchain) % cycleLength; pos == 0 || pos >= cycleLength-prepareLength {
			continue
		}
		err := g.rewardRows(&r, yield, c.burnHash(burn), h, c.burns[burn], true, recipients, weights)
		if err == nil && r.chance(orphanShare) {
			orphan := burnHashHex(hash32(g.seed, kindOrphanBurnBlock, uint64(h)))
			t := c.burns[burn] + int64(r.between(-orphanTimeJitterS, orphanTimeJitterS))
			err = g.rewardRows(&r, yield, orphan, h, t, false, recipients, weights)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) rewardRows(r *rng, yield func(...driver.Value) error, hash string, height, t int64, canonical bool, recipients []driver.Value, weights []float64) error {
	commit := min(commitHigh, max(commitLow, r.lognormal(commitMedian, commitSigma)))
	burned := 0.0
	if r.chance(burnBlockShare) {
		burned = math.Round(commit * r.between(burnFractionLow, burnFractionHigh))
	}
	reward := int64((commit - burned) / rewardSlots)
	for slot := range int32(rewardSlots) {
		recipient := recipients[r.pick(weights)]
		if err := yield(hash, height, unix(t), slot, recipient, reward, int64(burned), canonical, g.ingestedAt); err != nil {
			return err
		}
	}
	return nil
}
