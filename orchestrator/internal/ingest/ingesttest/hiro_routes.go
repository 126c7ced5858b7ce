package ingesttest

import (
	"net/http"
	"strconv"
	"time"
)

func (h *Hiro) status(w http.ResponseWriter, _ *http.Request) {
	tip := h.chain.Tip()
	burn := h.chain.BurnOf(tip)
	body := map[string]any{"server_version": "stacks-blockchain-api v8.13.6 (master:efdc31ab)", "status": "ready"}
	if !h.opts.NoChainTip {
		body["chain_tip"] = map[string]any{
			"block_height": tip.Height + int64(h.opts.TipAhead), "block_hash": tip.Hash, "index_block_hash": tip.IndexHash,
			"microblock_hash": "0x", "microblock_sequence": 2147483647, "burn_block_height": burn.Height,
		}
	}
	writeJSON(w, http.StatusOK, body)
}

func (h *Hiro) blockJSON(b *Block) map[string]any {
	c := h.chain
	burn := c.burns[b.Burn]
	return map[string]any{
		"canonical": b.Canonical, "height": b.Height, "hash": b.Hash, "block_time": b.Time, "block_time_iso": iso(b.Time),
		"tenure_height": b.Height - 3_700_000, "index_block_hash": b.IndexHash, "parent_block_hash": "0x" + b.ParentIndexHash[4:] + "00",
		"parent_index_block_hash": b.ParentIndexHash, "burn_block_time": burn.Time, "burn_block_time_iso": iso(burn.Time),
		"burn_block_hash": burn.Hash, "burn_block_height": burn.Height, "miner_txid": hash("miner", c.opts.Seed, uint64(b.Height), 0),
		"tx_count": len(b.Txs), "execution_cost_read_count": 146, "execution_cost_read_length": 512093,
		"execution_cost_runtime": 2301877, "execution_cost_write_count": 19, "execution_cost_write_length": 4310,
	}
}

