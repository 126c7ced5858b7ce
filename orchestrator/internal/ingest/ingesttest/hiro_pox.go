package ingesttest

import (
	"net/http"
	"slices"
	"strconv"
)

func (h *Hiro) burnJSON(b Burn) map[string]any {
	return map[string]any{"burn_block_time": b.Time, "burn_block_time_iso": iso(b.Time), "burn_block_hash": b.Hash,
		"burn_block_height": b.Height, "stacks_blocks": []string{}, "avg_block_time": 7, "total_tx_count": 0}
}

// anchored are the Bitcoin blocks a Stacks block anchors to (the API knows only those).
func (h *Hiro) anchored() []Burn {
	var out []Burn
	for _, b := range h.chain.Burns() {
		if !b.Empty {
			out = append(out, b)
		}
	}
	return out
}

func (h *Hiro) burnBlockList(w http.ResponseWriter, r *http.Request) {
	limit, offset, ok := paging(w, r, 20, 30)
	if !ok {
		return
	}
	burns := h.anchored()
	results := []map[string]any{}
	for i := len(burns) - 1 - offset; i >= 0 && len(results) < limit && !emptyPage(r); i-- {
		results = append(results, h.burnJSON(burns[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"limit": limit, "offset": offset, "total": len(burns), "results": results})
}

func (h *Hiro) burnBlock(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.ParseInt(r.PathValue("h"), 10, 64)
	for _, b := range h.anchored() {
		if b.Height == n {
			writeJSON(w, http.StatusOK, h.burnJSON(b))
			return
		}
	}
	notFound(w, "Burn block not found")
}

func (h *Hiro) tipBurn() int64 {
	burns := h.chain.Burns()
	return burns[len(burns)-1].Height
}

func (h *Hiro) pox(w http.ResponseWriter, _ *http.Request) {
	tip := h.tipBurn()
	cycle := (tip - FirstBurnchain) / CycleLength
	writeJSON(w, http.StatusOK, map[string]any{
		"contract_id": "SP000000000000000000002Q6VF78.pox-4", "pox_activation_threshold_ustx": 76570105900000,
		"first_burnchain_block_height": FirstBurnchain, "current_burnchain_block_height": tip, "current_epoch": "Epoch32",
		"prepare_phase_block_length": PrepareLength, "reward_phase_block_length": CycleLength - PrepareLength,
		"reward_slots": 4000, "rejection_fraction": nil, "total_liquid_supply_ustx": 1531402118000000,
		"current_cycle":   map[string]any{"id": cycle, "min_threshold_ustx": 110000000000, "stacked_ustx": 392718553120004, "is_pox_active": true},
		"min_amount_ustx": 110000000000, "prepare_cycle_length": PrepareLength, "reward_cycle_id": cycle,
		"reward_cycle_length": CycleLength, "next_reward_cycle_in": FirstBurnchain + (cycle+1)*CycleLength - tip,
	})
}

// cycleList is every cycle the fake knows, newest first: those overlapping the chain, one
// before, and the next one (its reward set is known during the prepare phase).
func (h *Hiro) cycleList() []map[string]any {
	burns := h.chain.Burns()
	lo := (burns[0].Height-FirstBurnchain)/CycleLength - 1
	hi := (burns[len(burns)-1].Height-FirstBurnchain)/CycleLength + 1
	var out []map[string]any
	for n := hi; n >= lo; n-- {
		stacked := 380_000_000_000_000 + n*1_234_567_891
		out = append(out, map[string]any{"block_height": 3_800_000 + n*100, "index_block_hash": hash("cycle", h.chain.opts.Seed, uint64(n), 0),
			"cycle_number": n, "total_weight": stacked / 105_000_000_000, "total_stacked_amount": strconv.FormatInt(stacked, 10), "total_signers": 17})
	}
	return out
}

func (h *Hiro) cycles(w http.ResponseWriter, r *http.Request) {
	limit, offset, ok := paging(w, r, 20, 60)
	if !ok {
		return
	}
	all := h.cycleList()
	results := []map[string]any{}
	for i := offset; i < min(offset+limit, len(all)) && !emptyPage(r); i++ {
		results = append(results, all[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"limit": limit, "offset": offset, "total": len(all), "results": results})
}

// RewardRows are the PoX payouts, newest first: two per reward-phase Bitcoin block (none in
// the prepare phase or at a cycle's first block), with a burn in every eleventh block.
func (c *Chain) RewardRows() []map[string]any {
	var out []map[string]any
	burns := c.Burns()
	for i := len(burns) - 1; i >= 0; i-- {
		b := burns[i]
		pos := (b.Height - FirstBurnchain) % CycleLength
		if pos == 0 || pos >= CycleLength-PrepareLength {
			continue
		}
		burned := int64(0)
		if b.Height%11 == 0 {
			burned = 40_000 + b.Height%1000
		}
		for idx := 1; idx >= 0; idx-- {
			out = append(out, map[string]any{"canonical": true, "burn_block_hash": b.Hash, "burn_block_height": b.Height,
				"burn_amount": strconv.FormatInt(burned, 10), "reward_recipient": "bc1q" + b.Hash[len(b.Hash)-38+idx:],
				"reward_amount": strconv.FormatInt(250_000+b.Height%5000*int64(idx+1), 10), "reward_index": idx})
		}
	}
	return out
}

func (h *Hiro) rewards(w http.ResponseWriter, r *http.Request) {
	limit, offset, ok := paging(w, r, 96, 250)
	if !ok {
		return
	}
	all := h.chain.RewardRows()
	results := []map[string]any{}
	for i := offset; i < min(offset+limit, len(all)) && !emptyPage(r); i++ {
		results = append(results, all[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"limit": limit, "offset": offset, "results": results})
}

func (h *Hiro) supply(w http.ResponseWriter, _ *http.Request) {
	total, unlocked := h.chain.Supply()
	writeJSON(w, http.StatusOK, map[string]any{"unlocked_percent": "84.23", "total_stx": strconv.FormatFloat(total, 'f', 6, 64),
		"unlocked_stx": strconv.FormatFloat(unlocked, 'f', 6, 64), "block_height": h.chain.Tip().Height})
}

func (h *Hiro) badAddress(w http.ResponseWriter, r *http.Request) bool {
	if slices.Contains(h.opts.BadAddresses, r.PathValue("p")) {
		badRequest(w, "invalid STX address "+r.PathValue("p"))
		return true
	}
	return false
}

func (h *Hiro) balanceV2(w http.ResponseWriter, r *http.Request) {
	deprecated(w)
	if h.opts.Retired {
		gone(w)
		return
	}
	if h.badAddress(w, r) {
		return
	}
	bal, locked := h.chain.Balance(r.PathValue("p"))
	writeJSON(w, http.StatusOK, map[string]any{"balance": strconv.FormatInt(bal, 10), "total_miner_rewards_received": "0",
		"lock_tx_id": "", "locked": strconv.FormatInt(locked, 10), "lock_height": 0, "burnchain_lock_height": 0, "burnchain_unlock_height": 0})
}

func (h *Hiro) balanceV3(w http.ResponseWriter, r *http.Request) {
	if h.badAddress(w, r) {
		return
	}
	bal, locked := h.chain.Balance(r.PathValue("p"))
	var lock any
	if locked > 0 {
		lock = map[string]any{"amount": strconv.FormatInt(locked, 10), "pox_version": 4, "lock_tx_id": "0x00"}
	}
	writeJSON(w, http.StatusOK, map[string]any{"balance": strconv.FormatInt(bal, 10), "available": strconv.FormatInt(bal-locked, 10), "locked": lock, "mempool": nil})
}
