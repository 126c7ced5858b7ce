package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HTTPOptions tune the client; zero values take the defaults in brackets.
type HTTPOptions struct {
	Timeout       time.Duration // one attempt, headers and body [60 s]
	Attempts      int           // tries per request, the first included [8]
	Backoff       time.Duration // the first retry's maximum wait; doubles per retry [1 s]
	MaxBackoff    time.Duration // cap of the exponential wait [60 s]
	MaxRetryAfter time.Duration // a longer Retry-After stops with ErrQuotaExhausted [15 min]
	Transport     http.RoundTripper
	// Jitter returns a random duration in [0, d]; tests may pin it. [uniform]
	Jitter func(d time.Duration) time.Duration
}

func (o HTTPOptions) withDefaults() HTTPOptions {
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Timeout, 60*time.Second)
	def(&o.Backoff, time.Second)
	def(&o.MaxBackoff, 60*time.Second)
	def(&o.MaxRetryAfter, 15*time.Minute)
	if o.Attempts <= 0 {
		o.Attempts = 8
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration { return time.Duration(rand.Int64N(int64(d) + 1)) }
	}
	return o
}

// maxBody bounds a response body.
const maxBody = 64 << 20

// Client is the one HTTP client of every API. It is safe for concurrent use.
type Client struct {
	hc     *http.Client
	opts   HTTPOptions
	clock  Clock
	log    *slog.Logger
	redact *Redactor

	mu     sync.Mutex
	hosts  map[string]*limiter
	warned map[string]bool
}

// NewClient returns a client. Secrets known to redact never appear in its errors or logs.
func NewClient(opts HTTPOptions, clock Clock, log *slog.Logger, redact *Redactor) *Client {
	opts = opts.withDefaults()
	transport := opts.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	return &Client{
		hc:    &http.Client{Timeout: opts.Timeout, Transport: transport},
		opts:  opts,
		clock: clock, log: log, redact: redact,
		hosts: map[string]*limiter{}, warned: map[string]bool{},
	}
}

// APIConfig describes one API.
type APIConfig struct {
	Name    string      // for messages: hiro, coingecko, signal21
	BaseURL string      // scheme, host and path prefix
	Header  http.Header // sent with every request (API keys)
	Rate    float64     // requests per second until the host advertises its limit; 0: unlimited
	Pace    float64     // share of an advertised limit to use [0.95]
	// Hint says how to fix a non-retryable answer (status, body), naming the key or flag.
	Hint func(status int, body []byte) string
}

// API sends requests to one API through the client.
type API struct {
	c        *Client
	cfg      APIConfig
	base     *url.URL
	lim      *limiter
	requests atomic.Int64
	retries  atomic.Int64
	limited  atomic.Int64
}

// API returns a handle on cfg's API. APIs on the same host share its rate limiter.
func (c *Client) API(cfg APIConfig) (*API, error) {
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("%s: base URL %q: want http(s)://host[/path]", cfg.Name, cfg.BaseURL)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	lim := c.hosts[base.Host]
	if lim == nil {
		lim = newLimiter(cfg.Rate, cfg.Pace)
		c.hosts[base.Host] = lim
	}
	return &API{c: c, cfg: cfg, base: base, lim: lim}, nil
}

// Stats counts an API's requests.
type Stats struct {
	Requests int64 // attempts sent
	Retries  int64 // attempts that failed and were tried again
	Limited  int64 // 429 answers
}

// Stats returns the counts so far.
func (a *API) Stats() Stats {
	return Stats{Requests: a.requests.Load(), Retries: a.retries.Load(), Limited: a.limited.Load()}
}

// Rate is the current pace in requests per second (+Inf: unlimited).
func (a *API) Rate() float64 { return a.lim.rate() }

