package demo

import (
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/stacks"
)

var asOf = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// memSink keeps every row, for small chains.
type memSink struct {
	rows    map[string][][]driver.Value
	columns map[string][]string
}

func (s *memSink) Write(table string, columns []string, rows func(yield func(...driver.Value) error) error) error {
	s.columns[table] = columns
	return rows(func(v ...driver.Value) error {
		if len(v) != len(columns) {
			return fmt.Errorf("%d values for %d columns", len(v), len(columns))
		}
		s.rows[table] = append(s.rows[table], slices.Clone(v))
		return nil
	})
}

func generate(t *testing.T, opts Options) *memSink {
	t.Helper()
	s := &memSink{rows: map[string][][]driver.Value{}, columns: map[string][]string{}}
	if err := Generate(opts, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// hashSink digests each table's rows.
type hashSink map[string]string

func (s hashSink) Write(table string, columns []string, rows func(yield func(...driver.Value) error) error) error {
	h := sha256.New()
	err := rows(func(v ...driver.Value) error {
		for _, x := range v {
			writeValue(h, x)
		}
		return nil
	})
	s[table] = hex.EncodeToString(h.Sum(nil))
	return err
}

func writeValue(h hash.Hash, v driver.Value) {
	if t, ok := v.(time.Time); ok {
		v = t.Format(time.RFC3339Nano)
	}
	fmt.Fprintf(h, "%T:%v|", v, v)
}

func TestDeterministic(t *testing.T) {
	opts := Options{Wallets: 3000, Days: 60, Seed: 7, AsOf: asOf}
	first, second, other := hashSink{}, hashSink{}, hashSink{}
	for _, run := range []struct {
		sink hashSink
		seed uint64
	}{{first, 7}, {second, 7}, {other, 8}} {
		opts.Seed = run.seed
		if err := Generate(opts, run.sink); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("two runs with the same options differ (-first +second):\n%s", diff)
	}
	for _, table := range Tables() {
		if first[table] == other[table] {
			t.Errorf("raw.%s: seeds 7 and 8 give the same rows", table)
		}
	}
}

// The columns Generate writes are the columns of the migration, in order.
func TestColumnsMatchMigration(t *testing.T) {
	b, err := os.ReadFile("../../../sql/00001_create_raw_tables.sql")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	table := ""
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "create table raw."):
			table = strings.TrimSuffix(strings.Fields(line)[2], "(")
			table = strings.TrimPrefix(table, "raw.")
		case strings.HasPrefix(line, ");"):
			table = ""
		case table != "" && line != "":
			want[table] = append(want[table], strings.Fields(line)[0])
		}
	}
	if diff := cmp.Diff(want, Columns()); diff != "" {
		t.Errorf("Columns() differs from the migration (-migration +Columns):\n%s", diff)
	}
}

func TestOptionsErrors(t *testing.T) {
	for _, opts := range []Options{{Wallets: 1, Days: 0, AsOf: asOf}, {Wallets: -1, Days: 1, AsOf: asOf}, {Wallets: 1, Days: 1}} {
		if err := Generate(opts, hashSink{}); err == nil {
			t.Errorf("Generate(%+v) succeeded, want an error", opts)
		}
	}
}

// invariants runs on a chain that reaches back before data_start, so it has legacy wallets.
func TestInvariants(t *testing.T) {
	opts := Options{Wallets: 4000, Days: 90, Seed: 3, AsOf: asOf}
	s := generate(t, opts)
	blocks := checkBlocks(t, s, opts)
	checkTransactions(t, s, opts, blocks)
	checkPrices(t, s)
	checkBalances(t, s)
	checkPox(t, s, blocks)
	checkSupply(t, s, opts)
}

// checkBlocks checks the hash chain and times and returns the blocks by height.
func checkBlocks(t *testing.T, s *memSink, opts Options) map[int64][]driver.Value {
	t.Helper()
	byHeight := map[int64][]driver.Value{}
	var prev []driver.Value
	for _, b := range s.rows["blocks"] {
		height, at := b[0].(int64), b[3].(time.Time)
		byHeight[height] = b
		if at.Before(opts.AsOf.AddDate(0, 0, -opts.Days)) || !at.Before(opts.AsOf) {
			t.Fatalf("block %d at %s: outside the chain's range", height, at)
		}
		if prev != nil {
			if height != prev[0].(int64)+1 || b[2] != prev[1] || !at.After(prev[3].(time.Time)) || b[4].(int64) < prev[4].(int64) {
				t.Fatalf("block %v does not follow block %v", b, prev)
			}
		}
		prev = b
	}
	if len(byHeight) < 90*24*60 {
		t.Errorf("%d blocks over 90 days, want one a minute or more", len(byHeight))
	}
	return byHeight
}

