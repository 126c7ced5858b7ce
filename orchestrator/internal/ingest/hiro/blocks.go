package hiro

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// Reorg limits.
const (
	maxReorgDepth = 1000 // blocks searched back for a fork point
	maxRewinds    = 20   // forks followed in one run before giving up
	blockTries    = 3    // reads of a block that changes while it is read
)

// Blocks is the blocks source: canonical Stacks blocks by height from the last stored one,
// each block then its transactions, checked against its parent's hash. A mismatch rewinds to
// the fork point, drops the orphaned rows and reads the new fork. Blocks at least
// Confirmations Bitcoin blocks deep are final and move the cursor; the tail above is written
// too, and read again next run.
type Blocks struct{ C *Client }

// Name is "blocks".
func (*Blocks) Name() string { return "blocks" }

// walk is one run of the blocks source.
type walk struct {
	c      *Client
	env    *ingest.Env
	tip    Tip
	cursor ingest.Cursor // the last final block stored
	prev   ingest.Cursor // the last block stored: the next block's parent
	start  int64
	read   atomic.Int64
	blocks int64 // written this run
	txs    int64
	forks  int
}

// Ingest walks from the cursor (or --max-days back) to the tip.
func (s *Blocks) Ingest(ctx context.Context, env *ingest.Env) (string, error) {
	tip, err := s.C.Tip(ctx)
	if err != nil {
		return "", err
	}
	w := &walk{c: s.C, env: env, tip: tip}
	if err := w.begin(ctx); err != nil {
		return "", err
	}
	err = w.run(ctx)
	summary := fmt.Sprintf("%d blocks, %d transactions; tip %d, final up to %d", w.blocks, w.txs, w.prev.Height, w.cursor.Height)
	if w.forks > 0 {
		summary += fmt.Sprintf("; %d reorgs followed", w.forks)
	}
	return summary, err
}

// begin finds the first height to read: after the cursor, or --max-days back.
func (w *walk) begin(ctx context.Context) error {
	cur, ok, err := ingest.ReadCursor(ctx, w.env.Store, "blocks")
	if err != nil {
		return err
	}
	w.cursor = cur
	if ok && !w.env.ForceRefresh {
		w.start, w.prev = cur.Height+1, cur
		return nil
	}
	if w.start, err = w.heightAt(ctx, w.env.Since().Unix()); err != nil {
		return err
	}
	stored, err := w.stored(ctx, w.start-1, w.start-1)
	if err != nil || len(stored) == 0 {
		w.prev = ingest.Cursor{Height: w.start - 1}
		return err
	}
	w.prev = stored[0]
	return nil
}

// heightAt is the first height whose block time is at or after t (tip+1 when none is).
// Stacks blocks are at least a second apart, which bounds the search.
func (w *walk) heightAt(ctx context.Context, t int64) (int64, error) {
	lo, hi := max(1, w.tip.Height-(w.env.Clock.Now().Unix()-t)), w.tip.Height+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		b, err := w.c.Block(ctx, mid)
		switch {
		case errors.Is(err, ingest.ErrNotFound) || (err == nil && b.BlockTime < t):
			lo = mid + 1
		case err != nil:
			return 0, fmt.Errorf("find the block %d days back: %w", w.env.MaxDays, err)
		default:
			hi = mid
		}
	}
	return lo, nil
}

// run reads batches up to the tip, following forks.
func (w *walk) run(ctx context.Context) error {
	if w.start > w.tip.Height {
		return nil
	}
	for h := w.start; h <= w.tip.Height; {
		got, ended, err := w.fetch(ctx, h, min(h+int64(max(1, w.env.BlockBatch))-1, w.tip.Height))
		if err != nil {
			return err
		}
		if len(got) > 0 && w.prev.Hash != "" && got[0].ParentIndexBlockHash != w.prev.Hash {
			if err := w.rewind(ctx, got[0]); err != nil {
				return err
			}
			h = w.prev.Height + 1
			continue
		}
		if got = chained(got); len(got) > 0 {
			if err := w.write(ctx, got); err != nil {
				return err
			}
			h = w.prev.Height + 1
		}
		if ended {
			break
		}
	}
	return w.trim(ctx)
}

// chained is the prefix of got in which each block's parent is the block before it: a reorg
// while the batch was read shows up as a break, found again by the next batch's check.
func chained(got []blockData) []blockData {
	for i := 1; i < len(got); i++ {
		if got[i].ParentIndexBlockHash != got[i-1].IndexBlockHash {
			return got[:i]
		}
	}
	return got
}

