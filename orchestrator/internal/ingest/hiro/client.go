// Package hiro reads the Hiro Stacks Blockchain API: blocks and their transactions by height,
// balances, PoX cycles and rewards, the PoX constants and the STX supply. It provides the
// blocks, balances, pox and supply sources of `wv ingest`.
package hiro

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// DefaultURL is the public API.
const DefaultURL = "https://api.hiro.so"

// Page size caps (a larger limit is a 400).
const (
	txLimit        = 50
	burnBlockLimit = 30
	rewardLimit    = 250
	cycleLimit     = 60
)

// Config says where the API is and how to authenticate.
type Config struct {
	BaseURL string  // "" is DefaultURL
	Key     string  // HIRO_API_KEY, sent as x-api-key; "" uses the keyless quota
	Rate    float64 // requests per second until the API advertises its limit; 0: 95 % of the documented quota; < 0: unlimited
}

// Client calls the API. Retired (410) v2 routes switch it to their v3 successors.
type Client struct {
	api        *ingest.API
	v3Txs      atomic.Bool
	v3Balances atomic.Bool
}

// New returns a client sending through c.
func New(c *ingest.Client, cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultURL
	}
	header := http.Header{}
	if cfg.Key != "" {
		header.Set("x-api-key", cfg.Key)
	}
	if cfg.Rate == 0 {
		cfg.Rate = 0.95 * 50 / 60 // keyless: 50 a minute
		if cfg.Key != "" {
			cfg.Rate = 0.95 * 500 / 60 // with a key: 500 a minute
		}
	}
	api, err := c.API(ingest.APIConfig{Name: "hiro", BaseURL: cfg.BaseURL, Header: header, Rate: max(0, cfg.Rate), Hint: hint(cfg.Key != "")})
	if err != nil {
		return nil, fmt.Errorf("WV_HIRO_URL: %w", err)
	}
	return &Client{api: api}, nil
}

// API is the client's API handle (for its request counts).
func (c *Client) API() *ingest.API { return c.api }

// hint names what to fix for a final HTTP error.
func hint(hasKey bool) func(int, []byte) string {
	return func(status int, _ []byte) string {
		switch status {
		case http.StatusUnauthorized, http.StatusForbidden:
			if hasKey {
				return "HIRO_API_KEY was rejected: check it, or unset it to use the keyless quota"
			}
			return "the API wants a key: set HIRO_API_KEY"
		case http.StatusTooManyRequests:
			if hasKey {
				return "the quota of HIRO_API_KEY is spent"
			}
			return "set HIRO_API_KEY for 500 requests a minute instead of 50"
		case http.StatusBadRequest:
			return "the API rejected the request: check that WV_HIRO_URL is a Stacks Blockchain API"
		case http.StatusGone:
			return "the route was retired: upgrade wv"
		}
		return ""
	}
}

// Tip is the chain tip: the newest Stacks block and its Bitcoin block.
type Tip struct {
	Height     int64
	BurnHeight int64
}

// Tip reads the chain tip from /extended, or the newest block when that omits it.
func (c *Client) Tip(ctx context.Context) (Tip, error) {
	var s status
	if err := c.api.Get(ctx, "/extended", nil, &s, nil); err != nil {
		return Tip{}, fmt.Errorf("chain tip: %w", err)
	}
	if s.ChainTip != nil && s.ChainTip.BlockHeight > 0 {
		return Tip{Height: s.ChainTip.BlockHeight, BurnHeight: s.ChainTip.BurnBlockHeight}, nil
	}
	var l blockList
	err := c.api.Get(ctx, "/extended/v2/blocks", url.Values{"limit": {"1"}}, &l, func() error {
		if len(l.Results) == 0 {
			return errors.New("no blocks")
		}
		return nil
	})
	if err != nil {
		return Tip{}, fmt.Errorf("chain tip: %w", err)
	}
	return Tip{Height: l.Results[0].Height, BurnHeight: l.Results[0].BurnBlockHeight}, nil
}

