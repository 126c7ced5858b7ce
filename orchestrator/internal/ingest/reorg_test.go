package ingest_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// onChain fails unless the stored blocks and transactions are exactly the canonical chain's.
func onChain(t *testing.T, c *ingesttest.Chain, s *ingesttest.Store) {
	t.Helper()
	first := c.Blocks(0)[0].Height
	if diff := cmp.Diff(ingesttest.RenderExpected(ingest.TableBlocks, c.ExpectedBlocks(first)), s.Rows(ingest.TableBlocks, "ingested_at")); diff != "" {
		t.Errorf("raw.blocks is not the canonical chain (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ingesttest.RenderExpected(ingest.TableTransactions, c.ExpectedTxs(first)), s.Rows(ingest.TableTransactions, "ingested_at")); diff != "" {
		t.Errorf("raw.transactions is not the canonical chain's (-want +got):\n%s", diff)
	}
}

// The fake switches its last blocks to a new fork between two runs: shallow (within the
// unconfirmed tail), longer or shorter, and deeper than the confirmation depth. The next run
// ends on the new fork, with the orphaned transactions gone.
func TestReorg_BetweenRuns(t *testing.T) {
	cases := map[string][2]int{"Shallow": {3, 1}, "ShorterFork": {4, -2}, "BelowFinality": {120, -3}}
	for name, dx := range cases {
		t.Run(name, func(t *testing.T) {
			c := newChain()
			r := newRunner(newFakes(t, c, fakeOptions{}))
			r.mustRun(t, defaultOptions(), "blocks")
			orphans := c.Blocks(c.Tip().Height - int64(dx[0]) + 1)
			c.Reorg(dx[0], dx[1])
			r.mustRun(t, defaultOptions(), "blocks")
			onChain(t, c, r.store)
			checkIntegrity(t, r.store)
			for _, b := range orphans {
				for _, tx := range b.Txs {
					if !stored(t, r.store, tx.ID) && inChain(c, tx.ID) {
						t.Errorf("tx %s was re-mined on the new fork but is not stored", tx.ID)
					}
				}
			}
			if name == "BelowFinality" && len(r.store.Rows(ingest.TableForks)) == 0 {
				t.Error("a reorg below the cursor left no row in meta.ingest_forks")
			}
		})
	}
}

// The fake switches forks while a run reads the chain, early, mid-way or at the very end:
// the run (or, when the switch came after it read the tail, the next one) ends on the new fork.
func TestReorg_MidRun(t *testing.T) {
	clean := newFakes(t, newChain(), fakeOptions{})
	newRunner(clean).mustRun(t, defaultOptions(), "blocks")
	total := int(clean.hiro.Requests())
	cases := []struct {
		after, depth int
		rewind       bool // the switch hits blocks the run already wrote
	}{{total / 10, 5, false}, {total * 6 / 10, 5, false}, {total - 8, 5, false}, {total - 40, 60, true}}
	for _, tc := range cases {
		t.Run("", func(t *testing.T) {
			c := newChain()
			f := newFakes(t, c, fakeOptions{hiro: ingesttest.HiroOptions{ReorgAfter: tc.after, ReorgDepth: tc.depth, ReorgExtra: 2}})
			r := newRunner(f)
			r.mustRun(t, defaultOptions(), "blocks")
			checkIntegrity(t, r.store)
			if c.Forks() != 1 {
				t.Fatalf("the fake did not reorg after %d requests (it served %d)", tc.after, f.hiro.Requests())
			}
			forks := len(r.store.Rows(ingest.TableForks))
			t.Logf("reorg after %d of %d requests; %d forks followed in the run", tc.after, f.hiro.Requests(), forks)
			if tc.rewind && forks == 0 {
				t.Error("the run did not rewind over the blocks it had written from the old fork")
			}
			r.mustRun(t, defaultOptions(), "blocks")
			onChain(t, c, r.store)
		})
	}
}

func stored(t *testing.T, s *ingesttest.Store, txID string) bool {
	rows, err := s.Select(context.Background(), ingest.Query{Table: ingest.TableTransactions, Columns: []string{"tx_id"}, Where: []ingest.Cond{ingest.Eq("tx_id", txID)}})
	must(t, err)
	return len(rows) > 0
}

func inChain(c *ingesttest.Chain, txID string) bool {
	for _, b := range c.Blocks(0) {
		for _, tx := range b.Txs {
			if tx.ID == txID {
				return true
			}
		}
	}
	return false
}
