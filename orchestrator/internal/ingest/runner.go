package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Source fetches one kind of data into the store, batch by batch, and says what it did.
type Source interface {
	Name() string // blocks, balances, pox, prices, supply
	Ingest(ctx context.Context, env *Env) (summary string, err error)
}

// Env is what a source works with.
type Env struct {
	Store    Store
	Clock    Clock
	Log      *slog.Logger
	Progress Reporter
	Options
}

// Options are the user's choices (flags of `wv ingest`); zero values take the defaults.
type Options struct {
	MaxDays        int           // first run: read this many days back [365]
	ForceRefresh   bool          // bypass what is stored (cursors, fetched spans, fresh balances) and read again; never deletes
	EnsureBalances bool          // also look up wallets activated in the last RecentDays, however fresh their balance
	Concurrency    int           // requests in flight per source [4]
	BlockBatch     int           // Stacks blocks per write [50]
	Confirmations  int           // Bitcoin blocks before a Stacks block is final [6]
	BalanceMaxAge  time.Duration // a balance older than this is looked up again [6 h]
	RecentDays     int           // --ensure-wallet-balances reach [7]
	DataStart      time.Time     // no cohort wallets before this [2024-12-23]
	TxTypes        []string      // tx types that make a wallet [token_transfer contract_call smart_contract]
}

// WithDefaults fills the zero options.
func (o Options) WithDefaults() Options {
	if o.MaxDays <= 0 {
		o.MaxDays = 365
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.BlockBatch <= 0 {
		o.BlockBatch = 50
	}
	if o.Confirmations <= 0 {
		o.Confirmations = 6
	}
	if o.BalanceMaxAge <= 0 {
		o.BalanceMaxAge = 6 * time.Hour
	}
	if o.RecentDays <= 0 {
		o.RecentDays = 7
	}
	if o.DataStart.IsZero() {
		o.DataStart = time.Date(2024, 12, 23, 0, 0, 0, 0, time.UTC)
	}
	if len(o.TxTypes) == 0 {
		o.TxTypes = []string{"token_transfer", "contract_call", "smart_contract"}
	}
	return o
}

// Since is the start of the --max-days window.
func (e *Env) Since() time.Time {
	return e.Clock.Now().Add(-time.Duration(e.MaxDays) * 24 * time.Hour)
}

// Stage is a source's progress stage name.
func Stage(source string) string { return "ingest:" + source }

// Result is how one source went.
type Result struct {
	Source  string
	Summary string
	Err     error
	Elapsed time.Duration
}

// Run runs the sources in order, each to its end: a failing source does not stop the ones
// after it (a quota exhausted on one API leaves the others to run). done, if set, hears each
// result. The error joins the sources' errors.
func Run(ctx context.Context, env *Env, sources []Source, done func(Result)) error {
	env.Options = env.Options.WithDefaults()
	if env.Progress == nil {
		env.Progress = nopReporter{}
	}
	var errs []error
	for _, s := range sources {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		start := time.Now()
		summary, err := s.Ingest(ctx, env)
		if err != nil {
			err = fmt.Errorf("ingest %s: %w", s.Name(), err)
			errs = append(errs, err)
		}
		if done != nil {
			done(Result{Source: s.Name(), Summary: summary, Err: err, Elapsed: time.Since(start)})
		}
	}
	return errors.Join(errs...)
}
