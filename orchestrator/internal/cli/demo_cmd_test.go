package cli

import (
	"bytes"
	"context"
	"database/sql/driver"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/demo"
	"github.com/wv-analytics/wv/orchestrator/internal/duck"
)

func TestDemoOptions(t *testing.T) {
	now := time.Date(2026, 1, 31, 17, 42, 5, 0, time.FixedZone("CET", 3600))
	opts, err := (&demoCmd{Wallets: 5, Days: 2, Seed: 9}).options(now)
	if err != nil {
		t.Fatal(err)
	}
	want := demo.Options{Wallets: 5, Days: 2, Seed: 9, AsOf: time.Date(2026, 1, 31, 16, 0, 0, 0, time.UTC)}
	if diff := cmp.Diff(want, opts); diff != "" {
		t.Errorf("default as-of (-want +got):\n%s", diff)
	}
	opts, err = (&demoCmd{Days: 1, AsOf: "2025-06-01 12:30:00"}).options(now)
	if err != nil || !opts.AsOf.Equal(time.Date(2025, 6, 1, 12, 30, 0, 0, time.UTC)) {
		t.Errorf("--as-of 2025-06-01 12:30:00 = %v, %v", opts.AsOf, err)
	}
	if _, err := (&demoCmd{Days: 1, AsOf: "yesterday"}).options(now); err == nil || !strings.HasPrefix(err.Error(), "--as-of: ") {
		t.Errorf("--as-of yesterday = %v, want an --as-of error", err)
	}
	if _, err := (&demoCmd{Days: 0}).options(now); err == nil || !strings.Contains(err.Error(), "days must be 1 or more") {
		t.Errorf("--days 0 = %v, want a days error", err)
	}
}

// cancelOn cancels a context when a line containing trigger is written (progress on stderr).
type cancelOn struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	trigger string
	cancel  context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.trigger) {
		w.cancel()
	}
	return len(p), nil
}

// wv demo fills every raw table, the same options give the same content, and a run that stops
// half-way (Ctrl-C after the first table) leaves the previous content in place.
func TestDemoReplacesRawTables(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	wv := func(ctx context.Context, stderr *bytes.Buffer, args ...string) int {
		t.Helper()
		base := []string{"--project-dir", "../../..", "--db", db}
		return Main(ctx, append(base, args...), &bytes.Buffer{}, stderr)
	}
	demoArgs := []string{"demo", "--wallets", "300", "--days", "20", "--as-of", "2026-01-31T00:00:00Z"}
	ctx := context.Background()

	var stderr bytes.Buffer
	if code := wv(ctx, &stderr, demoArgs...); code != exitError || !strings.Contains(stderr.String(), "run `wv migrate` first") {
		t.Fatalf("demo before migrate: exit %d, stderr %q; want a hint to migrate", code, stderr.String())
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("demo before migrate created the warehouse")
	}
	if code := wv(ctx, &stderr, "migrate"); code != exitOK {
		t.Fatalf("migrate: exit %d\n%s", code, stderr.String())
	}
	stderr.Reset()
	if code := wv(ctx, &stderr, append(demoArgs, "--seed", "1")...); code != exitOK {
		t.Fatalf("demo: exit %d\n%s", code, stderr.String())
	}
	for _, table := range demo.Tables() {
		if !strings.Contains(stderr.String(), "OK   demo raw."+table+" ") {
			t.Errorf("no progress line for raw.%s in:\n%s", table, stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "up to 2026-01-31T00:00:00Z, seed 1") {
		t.Errorf("summary does not name the as-of and seed:\n%s", stderr.String())
	}
	opts := demo.Options{Wallets: 300, Days: 20, Seed: 1, AsOf: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}
	want := generatedCounts(t, opts)
	first := rawDigests(t, db)
	if diff := cmp.Diff(want, countsOf(first)); diff != "" {
		t.Errorf("row counts in the warehouse differ from the generator's (-generator +warehouse):\n%s", diff)
	}

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := &cancelOn{trigger: "OK   demo raw.transactions", cancel: cancel}
	code := Main(cctx, []string{"--project-dir", "../../..", "--db", db, "demo", "--wallets", "400", "--days", "20", "--seed", "2"}, &bytes.Buffer{}, w)
	if code != exitError || !strings.Contains(w.buf.String(), "the raw tables are unchanged") {
		t.Fatalf("cancelled demo: exit %d, stderr:\n%s", code, w.buf.String())
	}
	if diff := cmp.Diff(first, rawDigests(t, db)); diff != "" {
		t.Errorf("a cancelled demo changed the raw tables (-before +after):\n%s", diff)
	}

	if code := wv(ctx, &stderr, append(demoArgs, "--seed", "1")...); code != exitOK {
		t.Fatalf("demo again: exit %d\n%s", code, stderr.String())
	}
	if diff := cmp.Diff(first, rawDigests(t, db)); diff != "" {
		t.Errorf("a rerun with the same options changed the raw tables (-first +rerun):\n%s", diff)
	}
}

// digest is a table's row count and an md5 over its rows in sorted text form.
type digest struct {
	Rows int64
	MD5  string
}

func rawDigests(t *testing.T, path string) map[string]digest {
	t.Helper()
	db, err := duck.Open(path, duck.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]digest{}
	for _, table := range demo.Tables() {
		var d digest
		q := "select count(*), coalesce(md5(string_agg(r::varchar, chr(10) order by r::varchar)), '') from raw." + table + " r"
		if err := db.QueryRow(q).Scan(&d.Rows, &d.MD5); err != nil {
			t.Fatal(err)
		}
		out[table] = d
	}
	return out
}

func countsOf(digests map[string]digest) map[string]int64 {
	out := map[string]int64{}
	for table, d := range digests {
		out[table] = d.Rows
	}
	return out
}

// countSink counts rows per table without a database.
type countSink map[string]int64

func (s countSink) Write(table string, _ []string, rows func(yield func(...driver.Value) error) error) error {
	return rows(func(...driver.Value) error { s[table]++; return nil })
}

func generatedCounts(t *testing.T, opts demo.Options) map[string]int64 {
	t.Helper()
	s := countSink{}
	if err := demo.Generate(opts, s); err != nil {
		t.Fatal(err)
	}
	return s
}
