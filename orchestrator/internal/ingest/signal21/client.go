// Package signal21 reads price history from Signal21: the fallback price source of
// `wv ingest prices`, asked only for the spans the primary could not serve.
package signal21

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// DefaultURL is the host the tool we replace used (no key needed).
const DefaultURL = "https://api-test.signal21.io"

// Config says where the API is.
type Config struct {
	BaseURL string  // "" is DefaultURL
	Rate    float64 // requests per second; 0: one; < 0: unlimited
}

// Client calls the API.
type Client struct {
	api *ingest.API
}

// New returns a client sending through c.
func New(c *ingest.Client, cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultURL
	}
	if cfg.Rate == 0 {
		cfg.Rate = 1
	}
	api, err := c.API(ingest.APIConfig{Name: "signal21", BaseURL: cfg.BaseURL, Rate: max(0, cfg.Rate), Hint: hint})
	if err != nil {
		return nil, fmt.Errorf("WV_SIGNAL21_URL: %w", err)
	}
	return &Client{api: api}, nil
}

// Name is raw.prices.source of its points.
func (*Client) Name() string { return "signal21" }

// API is the client's API handle (for its request counts).
func (c *Client) API() *ingest.API { return c.api }

func hint(status int, _ []byte) string {
	if status == http.StatusBadRequest || status == http.StatusNotFound {
		return "check WV_SIGNAL21_URL"
	}
	return ""
}

// Prices reads symbol's prices for the UTC days from from's to to's, inclusive.
func (c *Client) Prices(ctx context.Context, symbol string, from, to time.Time) ([]ingest.PricePoint, error) {
	q := url.Values{"symbol": {symbol}, "from": {from.UTC().Format(time.DateOnly)}, "to": {to.UTC().Format(time.DateOnly)}}
	var records []map[string]json.RawMessage
	var out []ingest.PricePoint
	err := c.api.Get(ctx, "/v1/price", q, &records, func() error {
		var err error
		out, err = points(records)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s prices %s..%s: %w", symbol, q.Get("from"), q.Get("to"), err)
	}
	return out, nil
}

// points reads records of a timestamp (ts: ISO text, or unix seconds or milliseconds) and a
// price (price, px, or the record's other number).
func points(records []map[string]json.RawMessage) ([]ingest.PricePoint, error) {
	out := make([]ingest.PricePoint, 0, len(records))
	for i, r := range records {
		ts, err := timestamp(r["ts"])
		if err != nil {
			return nil, fmt.Errorf("record %d: ts: %w", i, err)
		}
		price, ok := price(r)
		if !ok {
			return nil, fmt.Errorf("record %d: no price", i)
		}
		out = append(out, ingest.PricePoint{TS: ts, Price: price})
	}
	return out, nil
}

func timestamp(raw json.RawMessage) (time.Time, error) {
	var n float64
	if err := json.Unmarshal(raw, &n); err == nil {
		if n > 1e11 {
			return time.UnixMilli(int64(n)).UTC(), nil
		}
		return time.Unix(int64(n), 0).UTC(), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return time.Time{}, fmt.Errorf("%s: want text or a number", raw)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: not a time", s)
}

func price(r map[string]json.RawMessage) (float64, bool) {
	for _, k := range []string{"price", "px"} {
		if v, ok := number(r[k]); ok {
			return v, true
		}
	}
	for k, raw := range r {
		if k != "ts" {
			if v, ok := number(raw); ok {
				return v, true
			}
		}
	}
	return 0, false
}

func number(raw json.RawMessage) (float64, bool) {
	if raw == nil {
		return 0, false
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err == nil {
		return v, true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	return 0, false
}
