package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/filelock"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/coingecko"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/hiro"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/signal21"
	"github.com/wv-analytics/wv/orchestrator/internal/progress"
)

type ingestCmd struct {
	Sources              []string `arg:"" optional:"" enum:"blocks,balances,pox,prices,supply,all" default:"all" help:"What to fetch: blocks (with their transactions), balances, pox (cycles, rewards, constants), prices, supply, or all (default)."`
	MaxDays              int      `name:"max-days" default:"365" placeholder:"N" help:"How far back a first run reads (blocks, PoX, prices, the wallets whose balances are looked up)."`
	ForceRefresh         bool     `name:"force-refresh" help:"Read again what is stored (the block cursor, fetched price windows, balances younger than 6 hours, complete PoX cycles). Never deletes stored data."`
	EnsureWalletBalances bool     `name:"ensure-wallet-balances" help:"Also look up the balance of every wallet activated in the last 7 days, however fresh its last one."`
	Concurrency          int      `default:"4" placeholder:"N" help:"Requests in flight per source."`
	APIs                 apiFlags `embed:""`
}

// apiFlags say where the APIs are and how fast to call them before they say so themselves.
type apiFlags struct {
	HiroURL      string  `name:"hiro-url" env:"WV_HIRO_URL" default:"https://api.hiro.so" placeholder:"URL" help:"Hiro Stacks Blockchain API. Key: HIRO_API_KEY."`
	CoinGeckoURL string  `name:"coingecko-url" env:"WV_COINGECKO_URL" placeholder:"URL" help:"CoinGecko API root (default: the demo root, or the pro root with COIN_GECKO_PLAN=pro). Key: COIN_GECKO_KEY."`
	Signal21URL  string  `name:"signal21-url" env:"WV_SIGNAL21_URL" default:"https://api-test.signal21.io" placeholder:"URL" help:"Signal21 API (the price fallback)."`
	HiroRPM      float64 `name:"hiro-rpm" env:"WV_HIRO_RPM" placeholder:"N" help:"Hiro requests a minute until its rate-limit headers say otherwise (default: 475 with HIRO_API_KEY, else 47.5)."`
	CoinGeckoRPM float64 `name:"coingecko-rpm" env:"WV_COINGECKO_RPM" placeholder:"N" help:"CoinGecko requests a minute (default: keyless 5, demo 25, pro 400)."`
	Signal21RPM  float64 `name:"signal21-rpm" env:"WV_SIGNAL21_RPM" placeholder:"N" help:"Signal21 requests a minute (default 60)."`
}

func (c *ingestCmd) Run(ctx context.Context, a *app) error {
	if c.MaxDays < 1 {
		return fmt.Errorf("--max-days must be 1 or more, got %d", c.MaxDays)
	}
	o := ingestOptions{APIs: c.APIs, Options: ingest.Options{MaxDays: c.MaxDays, ForceRefresh: c.ForceRefresh,
		EnsureBalances: c.EnsureWalletBalances, Concurrency: c.Concurrency}}
	_, err := a.ingest(ctx, c.Sources, o)
	return err
}

// ingestOptions are what `wv ingest` (and the sync stage of `wv build`) choose.
type ingestOptions struct {
	ingest.Options
	APIs apiFlags
}

// ingestOrder is the order of `all`: blocks first (balances pick their cohort from the
// transactions, rewards their times from the blocks).
var ingestOrder = []string{"blocks", "pox", "supply", "prices", "balances"}

