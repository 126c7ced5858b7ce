package ingest_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
)

var errCrash = errors.New("crash")

// A run that dies at a random write (the batch is lost, as with a kill) resumes with the next
// run, several times over; the final tables equal a clean run's.
func TestResume_AfterCrashesAtRandomWrites(t *testing.T) {
	c := newChain()
	want := cleanRun(t, c)
	r := newRunner(newFakes(t, c, fakeOptions{}))
	rng := rand.New(rand.NewPCG(3, 4))
	for crash := range 5 {
		at := r.store.Writes() + 1 + rng.IntN(12)
		r.store.BeforeWrite = func(n int, _ ingest.Batch) error {
			if n >= at {
				return errCrash
			}
			return nil
		}
		err := r.run(t, context.Background(), defaultOptions())
		if err == nil {
			break // fewer writes were left than the crash needed
		}
		if !errors.Is(err, errCrash) {
			t.Fatalf("crash %d at write %d: run = %v", crash, at, err)
		}
	}
	r.store.BeforeWrite = nil
	r.mustRun(t, defaultOptions())
	sameTables(t, want, r.store)
	checkIntegrity(t, r.store)
}

// A second run reads only what is new or not final yet, and changes nothing.
func TestResume_SecondRunReadsOnlyTheTail(t *testing.T) {
	c := newChain()
	f := newFakes(t, c, fakeOptions{})
	r := newRunner(f)
	r.mustRun(t, defaultOptions())
	first := f.hiro.Requests()
	before := r.store.Rows(ingest.TableTransactions, "ingested_at")
	r.mustRun(t, defaultOptions(), "blocks")
	if again := f.hiro.Requests() - first; again > first/5 {
		t.Errorf("the second run made %d requests; the first %d", again, first)
	}
	sameTables(t, r.store, r.store)
	if after := r.store.Rows(ingest.TableTransactions, "ingested_at"); len(after) != len(before) {
		t.Errorf("the second run changed raw.transactions: %d rows, then %d", len(before), len(after))
	}
}

// --force-refresh reads again what is stored (cursors, fetched windows, fresh balances) and
// deletes nothing it does not replace.
func TestResume_ForceRefreshRereadsAndKeeps(t *testing.T) {
	c := newChain()
	f := newFakes(t, c, fakeOptions{})
	r := newRunner(f)
	r.mustRun(t, defaultOptions())
	want := r.store.Rows(ingest.TableTransactions, "ingested_at")
	balances := len(r.store.Rows(ingest.TableBalances))
	o := defaultOptions()
	o.ForceRefresh, o.MaxDays = true, 1
	hiroBefore, cgBefore := f.hiro.Requests(), f.cg.Requests()
	r.clock.Advance(time.Minute)
	r.mustRun(t, o)
	if got := r.store.Rows(ingest.TableTransactions, "ingested_at"); len(got) != len(want) {
		t.Errorf("raw.transactions: %d rows after --force-refresh, %d before", len(got), len(want))
	}
	if f.hiro.Requests()-hiroBefore < hiroBefore/2 || f.cg.Requests() == cgBefore {
		t.Errorf("--force-refresh read little: hiro %d requests (first run %d), coingecko %d (%d)", f.hiro.Requests()-hiroBefore, hiroBefore, f.cg.Requests()-cgBefore, cgBefore)
	}
	if got := len(r.store.Rows(ingest.TableBalances)); got <= balances {
		t.Errorf("--force-refresh looked no balance up again: %d rows, %d before", got, balances)
	}
}