// Get fetches path (below the base URL) with query and decodes the JSON answer into into.
// check, if set, validates the decoded value; a failed check is retried like a truncated
// body. Errors: *StatusError (matching ErrNotFound, ErrGone), ErrQuotaExhausted, ErrGaveUp
// wrapping the last failure, or the context's error.
func (a *API) Get(ctx context.Context, path string, query url.Values, into any, check func() error) error {
	u := a.url(path, query)
	for attempt := 1; ; attempt++ {
		if err := a.lim.wait(ctx, a.c.clock); err != nil {
			return err
		}
		err := a.try(ctx, u, into, check)
		var tr *transient
		if !errors.As(err, &tr) {
			return err
		}
		if attempt >= a.c.opts.Attempts {
			err = fmt.Errorf("%s: GET %s: %w after %d attempts: %w", a.cfg.Name, a.show(u), ErrGaveUp, attempt, tr.err)
			return a.c.redact.Error(err)
		}
		wait, err := a.backoff(tr.wait, attempt)
		if err != nil {
			return err
		}
		a.retries.Add(1)
		a.c.log.Info("http retry", "api", a.cfg.Name, "url", a.show(u), "attempt", attempt, "error", a.c.redact.String(tr.err.Error()), "wait", wait.Round(time.Millisecond).String())
		if err := a.c.clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// backoff is how long to wait before attempt+1: what the server asked (capped), else full
// jitter over an exponential ceiling.
func (a *API) backoff(w waitHint, attempt int) (time.Duration, error) {
	o := a.c.opts
	if w.ok {
		d := time.Duration(w.d * float64(time.Second))
		if d > o.MaxRetryAfter {
			err := fmt.Errorf("%s: %w: the API asks to wait %s (more than %s); what was fetched is saved, run again later%s",
				a.cfg.Name, ErrQuotaExhausted, d.Round(time.Second), o.MaxRetryAfter, a.hint(http.StatusTooManyRequests, nil))
			a.lim.exhaust(err)
			return 0, err
		}
		if w.limited {
			d += o.Jitter(time.Second)
			a.lim.pause(a.c.clock.Now().Add(d))
		}
		return d, nil
	}
	ceiling := o.MaxBackoff
	if shift := attempt - 1; shift < 30 && o.Backoff<<shift < ceiling {
		ceiling = o.Backoff << shift
	}
	return o.Jitter(ceiling), nil
}

func (a *API) hint(status int, body []byte) string {
	if a.cfg.Hint == nil {
		return ""
	}
	if h := a.cfg.Hint(status, body); h != "" {
		return ": " + h
	}
	return ""
}

func (a *API) url(path string, query url.Values) string {
	u := *a.base
	u.Path = a.base.Path + path
	u.RawQuery = query.Encode()
	return u.String()
}

// show is a URL for messages: path and query, redacted.
func (a *API) show(u string) string {
	return a.c.redact.String(strings.TrimPrefix(u, a.base.Scheme+"://"+a.base.Host))
}

// try makes one attempt. A *transient error is worth retrying; any other is final.
func (a *API) try(ctx context.Context, u string, into any, check func() error) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", a.cfg.Name, err)
	}
	for k, v := range a.cfg.Header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "wv-ingest/1")
	a.requests.Add(1)
	resp, err := a.c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &transient{err: errors.New(a.c.redact.String(err.Error()))}
	}
	defer resp.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	now := a.c.clock.Now()
	a.lim.observe(resp.Header, now)
	a.warnDeprecated(resp.Header, req.URL.Path)
	if err := a.status(resp, body, now); err != nil {
		return err
	}
	if readErr != nil {
		return &transient{err: fmt.Errorf("truncated body: %w", readErr)}
	}
	if err := decode(resp.Header, body, into); err != nil {
		return &transient{err: err}
	}
	if check != nil {
		if err := check(); err != nil {
			return &transient{err: fmt.Errorf("bad page: %w", err)}
		}
	}
	a.lim.success(now)
	if monthSpent(resp.Header) {
		a.lim.exhaust(fmt.Errorf("%s: %w: the monthly quota is used up; what was fetched is saved, run again next month%s",
			a.cfg.Name, ErrQuotaExhausted, a.hint(http.StatusTooManyRequests, nil)))
	}
	return nil
}

// status sorts a non-2xx answer: transient (429, 408, 5xx) or final.
func (a *API) status(resp *http.Response, body []byte, now time.Time) error {
	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusTooManyRequests:
		a.limited.Add(1)
		a.lim.slowDown(now)
		if monthSpent(resp.Header) {
			err := fmt.Errorf("%s: %w: the monthly quota is used up; what was fetched is saved, run again next month%s",
				a.cfg.Name, ErrQuotaExhausted, a.hint(code, body))
			a.lim.exhaust(err)
			return err
		}
		return &transient{err: errors.New("429 Too Many Requests"), wait: limitWait(resp.Header, now)}
	case code == http.StatusRequestTimeout || (code >= 500 && code != http.StatusNotImplemented):
		w := waitHint{}
		if d, ok := retryAfter(resp.Header, now); ok {
			w = waitHint{d: d.Seconds(), ok: true}
		}
		return &transient{err: fmt.Errorf("%d %s", code, http.StatusText(code)), wait: w}
	}
	return a.c.redact.Error(&StatusError{API: a.cfg.Name, Status: code, URL: a.show(resp.Request.URL.String()),
		Body: snippet(body), Hint: strings.TrimPrefix(a.hint(code, body), ": ")})
}

// limitWait is how long a 429 asks to wait: Retry-After, else until the rate-limit window
// resets (ratelimit-reset, else the next minute).
func limitWait(h http.Header, now time.Time) waitHint {
	if d, ok := retryAfter(h, now); ok {
		return waitHint{d: d.Seconds(), ok: true, limited: true}
	}
	return waitHint{d: max(0, resetAt(h, now).Sub(now)).Seconds(), ok: true, limited: true}
}

// decode parses a JSON body into a zeroed into; an HTML page (a CDN's error page) or a cut
// body is an error.
func decode(h http.Header, body []byte, into any) error {
	if mt, _, err := mime.ParseMediaType(h.Get("Content-Type")); err == nil && strings.HasSuffix(mt, "html") {
		return fmt.Errorf("not JSON: Content-Type %s", mt)
	}
	if into == nil {
		return nil
	}
	reflect.ValueOf(into).Elem().SetZero()
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("bad JSON: %w", err)
	}
	return nil
}

func snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// warnDeprecated logs a route's deprecation warning once.
func (a *API) warnDeprecated(h http.Header, path string) {
	w := h.Get("Warning")
	if !strings.HasPrefix(w, "299") {
		return
	}
	a.c.mu.Lock()
	seen := a.c.warned[a.cfg.Name+w]
	a.c.warned[a.cfg.Name+w] = true
	a.c.mu.Unlock()
	if !seen {
		a.c.log.Warn("deprecated API route", "api", a.cfg.Name, "path", path, "warning", w)
	}
}