// ingest fetches the named sources ("all" for every one) into the warehouse, prints a line
// per source, and returns a one-line summary. Keys come from the environment and never reach
// the output; API settings left empty in o come from the environment too (WV_HIRO_URL, ...).
func (a *app) ingest(ctx context.Context, names []string, o ingestOptions) (string, error) {
	if !a.dbExists() {
		return "", fmt.Errorf("no warehouse at %s: run `wv migrate` first, or pass --db", a.dbPath())
	}
	// Ingest opens the warehouse per batch, so DuckDB's own lock would let two runs interleave.
	release, err := filelock.Acquire(a.dbPath() + ".ingest.lock")
	if errors.Is(err, filelock.ErrHeld) {
		return "", fmt.Errorf("another `wv ingest` or `wv build` is fetching into %s (%v): let it finish, or stop it, then run again", a.dbPath(), err)
	}
	if err != nil {
		return "", err
	}
	defer release()
	store := &warehouse{path: a.dbPath(), opts: a.rawOptions()}
	if err := store.checkIngestTables(ctx); err != nil {
		return "", err
	}
	keys := apiKeys{hiro: os.Getenv("HIRO_API_KEY"), coingecko: os.Getenv("COIN_GECKO_KEY"), plan: os.Getenv("COIN_GECKO_PLAN")}
	red := ingest.NewRedactor(keys.hiro, keys.coingecko)
	log := slog.New(red.Handler(a.log.Handler()))
	client := ingest.NewClient(ingest.HTTPOptions{}, ingest.SystemClock{}, log, red)
	sources, apis, err := buildSources(client, expand(names), o.APIs.withEnv(), keys)
	if err != nil {
		return "", red.Error(err)
	}
	rep := a.ingestReporter(red)
	env := &ingest.Env{Store: store, Clock: ingest.SystemClock{}, Log: log, Progress: rep, Options: o.Options}
	var failed []string
	err = ingest.Run(ctx, env, sources, func(r ingest.Result) {
		rep.clear()
		fmt.Fprintln(a.stderr, red.String(ingestLine(r)))
		if r.Err != nil {
			failed = append(failed, r.Source)
		}
	})
	var counts []string
	for _, api := range apis {
		s := api.api.Stats()
		fmt.Fprintf(a.stderr, "     %-10s %s requests, %s retried, %s rate-limited\n", api.name, thousands(s.Requests), thousands(s.Retries), thousands(s.Limited))
		counts = append(counts, api.name+" "+thousands(s.Requests))
	}
	if err != nil {
		return "", ingestError(failed, err)
	}
	return fmt.Sprintf("%s (requests: %s)", strings.Join(expand(names), ", "), strings.Join(counts, ", ")), nil
}

// withEnv fills the settings left empty from the environment (as the flags' env tags do for
// `wv ingest`, for callers such as `wv build` that have no such flags).
func (f apiFlags) withEnv() apiFlags {
	str := func(v *string, name, def string) {
		if *v == "" {
			*v = cmp.Or(os.Getenv(name), def)
		}
	}
	num := func(v *float64, name string) {
		if n, err := strconv.ParseFloat(os.Getenv(name), 64); *v == 0 && err == nil {
			*v = n
		}
	}
	str(&f.HiroURL, "WV_HIRO_URL", hiro.DefaultURL)
	str(&f.CoinGeckoURL, "WV_COINGECKO_URL", "")
	str(&f.Signal21URL, "WV_SIGNAL21_URL", signal21.DefaultURL)
	num(&f.HiroRPM, "WV_HIRO_RPM")
	num(&f.CoinGeckoRPM, "WV_COINGECKO_RPM")
	num(&f.Signal21RPM, "WV_SIGNAL21_RPM")
	return f
}

func ingestError(failed []string, err error) error {
	what, hint := "interrupted", "what was fetched is saved: run `wv ingest` again to resume"
	if len(failed) > 0 {
		what = strings.Join(failed, ", ") + " failed"
	}
	if errors.Is(err, ingest.ErrQuotaExhausted) {
		hint = "an API quota is exhausted; " + hint + " later"
	}
	return &ingestFailure{msg: fmt.Sprintf("ingest: %s; %s", what, hint), err: err}
}

// ingestFailure is a short message over the sources' errors (printed on their FAIL lines
// already), which errors.Is still sees.
type ingestFailure struct {
	msg string
	err error
}

func (e *ingestFailure) Error() string { return e.msg }
func (e *ingestFailure) Unwrap() error { return e.err }

// expand turns "all" into every source, in order, without repeats.
func expand(names []string) []string {
	if len(names) == 0 || slices.Contains(names, "all") {
		return ingestOrder
	}
	var out []string
	for _, n := range ingestOrder {
		if slices.Contains(names, n) {
			out = append(out, n)
		}
	}
	return out
}

func ingestLine(r ingest.Result) string {
	if r.Err != nil {
		return fmt.Sprintf("FAIL ingest %-9s %s\n     %v", r.Source, seconds(r.Elapsed), r.Err)
	}
	return fmt.Sprintf("OK   ingest %-9s %s  %s", r.Source, seconds(r.Elapsed), r.Summary)
}

// apiKeys are the keys from the environment.
type apiKeys struct {
	hiro, coingecko, plan string
}

// named is an API whose request counts are printed at the end.
type named struct {
	name string
	api  *ingest.API
}

