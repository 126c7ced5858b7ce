package ingesttest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// HiroOptions are the fake Hiro's knobs.
type HiroOptions struct {
	Faults
	TipAhead   int    // F9: /extended reports this many blocks past the last; they are 404
	NoChainTip bool   // F17: /extended omits chain_tip
	Retired    bool   // F14: the deprecated v2 transaction and balance routes answer 410 Gone
	ReorgAfter int    // F13: after this many requests, the last ReorgDepth blocks switch forks
	ReorgDepth int    // [3]
	ReorgExtra int    // the new fork is this many blocks longer (negative: shorter)
	Key        string // if set, requests without x-api-key: Key answer 401
	// BadAddresses answer 400 to a balance lookup (a malformed principal, as the API sees it).
	BadAddresses []string
}

// Hiro is a fake Hiro Stacks Blockchain API serving a Chain.
type Hiro struct {
	*httptest.Server
	chain   *Chain
	opts    HiroOptions
	faults  *faulter
	reorged atomic.Bool
	keys    atomic.Int64 // requests that carried the key
}

// NewHiro starts a fake Hiro; it stops when the test ends.
func NewHiro(tb testing.TB, c *Chain, o HiroOptions) *Hiro {
	if o.ReorgDepth == 0 {
		o.ReorgDepth = 3
	}
	h := &Hiro{chain: c, opts: o, faults: &faulter{f: o.Faults}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /extended", h.status)
	mux.HandleFunc("GET /extended/v2/blocks", h.blockList)
	mux.HandleFunc("GET /extended/v2/blocks/{id}", h.block)
	mux.HandleFunc("GET /extended/v2/blocks/{id}/transactions", h.txsV2)
	mux.HandleFunc("GET /extended/v3/blocks/{id}/transactions", h.txsV3)
	mux.HandleFunc("GET /extended/v2/burn-blocks", h.burnBlockList)
	mux.HandleFunc("GET /extended/v2/burn-blocks/{h}", h.burnBlock)
	mux.HandleFunc("GET /v2/pox", h.pox)
	mux.HandleFunc("GET /extended/v2/pox/cycles", h.cycles)
	mux.HandleFunc("GET /extended/v1/burnchain/rewards", h.rewards)
	mux.HandleFunc("GET /extended/v1/stx_supply", h.supply)
	mux.HandleFunc("GET /extended/v2/addresses/{p}/balances/stx", h.balanceV2)
	mux.HandleFunc("GET /extended/v3/principals/{p}/balances/stx", h.balanceV3)
	h.Server = httptest.NewServer(h.auth(h.faults.wrap(h.reorg(mux))))
	tb.Cleanup(h.Close)
	return h
}

// Requests counts the requests served, faults included.
func (h *Hiro) Requests() int64 { return h.faults.n.Load() }

// Limited counts the 429 answers.
func (h *Hiro) Limited() int64 { return h.faults.limited.Load() }

// KeyedRequests counts the requests that carried the key.
func (h *Hiro) KeyedRequests() int64 { return h.keys.Load() }

func (h *Hiro) auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.opts.Key == "" {
			next.ServeHTTP(w, r)
			return
		}
		if r.Header.Get("X-Api-Key") != h.opts.Key {
			// a careless gateway echoes what it got: the client must redact it
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": "Unauthorized", "message": "invalid api key " + r.Header.Get("X-Api-Key")})
			return
		}
		h.keys.Add(1)
		next.ServeHTTP(w, r)
	})
}

func (h *Hiro) reorg(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.opts.ReorgAfter > 0 && h.faults.n.Load() >= int64(h.opts.ReorgAfter) && h.reorged.CompareAndSwap(false, true) {
			h.chain.Reorg(h.opts.ReorgDepth, h.opts.ReorgExtra)
		}
		next.ServeHTTP(w, r)
	})
}

func notFound(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusNotFound, map[string]any{"statusCode": 404, "error": "Not Found", "message": msg})
}

func badRequest(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"statusCode": 400, "code": "FST_ERR_VALIDATION", "error": "Bad Request", "message": msg})
}

func gone(w http.ResponseWriter) {
	writeJSON(w, http.StatusGone, map[string]any{"error": "Gone", "message": "This endpoint has been disabled. Use the v3 endpoints."})
}

func deprecated(w http.ResponseWriter) {
	w.Header().Set("Warning", `299 - "Deprecated: See https://docs.hiro.so for the v3 replacement"`)
}

// paging reads limit (default def, 400 above max) and offset.
func paging(w http.ResponseWriter, r *http.Request, def, maxLimit int) (limit, offset int, ok bool) {
	limit, offset = def, 0
	if v := r.URL.Query().Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if v := r.URL.Query().Get("offset"); v != "" {
		offset, _ = strconv.Atoi(v)
	}
	if limit > maxLimit || limit < 1 || offset < 0 {
		badRequest(w, "querystring/limit must be <= "+strconv.Itoa(maxLimit))
		return 0, 0, false
	}
	return limit, offset, true
}

func jsonEncoder(w io.Writer) *json.Encoder { return json.NewEncoder(w) }

// find resolves a block id: a height (canonical) or an index/block hash (canonical only).
func (h *Hiro) find(id string) (*Block, bool) {
	c := h.chain
	c.mu.RLock()
	defer c.mu.RUnlock()
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		i := n - firstHeight
		if i < 0 || i >= int64(len(c.blocks)) {
			return nil, false
		}
		return c.blocks[i], true
	}
	if b, ok := c.byHash[strings.ToLower(id)]; ok && b.Canonical {
		return b, true
	}
	for _, b := range c.blocks {
		if b.Hash == id {
			return b, true
		}
	}
	return nil, false
}
