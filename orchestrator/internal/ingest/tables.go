package ingest

// Tables ingestion writes: the raw layer of spec/METRICS.md (sql/00001_create_raw_tables.sql)
// and its own state in meta (sql/00004_create_ingest_state.sql).
const (
	TableTransactions = "raw.transactions"
	TableBlocks       = "raw.blocks"
	TablePrices       = "raw.prices"
	TableBalances     = "raw.balances"
	TablePoxCycles    = "raw.pox_cycles"
	TableRewards      = "raw.burnchain_rewards"
	TableSupply       = "raw.stx_supply"
	TableCursors      = "meta.ingest_cursors"
	TablePriceSpans   = "meta.ingest_price_spans"
	TablePoxConstants = "meta.ingest_pox_constants"
	TableForks        = "meta.ingest_forks"
)

var columns = map[string][]string{
	TableTransactions: {"tx_id", "index_block_hash", "block_height", "block_time", "burn_block_height",
		"burn_block_time", "tx_index", "tx_type", "tx_status", "canonical", "sender_address",
		"sponsor_address", "fee_ustx", "nonce", "contract_id", "function_name", "source", "ingested_at"},
	TableBlocks: {"height", "index_block_hash", "parent_index_block_hash", "block_time", "burn_block_height",
		"burn_block_hash", "burn_block_time", "tx_count", "ingested_at"},
	TablePrices:     {"ts", "symbol", "price", "source", "ingested_at"},
	TableBalances:   {"address", "as_of", "block_height", "balance_ustx", "locked_ustx", "source", "ingested_at"},
	TablePoxCycles:  {"cycle_number", "start_burn_height", "end_burn_height", "start_time", "end_time", "total_stacked_ustx", "total_weight", "total_signers", "ingested_at"},
	TableRewards:    {"burn_block_hash", "burn_block_height", "burn_block_time", "reward_index", "reward_recipient", "reward_amount_sats", "burn_amount_sats", "canonical", "ingested_at"},
	TableSupply:     {"as_of", "total_stx", "unlocked_stx"},
	TableCursors:    {"source", "height", "hash", "updated_at"},
	TablePriceSpans: {"symbol", "source", "span_start", "span_end", "points", "status", "fetched_at"},
	TablePoxConstants: {"contract_id", "first_burnchain_block_height", "reward_cycle_length", "prepare_phase_block_length",
		"reward_phase_block_length", "reward_slots", "current_cycle", "current_burnchain_block_height", "fetched_at"},
	TableForks: {"detected_at", "source", "fork_height", "old_tip_height", "old_hash", "new_hash"},
}

// Keys are each table's logical key.
var keys = map[string][]string{
	TableTransactions: {"tx_id"},
	TableBlocks:       {"height"},
	TablePrices:       {"symbol", "source", "ts"},
	TableBalances:     {"address", "as_of"},
	TablePoxCycles:    {"cycle_number"},
	TableRewards:      {"burn_block_hash", "reward_index"},
	TableSupply:       {"as_of"},
	TableCursors:      {"source"},
	TablePriceSpans:   {"symbol", "source", "span_start"},
	TablePoxConstants: {"contract_id"},
	TableForks:        {"detected_at", "source", "fork_height"},
}

// Columns lists table's columns in table order.
func Columns(table string) []string { return columns[table] }

// Key lists table's key columns.
func Key(table string) []string { return keys[table] }

// Tables lists every table ingestion writes.
func Tables() []string {
	return []string{TableTransactions, TableBlocks, TablePrices, TableBalances, TablePoxCycles,
		TableRewards, TableSupply, TableCursors, TablePriceSpans, TablePoxConstants, TableForks}
}

// NewRows starts an upsert of table by its key.
func NewRows(table string) Rows {
	return Rows{Table: table, Key: keys[table], Columns: columns[table]}
}

// Add appends one row, values in table column order.
func (r *Rows) Add(values ...any) { r.Values = append(r.Values, values) }
