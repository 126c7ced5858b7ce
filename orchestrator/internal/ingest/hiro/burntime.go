package hiro

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// maxBurnGap is how many Bitcoin blocks up burnTime looks for one with a Stacks block.
const maxBurnGap = 20

// burnTime is the time of Bitcoin block h: from the stored Stacks blocks when they cover h,
// else the API. A Bitcoin block no Stacks block anchors to is unknown to both; the next one
// up stands in (the time by which h was certainly mined). nil when none is found.
func (s *PoX) burnTime(ctx context.Context, env *ingest.Env, h int64) (any, error) {
	rows, err := env.Store.Select(ctx, ingest.Query{Table: ingest.TableBlocks, Distinct: true,
		Columns: []string{"burn_block_height", "burn_block_time"}, OrderBy: []string{"burn_block_height"}, Limit: 2,
		Where: []ingest.Cond{ingest.Ge("burn_block_height", h-1), ingest.Lt("burn_block_height", h+maxBurnGap)}})
	if err != nil {
		return nil, fmt.Errorf("read stored burn block %d: %w", h, err)
	}
	if first, ok := firstStored(rows, h); ok { // the stored blocks reach below h: they are complete there
		return first, nil
	}
	for b := h; b < h+maxBurnGap; b++ {
		bb, err := s.C.BurnBlock(ctx, b)
		if errors.Is(err, ingest.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return ingest.Unix(bb.BurnBlockTime), nil
	}
	return nil, nil
}

// firstStored is the time of the first stored burn height at or above h, when the stored
// rows start at or below h.
func firstStored(rows [][]any, h int64) (any, bool) {
	if len(rows) == 0 {
		return nil, false
	}
	if low, _ := ingest.AsInt(rows[0][0]); low > h {
		return nil, false
	}
	for _, r := range rows {
		if n, _ := ingest.AsInt(r[0]); n >= h {
			return r[1], true
		}
	}
	return nil, false
}

// burnTimes maps the Bitcoin heights in [lo, hi] to their times: from the stored Stacks
// blocks, then from the API's burn-block list (newest first) for what is missing.
func (s *PoX) burnTimes(ctx context.Context, env *ingest.Env, need []int64, lo, hi int64) (map[int64]any, error) {
	times, err := storedBurnTimes(ctx, env, lo, hi)
	if err != nil {
		return nil, err
	}
	lowest := int64(-1)
	for _, h := range need {
		if _, ok := times[h]; !ok && (lowest < 0 || h < lowest) {
			lowest = h
		}
	}
	for offset := 0; lowest >= 0; {
		page, err := s.C.BurnBlocks(ctx, offset)
		if err != nil {
			return nil, err
		}
		for _, b := range page {
			times[b.BurnBlockHeight] = ingest.Unix(b.BurnBlockTime)
		}
		offset += len(page)
		if len(page) == 0 || page[len(page)-1].BurnBlockHeight <= lowest {
			break
		}
	}
	fillUp(times, need)
	return times, nil
}

func storedBurnTimes(ctx context.Context, env *ingest.Env, lo, hi int64) (map[int64]any, error) {
	rows, err := env.Store.Select(ctx, ingest.Query{Table: ingest.TableBlocks, Distinct: true,
		Columns: []string{"burn_block_height", "burn_block_time"},
		Where:   []ingest.Cond{ingest.Ge("burn_block_height", lo), ingest.Le("burn_block_height", hi)}})
	if err != nil {
		return nil, fmt.Errorf("read stored burn block times: %w", err)
	}
	times := make(map[int64]any, len(rows))
	for _, r := range rows {
		if h, ok := ingest.AsInt(r[0]); ok && r[1] != nil {
			times[h] = r[1]
		}
	}
	return times, nil
}

// fillUp gives each needed height without a time the time of the next known height above it.
func fillUp(times map[int64]any, need []int64) {
	known := make([]int64, 0, len(times))
	for h := range times {
		known = append(known, h)
	}
	slices.Sort(known)
	for _, h := range need {
		if _, ok := times[h]; ok {
			continue
		}
		if i, _ := slices.BinarySearch(known, h); i < len(known) {
			times[h] = times[known[i]]
		}
	}
}