// fetch reads heights from..to concurrently. ended is true when a block was not found: the
// chain ends below the tip read at the start, and got stops there.
func (w *walk) fetch(ctx context.Context, from, to int64) (got []blockData, ended bool, err error) {
	out := make([]*blockData, to-from+1)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, w.env.Concurrency))
	for i := range out {
		g.Go(func() error {
			b, err := w.readBlock(gctx, from+int64(i))
			if errors.Is(err, ingest.ErrNotFound) {
				return nil
			}
			out[i] = b
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, false, err
	}
	for _, b := range out {
		if b == nil {
			return got, true, nil
		}
		got = append(got, *b)
	}
	return got, false, nil
}

// readBlock reads a block and its transactions, again if the block changed in between.
func (w *walk) readBlock(ctx context.Context, h int64) (*blockData, error) {
	for try := 1; ; try++ {
		b, err := w.c.Block(ctx, h)
		if err != nil {
			return nil, err
		}
		txs, err := w.c.BlockTxs(ctx, b)
		if err == nil {
			err = consistent(b, txs)
		}
		if err == nil {
			total := w.tip.Height - w.start + 1
			w.env.Progress.Report(ingest.Stage("blocks"), min(w.read.Add(1), total), total, fmt.Sprintf("block %d (%d txs)", h, len(txs)))
			return &blockData{Block: b, txs: txs}, nil
		}
		changed := errors.Is(err, ingest.ErrNotFound) || errors.Is(err, errInconsistent)
		if !changed {
			return nil, err
		}
		if try == blockTries {
			return nil, fmt.Errorf("block %d changed %d times while it was read: %v", h, try, err)
		}
	}
}

// write stores a batch of blocks with their transactions, and the cursor when some are final.
func (w *walk) write(ctx context.Context, got []blockData) error {
	now := ingest.Stamp(w.env.Clock.Now())
	from, to := got[0].Height, got[len(got)-1].Height
	blocks, txs := ingest.NewRows(ingest.TableBlocks), ingest.NewRows(ingest.TableTransactions)
	for _, b := range got {
		blocks.Add(blockRow(b.Block, now)...)
		for _, t := range b.txs {
			row, err := txRow(b.Block, t, now)
			if err != nil {
				return err
			}
			txs.Add(row...)
		}
	}
	batch := ingest.Batch{
		Deletes: []ingest.Delete{
			{Table: ingest.TableBlocks, Where: []ingest.Cond{ingest.Ge("height", from), ingest.Le("height", to)}},
			{Table: ingest.TableTransactions, Where: []ingest.Cond{ingest.Ge("block_height", from), ingest.Le("block_height", to)}},
		},
		Upserts: []ingest.Rows{blocks, txs},
	}
	cursor := w.cursor
	for _, b := range got {
		if b.BurnBlockHeight <= w.tip.BurnHeight-int64(w.env.Confirmations) {
			cursor = ingest.Cursor{Height: b.Height, Hash: b.IndexBlockHash}
		}
	}
	if cursor != w.cursor {
		batch.Upserts = append(batch.Upserts, ingest.CursorRows("blocks", cursor, now))
	}
	if err := w.env.Store.Write(ctx, batch); err != nil {
		return fmt.Errorf("write blocks %d-%d: %w", from, to, err)
	}
	w.cursor, w.prev = cursor, ingest.Cursor{Height: to, Hash: got[len(got)-1].IndexBlockHash}
	w.blocks += int64(len(got))
	w.txs += int64(len(txs.Values))
	w.env.Log.Debug("blocks written", "from", from, "to", to, "txs", len(txs.Values), "final", cursor.Height)
	return nil
}

// trim drops stored blocks above the last one read: a fork that ended lower than the one
// stored before leaves them orphaned.
func (w *walk) trim(ctx context.Context) error {
	h := w.prev.Height
	err := w.env.Store.Write(ctx, ingest.Batch{Deletes: []ingest.Delete{
		{Table: ingest.TableBlocks, Where: []ingest.Cond{ingest.Gt("height", h)}},
		{Table: ingest.TableTransactions, Where: []ingest.Cond{ingest.Gt("block_height", h)}},
	}})
	if err != nil {
		return fmt.Errorf("drop blocks above %d: %w", h, err)
	}
	return nil
}

// stored reads the stored blocks in [lo, hi], highest first.
func (w *walk) stored(ctx context.Context, lo, hi int64) ([]ingest.Cursor, error) {
	rows, err := w.env.Store.Select(ctx, ingest.Query{
		Table: ingest.TableBlocks, Columns: []string{"height", "index_block_hash"},
		Where:   []ingest.Cond{ingest.Ge("height", lo), ingest.Le("height", hi)},
		OrderBy: []string{"height"}, Desc: true,
	})
	if err != nil {
		return nil, fmt.Errorf("read stored blocks %d-%d: %w", lo, hi, err)
	}
	out := make([]ingest.Cursor, len(rows))
	for i, r := range rows {
		out[i].Height, _ = ingest.AsInt(r[0])
		out[i].Hash, _ = r[1].(string)
	}
	return out, nil
}
