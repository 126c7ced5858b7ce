package ingest_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// A clean run reads the whole chain: every block and transaction exactly as the chain has them.
func TestBlocks_ReadsTheWholeChain(t *testing.T) {
	c := newChain()
	r := newRunner(newFakes(t, c, fakeOptions{}))
	r.mustRun(t, defaultOptions(), "blocks")
	first := c.Blocks(0)[0].Height
	if diff := cmp.Diff(ingesttest.RenderExpected(ingest.TableBlocks, c.ExpectedBlocks(first)), r.store.Rows(ingest.TableBlocks, "ingested_at")); diff != "" {
		t.Errorf("raw.blocks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ingesttest.RenderExpected(ingest.TableTransactions, c.ExpectedTxs(first)), r.store.Rows(ingest.TableTransactions, "ingested_at")); diff != "" {
		t.Errorf("raw.transactions (-want +got):\n%s", diff)
	}
	t.Logf("%d blocks, %d txs, %d requests", len(c.Blocks(0)), len(c.ExpectedTxs(first)), r.f.hiro.Requests())
}
