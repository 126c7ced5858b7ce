package hiro_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/hiro"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// fixtures serves testdata/*.json (payloads from shared/reference/data-sources.md) by route,
// checks the key header, and can retire the v2 balance route.
func fixtures(t *testing.T, retired bool) *hiro.Client {
	t.Helper()
	routes := map[string]string{
		"/extended": "status", "/extended/v2/blocks/3961842": "block", "/v2/pox": "pox",
		"/extended/v2/pox/cycles": "cycles", "/extended/v1/burnchain/rewards": "rewards",
		"/extended/v1/stx_supply": "supply", "/extended/v2/burn-blocks/921503": "burn_block",
		"/extended/v2/blocks/0xcc/transactions":                                          "transactions",
		"/extended/v2/addresses/SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N/balances/stx":  "balance_v2",
		"/extended/v3/principals/SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N/balances/stx": "balance_v3",
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "k3y" {
			t.Errorf("%s: x-api-key %q", r.URL.Path, r.Header.Get("X-Api-Key"))
		}
		name, ok := routes[r.URL.Path]
		if retired && strings.HasPrefix(r.URL.Path, "/extended/v2/addresses/") {
			w.WriteHeader(http.StatusGone)
			w.Write([]byte(`{"error":"Gone","message":"This endpoint has been disabled."}`))
			return
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		body, err := os.ReadFile("testdata/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(s.Close)
	c := ingest.NewClient(ingest.HTTPOptions{Attempts: 2}, ingesttest.NewClock(time.Now()), slog.New(slog.DiscardHandler), nil)
	h, err := hiro.New(c, hiro.Config{BaseURL: s.URL, Key: "k3y", Rate: -1})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The documented payloads parse into the values they show: amounts from strings, /v2/pox's
// integers, the tip, a block and its transactions, cycles, rewards, supply and balances.
func TestClient_ParsesTheDocumentedPayloads(t *testing.T) {
	ctx := context.Background()
	h := fixtures(t, false)
	tip, err := h.Tip(ctx)
	check(t, err)
	b, err := h.Block(ctx, 3961842)
	check(t, err)
	txs, err := h.BlockTxs(ctx, hiro.Block{Height: 3961842, IndexBlockHash: "0xcc", TxCount: 3})
	check(t, err)
	pox, err := h.Pox(ctx)
	check(t, err)
	cycles, err := h.Cycles(ctx)
	check(t, err)
	rewards, err := h.Rewards(ctx, 0, false)
	check(t, err)
	supply, err := h.Supply(ctx)
	check(t, err)
	bal, err := h.Balance(ctx, "SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N")
	check(t, err)
	got := []any{tip, b.TxCount, b.ParentIndexBlockHash[:10], b.BurnBlockHeight, len(txs), txs[0].FeeRate, txs[0].ContractCall.FunctionName,
		txs[2].TxStatus, pox.RewardCycleLength, pox.TotalLiquidSupplyUstx, len(cycles), cycles[0].TotalStackedAmount,
		len(rewards), rewards[0].RewardAmount, supply.TotalSTX, bal}
	want := []any{hiro.Tip{Height: 3961842, BurnHeight: 921503}, 7, "0x08f86beb", int64(921503), 3, "24000", "delegate-stx",
		"abort_by_response", int64(2100), int64(1531402118000000), 2, "392718553120004",
		3, "281250", "1818000000.000000", hiro.Balance{Balance: 1519874000, Locked: 1000000000}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parsed values (-want +got):\n%s", diff)
	}
}

// A retired (410) v2 balance route switches the client to v3, which gives the same balance.
func TestClient_RetiredRouteSwitchesToV3(t *testing.T) {
	h := fixtures(t, true)
	bal, err := h.Balance(context.Background(), "SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N")
	check(t, err)
	if want := (hiro.Balance{Balance: 1519874000, Locked: 1000000000}); bal != want {
		t.Errorf("balance from v3: %+v, want %+v", bal, want)
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