func iso(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02T15:04:05.000Z") }

func (h *Hiro) blockList(w http.ResponseWriter, r *http.Request) {
	limit, offset, ok := paging(w, r, 20, 30)
	if !ok {
		return
	}
	c := h.chain
	c.mu.RLock()
	defer c.mu.RUnlock()
	var results []map[string]any
	for i := len(c.blocks) - 1 - offset; i >= 0 && len(results) < limit; i-- {
		results = append(results, h.blockJSON(c.blocks[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"limit": limit, "offset": offset, "total": len(c.blocks), "next_cursor": nil, "results": results})
}

func (h *Hiro) block(w http.ResponseWriter, r *http.Request) {
	b, ok := h.find(r.PathValue("id"))
	if !ok {
		notFound(w, "Block not found")
		return
	}
	h.chain.mu.RLock()
	defer h.chain.mu.RUnlock()
	writeJSON(w, http.StatusOK, h.blockJSON(b))
}

func (h *Hiro) txsV2(w http.ResponseWriter, r *http.Request) {
	deprecated(w)
	if h.opts.Retired {
		gone(w)
		return
	}
	limit, offset, ok := paging(w, r, 20, 50)
	if !ok {
		return
	}
	b, found := h.find(r.PathValue("id"))
	if !found || offset >= len(b.Txs) { // the API's quirk: past tx_count is 404, not an empty page
		notFound(w, "Block not found")
		return
	}
	h.chain.mu.RLock()
	defer h.chain.mu.RUnlock()
	results := []map[string]any{}
	for i := offset; i < min(offset+limit, len(b.Txs)) && !emptyPage(r); i++ {
		results = append(results, h.txJSON(b, i))
	}
	writeJSON(w, http.StatusOK, map[string]any{"limit": limit, "offset": offset, "total": len(b.Txs), "results": results})
}

func (h *Hiro) txsV3(w http.ResponseWriter, r *http.Request) {
	limit, _, ok := paging(w, r, 20, 50)
	if !ok {
		return
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	b, found := h.find(r.PathValue("id"))
	if !found || offset >= len(b.Txs) {
		notFound(w, "Block not found")
		return
	}
	h.chain.mu.RLock()
	defer h.chain.mu.RUnlock()
	results := []map[string]any{}
	end := min(offset+limit, len(b.Txs))
	for i := offset; i < end && !emptyPage(r); i++ {
		results = append(results, h.txSummary(b, i))
	}
	var next any
	if end < len(b.Txs) {
		next = strconv.Itoa(end)
	}
	writeJSON(w, http.StatusOK, map[string]any{"limit": limit, "total": len(b.Txs),
		"cursor": map[string]any{"next": next, "previous": nil, "current": strconv.Itoa(offset)}, "results": results})
}

func (h *Hiro) txJSON(b *Block, i int) map[string]any {
	t, burn := b.Txs[i], h.chain.burns[b.Burn]
	m := map[string]any{
		"tx_id": t.ID, "nonce": t.Nonce, "fee_rate": strconv.FormatInt(t.Fee, 10), "sender_address": t.Sender,
		"sponsored": t.Sponsor != "", "post_condition_mode": "deny", "post_conditions": []any{}, "anchor_mode": "any",
		"block_hash": b.Hash, "block_height": b.Height, "block_time": b.Time, "block_time_iso": iso(b.Time),
		"burn_block_time": burn.Time, "burn_block_height": burn.Height, "burn_block_time_iso": iso(burn.Time),
		"parent_burn_block_time": burn.Time - 600, "canonical": b.Canonical, "tx_index": i, "tx_status": t.Status,
		"tx_result": map[string]any{"hex": "0x0703", "repr": "(ok true)"}, "event_count": 1, "is_unanchored": false,
		"microblock_hash": "0x", "microblock_sequence": 2147483647, "microblock_canonical": true, "vm_error": nil,
		"events": []any{}, "tx_type": t.Type,
	}
	if t.Sponsor != "" {
		m["sponsor_address"] = t.Sponsor
	}
	for k, v := range payload(t) {
		m[k] = v
	}
	return m
}

func payload(t Tx) map[string]any {
	switch t.Type {
	case "token_transfer":
		return map[string]any{"token_transfer": map[string]any{"recipient_address": t.Recipient, "amount": strconv.FormatInt(t.Amount, 10), "memo": "0x00"}}
	case "contract_call":
		return map[string]any{"contract_call": map[string]any{"contract_id": t.Contract, "function_name": t.Function, "function_signature": "", "function_args": []any{}}}
	case "smart_contract":
		return map[string]any{"smart_contract": map[string]any{"clarity_version": 2, "contract_id": t.Contract, "source_code": "(define-public (hello) (ok true))"}}
	case "coinbase":
		return map[string]any{"coinbase_payload": map[string]any{"data": "0x00", "alt_recipient": nil}}
	}
	return map[string]any{"tenure_change_payload": map[string]any{"cause": "block_found"}}
}

func (h *Hiro) txSummary(b *Block, i int) map[string]any {
	t, burn := b.Txs[i], h.chain.burns[b.Burn]
	m := map[string]any{
		"tx_id": t.ID, "type": t.Type, "status": t.Status, "fee_rate": strconv.FormatInt(t.Fee, 10),
		"sender": map[string]any{"address": t.Sender, "nonce": t.Nonce}, "sponsor": nil,
		"block":         map[string]any{"height": b.Height, "hash": b.Hash, "index_hash": b.IndexHash, "time": b.Time, "tx_index": i},
		"bitcoin_block": map[string]any{"height": burn.Height, "time": burn.Time},
	}
	if t.Sponsor != "" {
		m["sponsor"] = map[string]any{"address": t.Sponsor}
	}
	for k, v := range payload(t) {
		m[k] = v
	}
	return m
}
