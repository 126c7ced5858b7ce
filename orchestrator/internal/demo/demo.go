// Package demo generates a deterministic synthetic Stacks chain for the raw layer (raw.*): the
// offline default data that models, tests, reports and benchmarks run on.
//
// The same Options give byte-identical rows on one platform: every random draw comes from PCG
// streams seeded by Options.Seed, nothing reads the clock or iterates a map, and every row is
// stamped with Options.AsOf. (Floating-point functions may round differently on another CPU
// architecture, so do not hard-code digests of demo data in tests.)
//
// Rows are streamed to a Sink table by table; the package never holds the transactions in
// memory. It knows nothing about DuckDB: the CLI passes a Sink that appends to the warehouse.
package demo

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Options size and place the chain.
type Options struct {
	Wallets int       // user wallets; about 7 transactions each on average
	Days    int       // the chain covers [AsOf - Days days, AsOf)
	Seed    uint64    // the same seed gives the same rows
	AsOf    time.Time // end of the chain (exclusive) and ingested_at of every row
}

// Sink receives the rows of one raw table (schema raw implied). rows calls yield once per row,
// values in the table's column order, and returns the first error yield returns. The slice
// passed to yield is reused for the next row: copy it to keep it.
type Sink interface {
	Write(table string, columns []string, rows func(yield func(...driver.Value) error) error) error
}

// Columns lists the columns Generate writes for each raw table, in table order (the migration
// sql/00001_create_raw_tables.sql).
func Columns() map[string][]string {
	return map[string][]string{
		"transactions": {"tx_id", "index_block_hash", "block_height", "block_time", "burn_block_height",
			"burn_block_time", "tx_index", "tx_type", "tx_status", "canonical", "sender_address",
			"sponsor_address", "fee_ustx", "nonce", "contract_id", "function_name", "source", "ingested_at"},
		"blocks": {"height", "index_block_hash", "parent_index_block_hash", "block_time", "burn_block_height",
			"burn_block_hash", "burn_block_time", "tx_count", "ingested_at"},
		"prices":            {"ts", "symbol", "price", "source", "ingested_at"},
		"balances":          {"address", "as_of", "block_height", "balance_ustx", "locked_ustx", "source", "ingested_at"},
		"pox_cycles":        {"cycle_number", "start_burn_height", "end_burn_height", "start_time", "end_time", "total_stacked_ustx", "total_weight", "total_signers", "ingested_at"},
		"burnchain_rewards": {"burn_block_hash", "burn_block_height", "burn_block_time", "reward_index", "reward_recipient", "reward_amount_sats", "burn_amount_sats", "canonical", "ingested_at"},
		"stx_supply":        {"as_of", "total_stx", "unlocked_stx"},
	}
}

// Tables lists the raw tables in the order Generate writes them. Transactions come before
// blocks because a block's tx_count is known only once its transactions are written.
func Tables() []string {
	return []string{"transactions", "blocks", "prices", "balances", "pox_cycles", "burnchain_rewards", "stx_supply"}
}

// source is raw.*.source of every demo row.
const source = "demo"

// Generate writes every raw table to sink, in the order of Tables, and returns the first error
// of the sink as it is.
func Generate(opts Options, sink Sink) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	g := newGenerator(opts)
	steps := map[string]func(yield func(...driver.Value) error) error{
		"transactions":      g.transactions,
		"blocks":            g.blocks,
		"prices":            g.prices,
		"balances":          g.balances,
		"pox_cycles":        g.poxCycles,
		"burnchain_rewards": g.burnchainRewards,
		"stx_supply":        g.stxSupply,
	}
	columns := Columns()
	for _, table := range Tables() {
		if err := sink.Write(table, columns[table], steps[table]); err != nil {
			return err
		}
	}
	return nil
}

// Validate reports options Generate cannot use.
func (o Options) Validate() error {
	switch {
	case o.Wallets < 0:
		return fmt.Errorf("demo: wallets must be 0 or more, got %d", o.Wallets)
	case o.Days < 1:
		return fmt.Errorf("demo: days must be 1 or more, got %d", o.Days)
	case o.AsOf.IsZero():
		return fmt.Errorf("demo: as-of is not set")
	}
	return nil
}

// generator holds what several tables share: the options, the block timeline and the wallet
// activation curve.
type generator struct {
	opts       Options
	seed       uint64
	start, end time.Time
	ingestedAt driver.Value
	chain      *chain
	curve      *curve
	classes    []class
	catalog    *catalog
}

func newGenerator(opts Options) *generator {
	opts.AsOf = opts.AsOf.UTC()
	start := opts.AsOf.Add(-time.Duration(opts.Days) * 24 * time.Hour)
	g := &generator{opts: opts, seed: opts.Seed, start: start, end: opts.AsOf, ingestedAt: opts.AsOf}
	g.chain = newChain(opts.Seed, start, opts.AsOf)
	g.curve = newCurve(opts.Seed, start, opts.AsOf)
	g.classes = classes()
	g.catalog = newCatalog(opts.Seed)
	return g
}