// Block reads the canonical block at height (ingest.ErrNotFound past the tip).
func (c *Client) Block(ctx context.Context, height int64) (Block, error) {
	var b Block
	err := c.api.Get(ctx, "/extended/v2/blocks/"+strconv.FormatInt(height, 10), nil, &b, func() error {
		if b.Height != height || b.IndexBlockHash == "" {
			return fmt.Errorf("asked for block %d, got %d %q", height, b.Height, b.IndexBlockHash)
		}
		return nil
	})
	if err != nil {
		return Block{}, fmt.Errorf("block %d: %w", height, err)
	}
	return b, nil
}

// BlockTxs reads every transaction of b, by its index hash so that a block replaced by a
// reorg in the meantime answers 404 rather than another fork's transactions. It never pages
// past tx_count (the API answers 404 there, not an empty page).
func (c *Client) BlockTxs(ctx context.Context, b Block) ([]Tx, error) {
	if b.TxCount == 0 {
		return nil, nil
	}
	if !c.v3Txs.Load() {
		txs, err := c.blockTxsV2(ctx, b)
		if !errors.Is(err, ingest.ErrGone) {
			return txs, err
		}
		c.v3Txs.Store(true)
	}
	return c.blockTxsV3(ctx, b)
}

func (c *Client) blockTxsV2(ctx context.Context, b Block) ([]Tx, error) {
	out := make([]Tx, 0, b.TxCount)
	for offset := 0; offset < b.TxCount; offset += txLimit {
		want := min(txLimit, b.TxCount-offset)
		var p txPage
		q := url.Values{"limit": {strconv.Itoa(txLimit)}, "offset": {strconv.Itoa(offset)}}
		err := c.api.Get(ctx, "/extended/v2/blocks/"+b.IndexBlockHash+"/transactions", q, &p, func() error {
			if len(p.Results) != want {
				return fmt.Errorf("%d transactions at offset %d, want %d", len(p.Results), offset, want)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("transactions of block %d: %w", b.Height, err)
		}
		out = append(out, p.Results...)
	}
	return out, nil
}

func (c *Client) blockTxsV3(ctx context.Context, b Block) ([]Tx, error) {
	out := make([]Tx, 0, b.TxCount)
	cursor := ""
	for len(out) < b.TxCount {
		q := url.Values{"limit": {strconv.Itoa(txLimit)}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var p txPageV3
		err := c.api.Get(ctx, "/extended/v3/blocks/"+b.IndexBlockHash+"/transactions", q, &p, func() error {
			if len(p.Results) == 0 {
				return fmt.Errorf("empty page after %d of %d transactions", len(out), b.TxCount)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("transactions of block %d: %w", b.Height, err)
		}
		for _, s := range p.Results {
			out = append(out, s.tx())
		}
		if p.Cursor.Next == nil || *p.Cursor.Next == "" {
			break
		}
		cursor = *p.Cursor.Next
	}
	return out, nil
}

// BurnBlock reads one Bitcoin block (ingest.ErrNotFound when no Stacks block anchors to it).
func (c *Client) BurnBlock(ctx context.Context, height int64) (burnBlock, error) {
	var b burnBlock
	err := c.api.Get(ctx, "/extended/v2/burn-blocks/"+strconv.FormatInt(height, 10), nil, &b, nil)
	if err != nil {
		return b, fmt.Errorf("burn block %d: %w", height, err)
	}
	return b, nil
}

// BurnBlocks reads a page of Bitcoin blocks, newest first.
func (c *Client) BurnBlocks(ctx context.Context, offset int) ([]burnBlock, error) {
	var l burnBlockList
	q := url.Values{"limit": {strconv.Itoa(burnBlockLimit)}, "offset": {strconv.Itoa(offset)}}
	err := c.api.Get(ctx, "/extended/v2/burn-blocks", q, &l, func() error {
		if len(l.Results) == 0 && int64(offset) < l.Total {
			return fmt.Errorf("empty page at offset %d of %d", offset, l.Total)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("burn blocks at offset %d: %w", offset, err)
	}
	return l.Results, nil
}

// Pox reads the PoX constants and the current cycle.
func (c *Client) Pox(ctx context.Context) (PoxInfo, error) {
	var p PoxInfo
	err := c.api.Get(ctx, "/v2/pox", nil, &p, func() error {
		if p.RewardCycleLength <= 0 {
			return errors.New("reward_cycle_length missing")
		}
		return nil
	})
	if err != nil {
		return p, fmt.Errorf("pox constants: %w", err)
	}
	return p, nil
}

// Cycles reads every PoX cycle the API knows, newest first.
func (c *Client) Cycles(ctx context.Context) ([]Cycle, error) {
	var out []Cycle
	for offset := 0; ; {
		var p cyclePage
		q := url.Values{"limit": {strconv.Itoa(cycleLimit)}, "offset": {strconv.Itoa(offset)}}
		err := c.api.Get(ctx, "/extended/v2/pox/cycles", q, &p, func() error {
			if len(p.Results) == 0 && offset < p.Total {
				return fmt.Errorf("empty page at offset %d of %d", offset, p.Total)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("pox cycles: %w", err)
		}
		out = append(out, p.Results...)
		offset += len(p.Results)
		if len(p.Results) == 0 || offset >= p.Total {
			return out, nil
		}
	}
}

// Rewards reads a page of PoX payouts, newest first. full says the previous page was full,
// so an empty page is an edge glitch to retry rather than the end.
func (c *Client) Rewards(ctx context.Context, offset int, full bool) ([]Reward, error) {
	var p rewardPage
	q := url.Values{"limit": {strconv.Itoa(rewardLimit)}, "offset": {strconv.Itoa(offset)}}
	err := c.api.Get(ctx, "/extended/v1/burnchain/rewards", q, &p, func() error {
		if len(p.Results) == 0 && full {
			return fmt.Errorf("empty page at offset %d after a full one", offset)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("burnchain rewards at offset %d: %w", offset, err)
	}
	return p.Results, nil
}

// Supply reads the STX supply.
func (c *Client) Supply(ctx context.Context) (SupplyInfo, error) {
	var s SupplyInfo
	err := c.api.Get(ctx, "/extended/v1/stx_supply", nil, &s, func() error {
		if s.TotalSTX == "" {
			return errors.New("total_stx missing")
		}
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("stx supply: %w", err)
	}
	return s, nil
}

// Balance reads principal's current STX balance (v2, or v3 once v2 is retired).
func (c *Client) Balance(ctx context.Context, principal string) (Balance, error) {
	if !c.v3Balances.Load() {
		b, err := c.balanceV2(ctx, principal)
		if !errors.Is(err, ingest.ErrGone) {
			return b, err
		}
		c.v3Balances.Store(true)
	}
	return c.balanceV3(ctx, principal)
}

func (c *Client) balanceV2(ctx context.Context, principal string) (Balance, error) {
	var v balanceV2
	if err := c.api.Get(ctx, "/extended/v2/addresses/"+url.PathEscape(principal)+"/balances/stx", nil, &v, nil); err != nil {
		return Balance{}, fmt.Errorf("balance of %s: %w", principal, err)
	}
	return parseBalance(principal, v.Balance, v.Locked)
}

func (c *Client) balanceV3(ctx context.Context, principal string) (Balance, error) {
	var v balanceV3
	if err := c.api.Get(ctx, "/extended/v3/principals/"+url.PathEscape(principal)+"/balances/stx", nil, &v, nil); err != nil {
		return Balance{}, fmt.Errorf("balance of %s: %w", principal, err)
	}
	locked := "0"
	if v.Locked != nil {
		locked = v.Locked.Amount
	}
	return parseBalance(principal, v.Balance, locked)
}

func parseBalance(principal, balance, locked string) (Balance, error) {
	b, err := amount(balance)
	if err != nil {
		return Balance{}, fmt.Errorf("balance of %s: %w", principal, err)
	}
	l, err := amount(locked)
	if err != nil {
		return Balance{}, fmt.Errorf("locked of %s: %w", principal, err)
	}
	return Balance{Balance: b, Locked: l}, nil
}

// amount parses a Hiro amount: a string of digits ("" is 0).
func amount(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("amount %q: want a string of digits", s)
	}
	return v, nil
}