func checkTransactions(t *testing.T, s *memSink, opts Options, blocks map[int64][]driver.Value) {
	t.Helper()
	txID := regexp.MustCompile(`^0x[0-9a-f]{64}$`)
	ids := map[string]bool{}
	counts := map[int64]int32{}
	types := map[string]int{}
	var users, failed, sponsored, legacy int
	for _, tx := range s.rows["transactions"] {
		b := blocks[tx[2].(int64)]
		if b == nil || tx[1] != b[1] || tx[3] != b[3] || tx[4] != b[4] || tx[5] != b[6] {
			t.Fatalf("tx %s: block columns %v do not match block %v", tx[0], tx[1:6], b)
		}
		if tx[6] != counts[tx[2].(int64)] {
			t.Fatalf("tx %s: tx_index %v, want %d", tx[0], tx[6], counts[tx[2].(int64)])
		}
		counts[tx[2].(int64)]++
		if id := tx[0].(string); !txID.MatchString(id) || ids[id] {
			t.Fatalf("tx_id %s: malformed or repeated", id)
		}
		ids[tx[0].(string)] = true
		typ := tx[7].(string)
		types[typ]++
		checkPrincipals(t, tx[10], tx[11], tx[14])
		checkFee(t, typ, tx[12].(int64))
		if typ == "coinbase" || typ == "tenure_change" {
			continue
		}
		users++
		if tx[8] != "success" {
			failed++
		}
		if tx[11] != nil {
			sponsored++
		}
		if tx[3].(time.Time).Unix() < dataStartUnix {
			legacy++
		}
	}
	for h, b := range blocks {
		if b[7] != counts[h] {
			t.Fatalf("block %d: tx_count %v, but %d transactions", h, b[7], counts[h])
		}
	}
	ratio(t, "failed", failed, users, 0.03, 0.05)
	ratio(t, "sponsored", sponsored, users, 0.01, 0.03)
	if types["coinbase"] < 90*100 || types["tenure_change"] < types["coinbase"] || types["smart_contract"] == 0 {
		t.Errorf("tx types %v: want a coinbase per tenure, tenure changes and some deploys", types)
	}
	if legacy == 0 {
		t.Error("no transactions before data_start: want legacy wallets")
	}
}

func checkPrincipals(t *testing.T, values ...driver.Value) {
	t.Helper()
	for _, v := range values {
		if v == nil {
			continue
		}
		if err := stacks.ValidPrincipal(v.(string)); err != nil {
			t.Fatal(err)
		}
	}
}

func checkFee(t *testing.T, typ string, fee int64) {
	t.Helper()
	lo, hi := int64(0), int64(0)
	switch typ {
	case "token_transfer", "contract_call", "smart_contract":
		f := fees(map[string]int{"token_transfer": tokenTransfer, "contract_call": contractCall, "smart_contract": smartContract}[typ])
		lo, hi = int64(f.lo), int64(f.hi)
	}
	if fee < lo || fee > hi {
		t.Fatalf("%s fee %d outside [%d, %d]", typ, fee, lo, hi)
	}
}

func ratio(t *testing.T, what string, n, of int, lo, hi float64) {
	t.Helper()
	if r := float64(n) / float64(of); r < lo || r > hi {
		t.Errorf("%s: %d of %d (%.3f), want between %.2f and %.2f", what, n, of, r, lo, hi)
	}
}

func checkPrices(t *testing.T, s *memSink) {
	t.Helper()
	last := map[string]time.Time{}
	var short, long int
	for _, p := range s.rows["prices"] {
		ts, sym, price := p[0].(time.Time), p[1].(string), p[2].(float64)
		band := map[string][2]float64{"STX-USD": {stxLow, stxHigh}, "BTC-USD": {btcLow, btcHigh}}[sym]
		if price < band[0] || price > band[1] {
			t.Fatalf("%s %s: price %v outside %v", sym, ts, price, band)
		}
		if prev, ok := last[sym]; ok {
			switch gap := ts.Sub(prev); {
			case gap <= 0:
				t.Fatalf("%s: %s after %s", sym, ts, prev)
			case gap > 6*time.Hour:
				long++
			case gap > 90*time.Minute:
				short++
			}
		}
		last[sym] = ts
	}
	if short == 0 || long == 0 {
		t.Errorf("price gaps: %d up to 6h and %d longer, want both", short, long)
	}
}

