package cli

import (
	"context"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// syncOptions are the build flags that shape the sync stage.
type syncOptions struct {
	maxDays        int
	forceRefresh   bool
	ensureBalances bool
}

// syncForBuild ingests the tail of every source for wv build. Balances are looked up only with
// --ensure-wallet-balances: a year of cohort wallets can mean millions of lookups, which the
// update-balances ops task does on its own schedule.
func (a *app) syncForBuild(ctx context.Context, opts syncOptions) (string, error) {
	names := []string{"blocks", "pox", "supply", "prices"}
	if opts.ensureBalances {
		names = append(names, "balances")
	}
	o := ingestOptions{Options: ingest.Options{
		MaxDays: opts.maxDays, ForceRefresh: opts.forceRefresh, EnsureBalances: opts.ensureBalances,
	}}
	return a.ingest(ctx, names, o)
}
