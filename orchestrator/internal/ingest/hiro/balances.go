package hiro

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// balanceBatch is how many balances are written per batch.
const balanceBatch = 100

// Balances is the balances source: the current STX balance of every cohort wallet without a
// fresh observation (BalanceMaxAge), plus with EnsureBalances every wallet activated in the
// last RecentDays. Each lookup is a new raw.balances row (as_of = when it was fetched); a
// failed lookup is logged, never stored.
type Balances struct{ C *Client }

// Name is "balances".
func (*Balances) Name() string { return "balances" }

// Ingest looks the due wallets up, a batch at a time.
func (s *Balances) Ingest(ctx context.Context, env *ingest.Env) (string, error) {
	wallets, err := env.Store.Wallets(ctx, walletQuery(env))
	if err != nil {
		return "", fmt.Errorf("list wallets due for a balance: %w", err)
	}
	var done, failed atomic.Int64
	for i := 0; i < len(wallets); i += balanceBatch {
		chunk := wallets[i:min(i+balanceBatch, len(wallets))]
		rows, err := s.lookup(ctx, env, chunk, &done, &failed, int64(len(wallets)))
		if len(rows.Values) > 0 { // what was fetched before a quota stop is kept
			if werr := env.Store.Write(ctx, ingest.Batch{Upserts: []ingest.Rows{rows}}); werr != nil {
				return summary(done.Load(), failed.Load(), len(wallets)), fmt.Errorf("write balances: %w", werr)
			}
		}
		if err != nil {
			return summary(done.Load(), failed.Load(), len(wallets)), err
		}
	}
	return summary(done.Load(), failed.Load(), len(wallets)), nil
}

func summary(done, failed int64, due int) string {
	return fmt.Sprintf("%d balances of %d wallets due, %d lookups failed", done-failed, due, failed)
}

func walletQuery(env *ingest.Env) ingest.WalletQuery {
	now := env.Clock.Now()
	q := ingest.WalletQuery{
		ActivatedFrom: ingest.Stamp(maxTime(env.DataStart, env.Since())),
		ActivatedTo:   ingest.Stamp(now),
		StaleBefore:   ingest.Stamp(now.Add(-env.BalanceMaxAge)),
		TxTypes:       env.TxTypes,
	}
	if env.ForceRefresh {
		q.StaleBefore = ingest.Stamp(now.Add(time.Microsecond))
	}
	if env.EnsureBalances {
		q.RecentFrom = ingest.Stamp(now.Add(-time.Duration(env.RecentDays) * 24 * time.Hour))
	}
	return q
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// lookup fetches the balances of wallets concurrently. A failed lookup is logged and left
// out; only a quota or a cancelled context stops the batch.
func (s *Balances) lookup(ctx context.Context, env *ingest.Env, wallets []string, done, failed *atomic.Int64, total int64) (ingest.Rows, error) {
	rows := ingest.NewRows(ingest.TableBalances)
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, env.Concurrency))
	for _, addr := range wallets {
		g.Go(func() error {
			b, err := s.C.Balance(gctx, addr)
			at := ingest.Stamp(env.Clock.Now())
			n := done.Add(1)
			env.Progress.Report(ingest.Stage("balances"), n, total, "balance of "+addr)
			if err != nil {
				if errors.Is(err, ingest.ErrQuotaExhausted) || gctx.Err() != nil {
					return err
				}
				failed.Add(1)
				env.Log.Warn("balance lookup failed", "address", addr, "error", err)
				return nil
			}
			mu.Lock()
			rows.Add(addr, at, nil, b.Balance, b.Locked, source, at)
			mu.Unlock()
			return nil
		})
	}
	return rows, g.Wait()
}