// buildSources makes the clients and the named sources.
func buildSources(client *ingest.Client, names []string, f apiFlags, k apiKeys) ([]ingest.Source, []named, error) {
	if k.plan != "" && k.plan != "demo" && k.plan != "pro" {
		return nil, nil, fmt.Errorf("COIN_GECKO_PLAN=%q: want demo or pro", k.plan)
	}
	h, err := hiro.New(client, hiro.Config{BaseURL: f.HiroURL, Key: k.hiro, Rate: f.HiroRPM / 60})
	if err != nil {
		return nil, nil, err
	}
	cg, err := coingecko.New(client, coingecko.Config{BaseURL: f.CoinGeckoURL, Key: k.coingecko, Pro: k.plan == "pro", Rate: f.CoinGeckoRPM / 60})
	if err != nil {
		return nil, nil, err
	}
	s21, err := signal21.New(client, signal21.Config{BaseURL: f.Signal21URL, Rate: f.Signal21RPM / 60})
	if err != nil {
		return nil, nil, err
	}
	all := map[string]ingest.Source{
		"blocks": &hiro.Blocks{C: h}, "balances": &hiro.Balances{C: h}, "pox": &hiro.PoX{C: h}, "supply": &hiro.Supply{C: h},
		"prices": &ingest.Prices{Primary: cg, Fallback: s21, Reach: cg.Reach()},
	}
	var sources []ingest.Source
	for _, n := range names {
		sources = append(sources, all[n])
	}
	apis := []named{{"hiro", h.API()}}
	if slices.Contains(names, "prices") {
		apis = append(apis, named{"coingecko", cg.API()}, named{"signal21", s21.API()})
	}
	return sources, apis, nil
}

// ingestReporter reports progress to the ops monitor (OPS_TASK), to a bar on a terminal, and
// as structured log events (always when stderr is not a terminal; with --log-level info or
// debug on one).
func (a *app) ingestReporter(red *ingest.Redactor) *ingestProgress {
	p := &ingestProgress{Reporter: a.progress()}
	tty := isTerminal(a.stderr)
	if tty {
		p.bar = &ttyBar{w: a.stderr, now: a.now}
	}
	if !tty || a.LogLevel == "info" || a.LogLevel == "debug" {
		h := red.Handler(slog.NewTextHandler(&barSafe{p: p, w: a.stderr}, nil))
		p.log = &logReporter{log: slog.New(h), now: a.now, every: progressLogInterval}
	}
	return p
}

// progressLogInterval is the least time between two progress log events of one stage.
const progressLogInterval = 5 * time.Second

// ingestProgress fans reports out; clear wipes the bar before a line is printed.
type ingestProgress struct {
	progress.Reporter // OPS_PROGRESS lines, or nothing
	bar               *ttyBar
	log               *logReporter
}

func (p *ingestProgress) Report(stage string, current, total int64, detail string) {
	p.Reporter.Report(stage, current, total, detail)
	if p.log != nil {
		p.log.Report(stage, current, total, detail)
	}
	if p.bar != nil {
		p.bar.Report(stage, current, total, detail)
	}
}

func (p *ingestProgress) clear() {
	if p.bar != nil {
		p.bar.clear()
	}
}

// barSafe clears the bar before a log line.
type barSafe struct {
	p *ingestProgress
	w io.Writer
}

func (b *barSafe) Write(s []byte) (int, error) {
	b.p.clear()
	return b.w.Write(s)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// logReporter logs progress events: the first and last of a stage, and one per interval.
type logReporter struct {
	mu    sync.Mutex
	log   *slog.Logger
	now   func() time.Time
	every time.Duration
	stage string
	last  time.Time
}

func (l *logReporter) Report(stage string, current, total int64, detail string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, final := l.now(), total > 0 && current >= total
	if stage == l.stage && !final && t.Sub(l.last) < l.every {
		return
	}
	l.stage, l.last = stage, t
	l.log.Info("progress", "stage", stage, "current", current, "total", total, "detail", detail)
}

// ttyBar draws one line: stage, a bar, the count and what is being fetched.
type ttyBar struct {
	mu    sync.Mutex
	w     io.Writer
	now   func() time.Time
	last  time.Time
	shown bool
}

const barWidth = 24

func (b *ttyBar) Report(stage string, current, total int64, detail string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.now()
	if t.Sub(b.last) < 100*time.Millisecond && !(total > 0 && current >= total) {
		return
	}
	b.last, b.shown = t, true
	bar, count := strings.Repeat("·", barWidth), thousands(current)
	if total > 0 {
		done := int(min(current, total) * barWidth / total)
		bar = strings.Repeat("█", done) + strings.Repeat("·", barWidth-done)
		count += "/" + thousands(total)
	}
	line := fmt.Sprintf("%-15s %s %s %s", stage, bar, count, detail)
	if r := []rune(line); len(r) > 110 {
		line = string(r[:110])
	}
	fmt.Fprint(b.w, "\r\033[K"+line)
}

func (b *ttyBar) clear() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shown {
		fmt.Fprint(b.w, "\r\033[K")
		b.shown = false
	}
}
