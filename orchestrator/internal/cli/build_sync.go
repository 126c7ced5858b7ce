package cli

import (
	"context"
	"errors"
)

// syncOptions are the build flags that shape the sync stage.
type syncOptions struct {
	maxDays        int
	forceRefresh   bool
	ensureBalances bool
}

// syncForBuild ingests the tail of every source for wv build.
// TODO(wv): call the ingestion runner once it lands (issue 5).
func (a *app) syncForBuild(ctx context.Context, opts syncOptions) (string, error) {
	return "", errors.New("live sync is not available in this build yet: pass --demo, or --wallet-db-snapshot to build from the stored data")
}
