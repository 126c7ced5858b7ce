package demo

import (
	"database/sql/driver"
	"math"
)

// STX supply: 1,000 STX of coinbase per tenure, about 144 tenures a day, from the liquid supply
// /v2/pox reported at the anchor.
const (
	anchorSupplySTX = 1_531_402_118.0 // total_liquid_supply_ustx / 1e6 at anchorUnix
	dailyIssuance   = 144_000.0       // STX a day
	issuanceNoise   = 0.05            // day-to-day variation of issuance (Bitcoin block luck)
	lockedSTX       = 2_500_000.0     // STX not yet unlocked (vesting), shrinking over time
	lockedDecay     = 0.002           // share of lockedSTX released per day
)

// stxSupply writes one row per UTC day at midnight, from the chain's first day to the end.
func (g *generator) stxSupply(yield func(...driver.Value) error) error {
	r := newRNG(g.seed, streamSupply)
	day := g.start.Unix() / 86400
	if day*86400 < g.start.Unix() {
		day++
	}
	total := anchorSupplySTX + dailyIssuance*float64(day-anchorUnix/86400)
	locked := lockedSTX
	for ; day*86400 < g.end.Unix(); day++ {
		total += math.Round(dailyIssuance * (1 + issuanceNoise*r.norm()))
		locked *= 1 - lockedDecay
		if err := yield(unix(day*86400), total, math.Round(total-locked)); err != nil {
			return err
		}
	}
	return nil
}
