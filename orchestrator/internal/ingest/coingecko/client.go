// Package coingecko reads price history from CoinGecko's market_chart/range: the primary
// price source of `wv ingest prices`.
package coingecko

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// Roots of the two plans; a key only works on its own (mixing them is a 401).
const (
	DemoURL = "https://api.coingecko.com/api/v3"
	ProURL  = "https://pro-api.coingecko.com/api/v3"
)

// history is how far back demo and keyless plans serve (older is a 401, error 10012).
const history = 365 * 24 * time.Hour

// Config says which plan and key to use.
type Config struct {
	BaseURL string  // "" is DemoURL, or ProURL with Pro
	Key     string  // COIN_GECKO_KEY; "" is keyless
	Pro     bool    // the key is a pro key (also implied by a pro-api host)
	Rate    float64 // requests per second; 0: keyless 5, demo 25, pro 400 a minute; < 0: unlimited
}

// Client calls the API.
type Client struct {
	api *ingest.API
	pro bool
}

// New returns a client sending through c.
func New(c *ingest.Client, cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DemoURL
		if cfg.Pro {
			cfg.BaseURL = ProURL
		}
	}
	if u, err := url.Parse(cfg.BaseURL); err == nil && strings.HasPrefix(u.Host, "pro-api.") {
		cfg.Pro = true
	}
	header := http.Header{}
	if cfg.Key != "" {
		name := "x-cg-demo-api-key"
		if cfg.Pro {
			name = "x-cg-pro-api-key"
		}
		header.Set(name, cfg.Key)
	}
	if cfg.Rate == 0 {
		cfg.Rate = rate(cfg)
	}
	api, err := c.API(ingest.APIConfig{Name: "coingecko", BaseURL: cfg.BaseURL, Header: header, Rate: max(0, cfg.Rate), Hint: hint(cfg.Key != "")})
	if err != nil {
		return nil, fmt.Errorf("WV_COINGECKO_URL: %w", err)
	}
	return &Client{api: api, pro: cfg.Pro}, nil
}

func rate(cfg Config) float64 {
	switch {
	case cfg.Pro:
		return 400.0 / 60
	case cfg.Key != "":
		return 25.0 / 60
	}
	return 5.0 / 60
}

// Name is raw.prices.source of its points.
func (*Client) Name() string { return "coingecko" }

// API is the client's API handle (for its request counts).
func (c *Client) API() *ingest.API { return c.api }

// Reach is how far back the plan serves history (0: no limit).
func (c *Client) Reach() time.Duration {
	if c.pro {
		return 0
	}
	return history
}

// coins maps a symbol to a coin id and a quote currency.
var coins = map[string][2]string{
	"STX-USD": {"blockstack", "usd"},
	"BTC-USD": {"bitcoin", "usd"},
	"STX-BTC": {"blockstack", "btc"},
}

type chart struct {
	Prices [][]float64 `json:"prices"`
}

// Prices reads symbol's prices in [from, to]: hourly for windows of 2 to 90 days.
func (c *Client) Prices(ctx context.Context, symbol string, from, to time.Time) ([]ingest.PricePoint, error) {
	coin, ok := coins[symbol]
	if !ok {
		return nil, fmt.Errorf("coingecko: no coin for symbol %s", symbol)
	}
	q := url.Values{"vs_currency": {coin[1]}, "from": {strconv.FormatInt(from.Unix(), 10)}, "to": {strconv.FormatInt(to.Unix(), 10)}}
	var ch chart
	err := c.api.Get(ctx, "/coins/"+coin[0]+"/market_chart/range", q, &ch, func() error {
		for _, p := range ch.Prices {
			if len(p) != 2 {
				return fmt.Errorf("a price point with %d values", len(p))
			}
		}
		return nil
	})
	var se *ingest.StatusError
	if errors.As(err, &se) && errorCode(se.Body) == 10012 {
		return nil, fmt.Errorf("%s %s: %w: %w", symbol, from.Format(time.DateOnly), ingest.ErrNoData, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s prices: %w", symbol, err)
	}
	out := make([]ingest.PricePoint, len(ch.Prices))
	for i, p := range ch.Prices {
		out[i] = ingest.PricePoint{TS: time.UnixMilli(int64(p[0])).UTC(), Price: p[1]}
	}
	return out, nil
}

var codeRE = regexp.MustCompile(`"error_code"\s*:\s*(\d+)`)

// errorCode reads CoinGecko's error_code from an error body (0: none).
func errorCode(body string) int {
	m := codeRE.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// hint names what to fix for a final HTTP error.
func hint(hasKey bool) func(int, []byte) string {
	return func(status int, body []byte) string {
		switch errorCode(string(body)) {
		case 10010:
			return "COIN_GECKO_KEY is a pro key: set COIN_GECKO_PLAN=pro"
		case 10011:
			return "COIN_GECKO_KEY is a demo key: set COIN_GECKO_PLAN=demo and leave WV_COINGECKO_URL unset"
		case 10002:
			return "the API wants a key: set COIN_GECKO_KEY"
		case 10005:
			return "the plan of COIN_GECKO_KEY does not include this endpoint"
		case 10012:
			return "history older than 365 days needs a pro key (COIN_GECKO_KEY with COIN_GECKO_PLAN=pro)"
		}
		switch status {
		case http.StatusUnauthorized, http.StatusForbidden:
			if hasKey {
				return "COIN_GECKO_KEY was rejected: check it and COIN_GECKO_PLAN"
			}
			return "the API refused a keyless request: set COIN_GECKO_KEY"
		case http.StatusTooManyRequests:
			return "the CoinGecko quota is spent: set COIN_GECKO_KEY for a larger one"
		case http.StatusNotFound:
			return "unknown coin: check WV_COINGECKO_URL"
		}
		return ""
	}
}
