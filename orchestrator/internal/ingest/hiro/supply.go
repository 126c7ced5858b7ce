package hiro

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// Supply is the supply source: total and unlocked STX now, one row per hour (a second run in
// the same hour replaces it).
type Supply struct{ C *Client }

// Name is "supply".
func (*Supply) Name() string { return "supply" }

// Ingest reads /extended/v1/stx_supply.
func (s *Supply) Ingest(ctx context.Context, env *ingest.Env) (string, error) {
	env.Progress.Report(ingest.Stage("supply"), 0, 1, "stx supply")
	sup, err := s.C.Supply(ctx)
	if err != nil {
		return "", err
	}
	total, err1 := strconv.ParseFloat(sup.TotalSTX, 64)
	unlocked, err2 := strconv.ParseFloat(sup.UnlockedSTX, 64)
	if err1 != nil || err2 != nil {
		return "", fmt.Errorf("stx supply: total_stx %q, unlocked_stx %q: want decimal numbers", sup.TotalSTX, sup.UnlockedSTX)
	}
	rows := ingest.NewRows(ingest.TableSupply)
	rows.Add(ingest.Stamp(env.Clock.Now().Truncate(time.Hour)), total, unlocked)
	if err := env.Store.Write(ctx, ingest.Batch{Upserts: []ingest.Rows{rows}}); err != nil {
		return "", fmt.Errorf("write stx supply: %w", err)
	}
	env.Progress.Report(ingest.Stage("supply"), 1, 1, "stx supply")
	return fmt.Sprintf("%.0f STX, %.0f unlocked, at block %d", total, unlocked, sup.BlockHeight), nil
}
