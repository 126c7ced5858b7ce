package hiro

import (
	"context"
	"errors"
	"fmt"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// rewind handles a block whose parent is not the stored block below it: it walks down the
// stored blocks until the API's block at a height has the stored hash (the common ancestor),
// then, in one batch, drops every stored row above it, lowers the cursor if it was above, and
// records the fork. The walk continues from the ancestor.
func (w *walk) rewind(ctx context.Context, first blockData) error {
	if w.forks++; w.forks > maxRewinds {
		return fmt.Errorf("the chain changed %d times during this run; try again later", maxRewinds)
	}
	below := first.Height - 1
	stored, err := w.stored(ctx, below-maxReorgDepth, below)
	if err != nil {
		return err
	}
	common, fork, err := w.ancestor(ctx, below, stored)
	if err != nil {
		return err
	}
	if fork.old == "" {
		fork.new = first.ParentIndexBlockHash
	}
	return w.drop(ctx, common, below, fork)
}

// forkHashes are the stored and the new hash at the fork height.
type forkHashes struct{ old, new string }

// ancestor finds the highest stored block the API still has.
func (w *walk) ancestor(ctx context.Context, below int64, stored []ingest.Cursor) (ingest.Cursor, forkHashes, error) {
	var fork forkHashes
	for _, s := range stored {
		b, err := w.c.Block(ctx, s.Height)
		if errors.Is(err, ingest.ErrNotFound) {
			fork = forkHashes{old: s.Hash} // the new chain is shorter
			continue
		}
		if err != nil {
			return ingest.Cursor{}, fork, err
		}
		if b.IndexBlockHash == s.Hash {
			return s, fork, nil
		}
		fork = forkHashes{old: s.Hash, new: b.IndexBlockHash}
	}
	switch {
	case len(stored) == 0: // nothing stored to compare with: take the API's chain as it is
		return ingest.Cursor{Height: below}, fork, nil
	case len(stored) > maxReorgDepth:
		return ingest.Cursor{}, fork, fmt.Errorf("reorg deeper than %d blocks below %d: run `wv ingest blocks --force-refresh`", maxReorgDepth, below)
	}
	// every stored block is orphaned: read again from the lowest
	return ingest.Cursor{Height: stored[len(stored)-1].Height - 1}, fork, nil
}

// drop removes the stored rows above common and records the fork, in one batch.
func (w *walk) drop(ctx context.Context, common ingest.Cursor, below int64, fork forkHashes) error {
	now := ingest.Stamp(w.env.Clock.Now())
	forks := ingest.NewRows(ingest.TableForks)
	forks.Add(now, "blocks", common.Height+1, below, fork.old, fork.new)
	batch := ingest.Batch{
		Deletes: []ingest.Delete{
			{Table: ingest.TableBlocks, Where: []ingest.Cond{ingest.Gt("height", common.Height)}},
			{Table: ingest.TableTransactions, Where: []ingest.Cond{ingest.Gt("block_height", common.Height)}},
		},
		Upserts: []ingest.Rows{forks},
	}
	cursor := w.cursor
	if cursor.Height > common.Height {
		w.env.Log.Warn("reorg below the finality depth", "fork_height", common.Height+1, "final_height", cursor.Height)
		cursor = common
		batch.Upserts = append(batch.Upserts, ingest.CursorRows("blocks", cursor, now))
	}
	if err := w.env.Store.Write(ctx, batch); err != nil {
		return fmt.Errorf("drop orphaned blocks above %d: %w", common.Height, err)
	}
	w.env.Log.Info("reorg", "fork_height", common.Height+1, "old_tip", below, "old_hash", fork.old, "new_hash", fork.new)
	w.cursor, w.prev = cursor, common
	return nil
}
