package hiro

import (
	"context"
	"fmt"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// rewards pages the payouts from the tip down to the stop height, then replaces every stored
// row at or above it in one batch (the list has no height filter and shifts while new Bitcoin
// blocks arrive, so rows are deduplicated by key, and rows a Bitcoin reorg dropped vanish).
func (s *PoX) rewards(ctx context.Context, env *ingest.Env, p PoxInfo) (int, int64, error) {
	stop := windowBurn(env, p)
	if cur, ok, err := ingest.ReadCursor(ctx, env.Store, "rewards"); err != nil {
		return 0, 0, err
	} else if ok && !env.ForceRefresh {
		stop = max(stop, cur.Height-int64(env.Confirmations))
	}
	got, err := s.rewardPages(ctx, env, stop, p.CurrentBurnchainBlockHeight)
	if err != nil {
		return 0, stop, err
	}
	need := make([]int64, 0, len(got))
	for _, r := range got {
		need = append(need, r.BurnBlockHeight)
	}
	times, err := s.burnTimes(ctx, env, need, stop, p.CurrentBurnchainBlockHeight)
	if err != nil {
		return 0, stop, err
	}
	now := ingest.Stamp(env.Clock.Now())
	rows := ingest.NewRows(ingest.TableRewards)
	for _, r := range got {
		reward, err1 := amount(r.RewardAmount)
		burn, err2 := amount(r.BurnAmount)
		if err1 != nil || err2 != nil {
			return 0, stop, fmt.Errorf("reward %s/%d: amounts %q, %q: want strings of digits", r.BurnBlockHash, r.RewardIndex, r.RewardAmount, r.BurnAmount)
		}
		rows.Add(r.BurnBlockHash, r.BurnBlockHeight, times[r.BurnBlockHeight], int32(r.RewardIndex), r.RewardRecipient, reward, burn, r.Canonical, now)
	}
	batch := ingest.Batch{
		Deletes: []ingest.Delete{{Table: ingest.TableRewards, Where: []ingest.Cond{ingest.Ge("burn_block_height", stop)}}},
		Upserts: []ingest.Rows{rows, ingest.CursorRows("rewards", ingest.Cursor{Height: p.CurrentBurnchainBlockHeight}, now)},
	}
	if err := env.Store.Write(ctx, batch); err != nil {
		return 0, stop, fmt.Errorf("write burnchain rewards: %w", err)
	}
	return len(rows.Values), stop, nil
}

// rewardPages reads pages until one reaches below stop or is short; rows below stop and
// repeated keys are left out.
func (s *PoX) rewardPages(ctx context.Context, env *ingest.Env, stop, tip int64) ([]Reward, error) {
	type key struct {
		hash  string
		index int
	}
	seen := map[key]bool{}
	var got []Reward
	estimate := 2 * (tip - stop + 1)
	full := false
	for offset := 0; ; {
		page, err := s.C.Rewards(ctx, offset, full)
		if err == nil && len(page) == 0 && offset == 0 {
			page, err = s.C.Rewards(ctx, offset, false) // an empty first page may be an edge glitch: ask once more
		}
		if err != nil {
			return nil, err
		}
		for _, r := range page {
			k := key{r.BurnBlockHash, r.RewardIndex}
			if r.BurnBlockHeight >= stop && !seen[k] {
				seen[k] = true
				got = append(got, r)
			}
		}
		offset += len(page)
		env.Progress.Report(ingest.Stage("pox"), int64(len(got)), estimate, fmt.Sprintf("burnchain rewards at offset %d", offset))
		if full = len(page) == rewardLimit; !full || page[len(page)-1].BurnBlockHeight < stop {
			return got, nil
		}
	}
}
