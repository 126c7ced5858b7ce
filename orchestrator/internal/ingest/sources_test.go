package ingest_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

func count(t *testing.T, s *ingesttest.Store, table string, where ...ingest.Cond) int {
	t.Helper()
	rows, err := s.Select(context.Background(), ingest.Query{Table: table, Columns: ingest.Key(table), Where: where})
	must(t, err)
	return len(rows)
}

// Balances: one lookup per cohort wallet; fresh ones (6 hours) are not looked up again,
// --ensure-wallet-balances looks up the recent ones anyway, and a failed lookup is logged,
// never stored.
func TestBalances_FreshnessEnsureAndFailures(t *testing.T) {
	c := newChain()
	bad := c.Wallets()[:2]
	f := newFakes(t, c, fakeOptions{hiro: ingesttest.HiroOptions{BadAddresses: bad}})
	r := newRunner(f)
	var logs bytes.Buffer
	r.log = &logs
	r.mustRun(t, defaultOptions(), "blocks", "balances")
	first := count(t, r.store, ingest.TableBalances)
	if first == 0 {
		t.Fatal("no balances")
	}
	for _, a := range bad {
		if n := count(t, r.store, ingest.TableBalances, ingest.Eq("address", a)); n != 0 || !strings.Contains(logs.String(), `msg="balance lookup failed" address=`+a) {
			t.Errorf("%s: %d rows; want none and a log line", a, n)
		}
	}
	r.clock.Advance(time.Hour)
	r.mustRun(t, defaultOptions(), "balances")
	if n := count(t, r.store, ingest.TableBalances); n != first {
		t.Errorf("an hour later: %d balances, %d before; fresh ones were looked up again", n, first)
	}
	o := defaultOptions()
	o.EnsureBalances = true
	r.mustRun(t, o, "balances")
	if n := count(t, r.store, ingest.TableBalances); n != 2*first {
		t.Errorf("--ensure-wallet-balances: %d balances; want %d (every wallet is recent)", n, 2*first)
	}
	r.clock.Advance(7 * time.Hour)
	r.mustRun(t, defaultOptions(), "balances")
	if n := count(t, r.store, ingest.TableBalances); n != 3*first {
		t.Errorf("7 hours later: %d balances; want %d", n, 3*first)
	}
}

// PoX: cycles with their burn heights and times (the running one without an end), and every
// payout row of the window with its Bitcoin block's time.
func TestPoX_CyclesAndRewards(t *testing.T) {
	c := newChain()
	r := newRunner(newFakes(t, c, fakeOptions{}))
	r.mustRun(t, defaultOptions(), "blocks", "pox")
	if got, want := count(t, r.store, ingest.TableRewards), len(c.RewardRows()); got != want {
		t.Errorf("%d reward rows; the chain has %d", got, want)
	}
	if n := count(t, r.store, ingest.TableRewards, ingest.Ge("burn_block_height", 0)) - len(timed(t, r.store)); n != 0 {
		t.Errorf("%d reward rows without a burn_block_time", n)
	}
	rows, err := r.store.Select(context.Background(), ingest.Query{Table: ingest.TablePoxCycles,
		Columns: []string{"cycle_number", "start_burn_height", "end_burn_height", "start_time", "end_time"}, OrderBy: []string{"cycle_number"}})
	must(t, err)
	if len(rows) < 2 {
		t.Fatalf("%d cycles; the chain spans a cycle boundary", len(rows))
	}
	for i, row := range rows {
		n, _ := ingest.AsInt(row[0])
		start, _ := ingest.AsInt(row[1])
		end, _ := ingest.AsInt(row[2])
		if start != ingesttest.FirstBurnchain+n*ingesttest.CycleLength || end != start+ingesttest.CycleLength-1 {
			t.Errorf("cycle %d: burn heights %d-%d", n, start, end)
		}
		if last := i == len(rows)-1; (row[4] == nil) != last {
			t.Errorf("cycle %d: end_time %v (running: %v)", n, row[4], last)
		}
	}
	if count(t, r.store, ingest.TablePoxConstants) != 1 {
		t.Error("no PoX constants")
	}
}

func timed(t *testing.T, s *ingesttest.Store) [][]any {
	rows, err := s.Select(context.Background(), ingest.Query{Table: ingest.TableRewards, Columns: []string{"burn_block_time"}})
	must(t, err)
	var out [][]any
	for _, r := range rows {
		if r[0] != nil {
			out = append(out, r)
		}
	}
	return out
}
