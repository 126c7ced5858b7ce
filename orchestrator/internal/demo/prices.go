package demo

import (
	"database/sql/driver"
	"math"
)

// Hourly prices: geometric random walks that stay in realistic bands, with the gaps real
// feeds have. Points sit a few minutes past the hour, like CoinGecko's.
const (
	priceMarginHours  = 72     // prices start this long before the chain
	stxLow, stxHigh   = 0.3, 3 // USD band of STX
	btcLow, btcHigh   = 40_000, 120_000
	stxVol            = 0.009 // hourly log-volatility
	btcVol            = 0.005
	stxBeta           = 0.6   // share of the STX shock that is the BTC shock
	reversion         = 0.002 // hourly pull towards the middle of the band (log space)
	missingHourShare  = 0.002 // single hours missing per symbol
	shortGapEvery     = 1500  // one 2-5 hour gap per symbol per this many hours (at least one)
	longGapEvery      = 3000  // one 7-36 hour outage of both symbols per this many hours (at least one)
	maxJitterSeconds  = 300   // points are 5 s to 5 min past the hour
	minJitterSeconds  = 5
	stxDecimals       = 1e6 // prices are rounded like the feed's
	btcDecimals       = 1e2
	missingSTX        = 1 << 0
	missingBTC        = 1 << 1
	missingBoth       = missingSTX | missingBTC
	shortGapMinHours  = 2
	shortGapMaxHours  = 5
	longGapMinHours   = 7
	longGapMaxHours   = 36
	priceStartSpread  = 0.5 // starting prices vary by up to this factor around the band middle
	priceStartSTXBase = 1.0
	priceStartBTCBase = 80_000
)

func (g *generator) prices(yield func(...driver.Value) error) error {
	r := newRNG(g.seed, streamPrices)
	first := g.start.Unix()/3600 - priceMarginHours
	hours := int(g.end.Unix()/3600 - first)
	missing := priceGaps(&r, hours)
	stx := math.Log(priceStartSTXBase * r.between(1-priceStartSpread/2, 1+priceStartSpread/2))
	btc := math.Log(priceStartBTCBase * r.between(1-priceStartSpread/2, 1+priceStartSpread/2))
	stxSym, btcSym := driver.Value("STX-USD"), driver.Value("BTC-USD")
	for h := range hours {
		shockBTC := r.norm()
		btc = walk(btc, btcVol*shockBTC, btcLow, btcHigh)
		stx = walk(stx, stxVol*(stxBeta*shockBTC+math.Sqrt(1-stxBeta*stxBeta)*r.norm()), stxLow, stxHigh)
		ts := unix((first+int64(h))*3600 + int64(r.between(minJitterSeconds, maxJitterSeconds)))
		if missing[h]&missingSTX == 0 {
			if err := yield(ts, stxSym, math.Round(math.Exp(stx)*stxDecimals)/stxDecimals, g.catalog.source, g.ingestedAt); err != nil {
				return err
			}
		}
		if missing[h]&missingBTC == 0 {
			if err := yield(ts, btcSym, math.Round(math.Exp(btc)*btcDecimals)/btcDecimals, g.catalog.source, g.ingestedAt); err != nil {
				return err
			}
		}
	}
	return nil
}

// walk takes one step of a log-price with a pull to the band's middle, reflected at its edges.
func walk(logP, shock, lo, hi float64) float64 {
	mid := (math.Log(lo) + math.Log(hi)) / 2
	logP += shock + reversion*(mid-logP)
	if logP > math.Log(hi) {
		logP = 2*math.Log(hi) - logP
	}
	if logP < math.Log(lo) {
		logP = 2*math.Log(lo) - logP
	}
	return logP
}

// priceGaps marks the missing (hour, symbol) points: single hours, short gaps of one symbol
// (bridged by interpolation) and long outages of both (longer than price_tolerance_hours).
func priceGaps(r *rng, hours int) []uint8 {
	missing := make([]uint8, hours)
	for h := range missing {
		if r.chance(missingHourShare) {
			missing[h] |= uint8(1 << r.intn(2))
		}
	}
	for range max(1, hours/shortGapEvery) * 2 {
		mark(missing, r, shortGapMinHours, shortGapMaxHours, uint8(1<<r.intn(2)))
	}
	for range max(1, hours/longGapEvery) {
		mark(missing, r, longGapMinHours, longGapMaxHours, missingBoth)
	}
	return missing
}

// mark clears a random run of lo..hi hours inside the series (never its first or last hour).
func mark(missing []uint8, r *rng, lo, hi int, symbols uint8) {
	length := lo + r.intn(hi-lo+1)
	if len(missing) < length+2 {
		return
	}
	from := 1 + r.intn(len(missing)-length-1)
	for h := from; h < from+length; h++ {
		missing[h] |= symbols
	}
}