func checkBalances(t *testing.T, s *memSink) {
	t.Helper()
	seen := map[string]bool{}
	var ten, zero, pointInTime int
	for _, b := range s.rows["balances"] {
		checkPrincipals(t, b[0])
		key := b[0].(string) + b[1].(time.Time).String()
		if seen[key] {
			t.Fatalf("balance (%s, %s) twice", b[0], b[1])
		}
		seen[key] = true
		switch b[3].(int64) {
		case tenSTX:
			ten++
		case 0:
			zero++
		}
		if b[2] != nil {
			pointInTime++
		}
		if b[4].(int64) > b[3].(int64) {
			t.Fatalf("balance %v: locked above balance", b)
		}
	}
	if ten == 0 || zero == 0 || pointInTime == 0 || pointInTime == len(s.rows["balances"]) {
		t.Errorf("balances: %d of exactly 10 STX, %d empty, %d with a block height of %d; want some of each", ten, zero, pointInTime, len(s.rows["balances"]))
	}
}

func checkPox(t *testing.T, s *memSink, blocks map[int64][]driver.Value) {
	t.Helper()
	cycles := s.rows["pox_cycles"]
	for i, c := range cycles {
		last := i == len(cycles)-1
		if (c[4] == nil) != last {
			t.Errorf("cycle %v: end_time %v; want NULL only for the last cycle", c[0], c[4])
		}
		if c[2].(int64)-c[1].(int64) != cycleLength-1 {
			t.Errorf("cycle %v: heights %v-%v, want %d blocks", c[0], c[1], c[2], cycleLength)
		}
		if !last && (cycles[i+1][1].(int64) != c[2].(int64)+1 || cycles[i+1][3] != c[4]) {
			t.Errorf("cycle %v does not end where cycle %v starts", c, cycles[i+1])
		}
	}
	burnHashes := map[int64]driver.Value{}
	for _, b := range blocks {
		burnHashes[b[4].(int64)] = b[5]
	}
	var orphans int
	for _, r := range s.rows["burnchain_rewards"] {
		if r[7] == false {
			orphans++
		} else if burnHashes[r[1].(int64)] != r[0] {
			t.Fatalf("reward %v: burn_block_hash is not the block's %v", r, burnHashes[r[1].(int64)])
		}
	}
	if orphans == 0 || len(cycles) < 6 {
		t.Errorf("%d non-canonical rewards and %d cycles, want some of both", orphans, len(cycles))
	}
}

func checkSupply(t *testing.T, s *memSink, opts Options) {
	t.Helper()
	rows := s.rows["stx_supply"]
	if len(rows) != opts.Days {
		t.Errorf("%d supply rows, want one a day (%d)", len(rows), opts.Days)
	}
	for i, r := range rows {
		if r[2].(float64) >= r[1].(float64) || i > 0 && r[1].(float64) <= rows[i-1][1].(float64) {
			t.Fatalf("supply %v after %v: want growing totals above unlocked", r, rows[max(0, i-1)])
		}
	}
}

// About 7 transactions a wallet, most wallets with 1-3, a few with thousands.
func TestTransactionsPerWallet(t *testing.T) {
	for _, at := range []time.Time{asOf, time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)} {
		t.Run(at.Format("2006-01-02"), func(t *testing.T) { testTransactionsPerWallet(t, at) })
	}
}

func testTransactionsPerWallet(t *testing.T, at time.Time) {
	opts := Options{Wallets: 20_000, Days: 420, Seed: 1, AsOf: at}
	s := &walletCounter{n: map[string]int{}}
	if err := Generate(opts, s); err != nil {
		t.Fatal(err)
	}
	var few, total, most int
	for _, n := range s.n {
		total += n
		most = max(most, n)
		if n <= 3 {
			few++
		}
	}
	t.Logf("%.2f transactions a wallet, %.0f%% of wallets with 1-3, the busiest %d", float64(total)/float64(opts.Wallets), 100*float64(few)/float64(opts.Wallets), most)
	ratio(t, "transactions per wallet /10", total, opts.Wallets*10, 0.55, 0.9)
	ratio(t, "wallets with 1-3 transactions", few, opts.Wallets, 0.55, 0.8)
	if most < 1000 {
		t.Errorf("the busiest wallet has %d transactions, want thousands", most)
	}
}

type walletCounter struct{ n map[string]int }

func (s *walletCounter) Write(table string, columns []string, rows func(yield func(...driver.Value) error) error) error {
	return rows(func(v ...driver.Value) error {
		if table == "transactions" && v[7] != "coinbase" && v[7] != "tenure_change" {
			s.n[v[10].(string)]++
		}
		return nil
	})
}

func TestBitcoinAddresses(t *testing.T) {
	program, _ := hex.DecodeString("751e76e8199196d454941c45d1b3a323f1433bd6")
	if got, want := bech32P2WPKH(program), "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"; got != want {
		t.Errorf("bech32P2WPKH = %s, want %s (BIP 173)", got, want)
	}
	payload, _ := hex.DecodeString("010966776006953d5567439e5e39f86a0d273bee")
	if got, want := base58Check(0, payload), "16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM"; got != want {
		t.Errorf("base58Check = %s, want %s", got, want)
	}
}
