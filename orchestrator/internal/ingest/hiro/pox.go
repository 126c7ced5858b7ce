package hiro

import (
	"context"
	"fmt"
	"slices"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// burnBlocksPerDay is Bitcoin's pace, to turn --max-days into a burn height.
const burnBlocksPerDay = 144

// PoX is the pox source: the PoX constants (/v2/pox), the cycles that overlap --max-days, and
// the burnchain rewards (payouts and burns per Bitcoin block) from the tip down to the tip of
// the last complete walk, less Confirmations blocks read again for Bitcoin reorgs.
type PoX struct{ C *Client }

// Name is "pox".
func (*PoX) Name() string { return "pox" }

// Ingest reads the constants, the cycles and the rewards.
func (s *PoX) Ingest(ctx context.Context, env *ingest.Env) (string, error) {
	info, err := s.C.Pox(ctx)
	if err != nil {
		return "", err
	}
	if err := writeConstants(ctx, env, info); err != nil {
		return "", err
	}
	env.Progress.Report(ingest.Stage("pox"), 0, 0, "pox cycles")
	cycles, err := s.cycles(ctx, env, info)
	if err != nil {
		return "", err
	}
	rewards, stop, err := s.rewards(ctx, env, info)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("cycle %d; %d cycles, %d reward rows from burn height %d", info.RewardCycleID, cycles, rewards, stop), nil
}

func writeConstants(ctx context.Context, env *ingest.Env, p PoxInfo) error {
	rows := ingest.NewRows(ingest.TablePoxConstants)
	rows.Add(p.ContractID, p.FirstBurnchainBlockHeight, p.RewardCycleLength, p.PreparePhaseBlockLength,
		p.RewardPhaseBlockLength, p.RewardSlots, p.RewardCycleID, p.CurrentBurnchainBlockHeight, ingest.Stamp(env.Clock.Now()))
	if err := env.Store.Write(ctx, ingest.Batch{Upserts: []ingest.Rows{rows}}); err != nil {
		return fmt.Errorf("write pox constants: %w", err)
	}
	return nil
}

// windowBurn is the Bitcoin height --max-days back.
func windowBurn(env *ingest.Env, p PoxInfo) int64 {
	return max(p.FirstBurnchainBlockHeight, p.CurrentBurnchainBlockHeight-int64(env.MaxDays)*burnBlocksPerDay)
}

// cycles writes the cycles overlapping the window that started by the tip. A cycle stored as
// complete is not read again (unless --force-refresh).
func (s *PoX) cycles(ctx context.Context, env *ingest.Env, p PoxInfo) (int, error) {
	all, err := s.C.Cycles(ctx)
	if err != nil {
		return 0, err
	}
	done, err := completeCycles(ctx, env)
	if err != nil {
		return 0, err
	}
	slices.SortFunc(all, func(a, b Cycle) int { return int(a.CycleNumber - b.CycleNumber) })
	first := (windowBurn(env, p) - p.FirstBurnchainBlockHeight) / p.RewardCycleLength
	now := ingest.Stamp(env.Clock.Now())
	rows := ingest.NewRows(ingest.TablePoxCycles)
	for _, c := range all {
		start := p.FirstBurnchainBlockHeight + c.CycleNumber*p.RewardCycleLength
		if c.CycleNumber < first || start > p.CurrentBurnchainBlockHeight || done[c.CycleNumber] {
			continue
		}
		row, err := s.cycleRow(ctx, env, p, c, start, now)
		if err != nil {
			return 0, err
		}
		rows.Add(row...)
	}
	if len(rows.Values) == 0 {
		return 0, nil
	}
	if err := env.Store.Write(ctx, ingest.Batch{Upserts: []ingest.Rows{rows}}); err != nil {
		return 0, fmt.Errorf("write pox cycles: %w", err)
	}
	return len(rows.Values), nil
}

// cycleRow is a raw.pox_cycles row: the reward phase starts at first + N x length, and the
// cycle ends when the next one starts (no end while it runs).
func (s *PoX) cycleRow(ctx context.Context, env *ingest.Env, p PoxInfo, c Cycle, start int64, now any) ([]any, error) {
	stacked, err := amount(c.TotalStackedAmount)
	if err != nil {
		return nil, fmt.Errorf("cycle %d total_stacked_amount: %w", c.CycleNumber, err)
	}
	next := start + p.RewardCycleLength
	startTime, err := s.burnTime(ctx, env, start)
	if err != nil {
		return nil, err
	}
	var endTime any
	if next <= p.CurrentBurnchainBlockHeight {
		if endTime, err = s.burnTime(ctx, env, next); err != nil {
			return nil, err
		}
	}
	return []any{c.CycleNumber, start, next - 1, startTime, endTime, stacked, c.TotalWeight, int32(c.TotalSigners), now}, nil
}

func completeCycles(ctx context.Context, env *ingest.Env) (map[int64]bool, error) {
	done := map[int64]bool{}
	if env.ForceRefresh {
		return done, nil
	}
	rows, err := env.Store.Select(ctx, ingest.Query{Table: ingest.TablePoxCycles, Columns: []string{"cycle_number", "end_time"}})
	if err != nil {
		return nil, fmt.Errorf("read stored pox cycles: %w", err)
	}
	for _, r := range rows {
		if n, ok := ingest.AsInt(r[0]); ok && r[1] != nil {
			done[n] = true
		}
	}
	return done, nil
}
