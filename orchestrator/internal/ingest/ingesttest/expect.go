package ingesttest

import (
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

// FetchTimeColumns are the raw tables ingest writes, each with the columns that depend on when
// a run fetched: left out when two runs' tables are compared.
var FetchTimeColumns = map[string][]string{
	ingest.TableBlocks:       {"ingested_at"},
	ingest.TableTransactions: {"ingested_at"},
	ingest.TablePrices:       {"ingested_at"},
	ingest.TableBalances:     {"ingested_at", "as_of"},
	ingest.TablePoxCycles:    {"ingested_at"},
	ingest.TableRewards:      {"ingested_at"},
	ingest.TableSupply:       {"as_of"},
}

// ExpectedBlocks are the raw.blocks rows of the canonical chain from height from, as a
// complete ingest writes them (ingested_at zero: compare without it).
func (c *Chain) ExpectedBlocks(from int64) [][]any {
	var out [][]any
	for _, b := range c.Blocks(from) {
		burn := c.BurnOf(b)
		out = append(out, []any{b.Height, b.IndexHash, b.ParentIndexHash, unix(b.Time), burn.Height, burn.Hash,
			unix(burn.Time), int64(len(b.Txs)), time.Time{}})
	}
	return out
}

// ExpectedTxs are the raw.transactions rows of the canonical chain from height from.
func (c *Chain) ExpectedTxs(from int64) [][]any {
	var out [][]any
	for _, b := range c.Blocks(from) {
		burn := c.BurnOf(b)
		for i, t := range b.Txs {
			var sponsor, contract, function any
			if t.Sponsor != "" {
				sponsor = t.Sponsor
			}
			if t.Contract != "" {
				contract = t.Contract
			}
			if t.Function != "" {
				function = t.Function
			}
			out = append(out, []any{t.ID, b.IndexHash, b.Height, unix(b.Time), burn.Height, unix(burn.Time), int64(i),
				t.Type, t.Status, true, t.Sender, sponsor, t.Fee, t.Nonce, contract, function, "hiro", time.Time{}})
		}
	}
	return out
}

// RenderExpected renders expected rows of table like Store.Rows, without ingested_at.
func RenderExpected(table string, rows [][]any) []string {
	return Render(ingest.Columns(table), rows, "ingested_at")
}

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }
