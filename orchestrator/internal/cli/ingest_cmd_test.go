package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest"
	"github.com/wv-analytics/wv/orchestrator/internal/ingest/ingesttest"
)

// fakeAPIs are the three fakes over one chain.
type fakeAPIs struct {
	chain *ingesttest.Chain
	hiro  *ingesttest.Hiro
	cg    *ingesttest.CoinGecko
	s21   *ingesttest.Signal21
}

func startFakes(t testing.TB, end time.Time, days float64, h ingesttest.HiroOptions) *fakeAPIs {
	c := ingesttest.NewChain(ingesttest.ChainOptions{Seed: 5, End: end, Days: days, Wallets: 120})
	return &fakeAPIs{chain: c, hiro: ingesttest.NewHiro(t, c, h), cg: ingesttest.NewCoinGecko(t, c, ingesttest.CoinGeckoOptions{}),
		s21: ingesttest.NewSignal21(t, c, ingesttest.Signal21Options{})}
}

// env points wv at the fakes, unthrottled.
func (f *fakeAPIs) env() []string {
	return []string{"WV_HIRO_URL=" + f.hiro.URL, "WV_COINGECKO_URL=" + f.cg.BaseURL(), "WV_SIGNAL21_URL=" + f.s21.URL,
		"WV_HIRO_RPM=1000000", "WV_COINGECKO_RPM=1000000", "WV_SIGNAL21_RPM=1000000"}
}

// migrated returns a fresh warehouse with the project's migrations applied.
func migrated(t testing.TB) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	var stderr bytes.Buffer
	if code := Main(context.Background(), []string{"--project-dir", "../../..", "--db", db, "migrate"}, io.Discard, &stderr); code != exitOK {
		t.Fatalf("migrate: exit %d\n%s", code, stderr.String())
	}
	return db
}

// tables renders every table ingestion writes, without the columns that depend on when a
// run fetched (as the ingest package's tests compare).
func tables(t testing.TB, path string) map[string][]string {
	t.Helper()
	db, err := duck.Open(path, duck.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][]string{}
	for table, omit := range compared {
		rows, err := queryRows(context.Background(), db, "select "+strings.Join(ingest.Columns(table), ", ")+" from "+table)
		if err != nil {
			t.Fatal(err)
		}
		out[table] = ingesttest.Render(ingest.Columns(table), rows, omit...)
	}
	return out
}

// compared are the raw tables and the ingest cursors, without their fetch-time columns.
var compared = func() map[string][]string {
	m := maps.Clone(ingesttest.FetchTimeColumns)
	m[ingest.TableCursors] = []string{"updated_at"}
	return m
}()

func memTables(s *ingesttest.Store) map[string][]string {
	out := map[string][]string{}
	for table, omit := range compared {
		out[table] = s.Rows(table, omit...)
	}
	return out
}

// The warehouse adapter (SQL over DuckDB, one open per batch) and the in-memory store the
// ingest package's tests use end up with the same rows from the same run: the fault tests
// over the in-memory store hold for the warehouse.
func TestIngest_WarehouseMatchesTheTestStore(t *testing.T) {
	end := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	f := startFakes(t, end, 0.5, ingesttest.HiroOptions{})
	path := migrated(t)
	stores := map[string]ingest.Store{"warehouse": &warehouse{path: path}, "memory": ingesttest.NewStore()}
	for _, name := range []string{"warehouse", "memory"} {
		for run := range 2 { // the second run resumes from what the first stored
			clock := ingesttest.NewClock(end.Add(time.Duration(run+1) * time.Minute))
			log := slog.New(slog.DiscardHandler)
			client := ingest.NewClient(ingest.HTTPOptions{}, clock, log, nil)
			sources, _, err := buildSources(client, ingestOrder, apiFlags{HiroURL: f.hiro.URL, CoinGeckoURL: f.cg.BaseURL(), Signal21URL: f.s21.URL, HiroRPM: -1, CoinGeckoRPM: -1, Signal21RPM: -1}, apiKeys{})
			if err != nil {
				t.Fatal(err)
			}
			env := &ingest.Env{Store: stores[name], Clock: clock, Log: log, Options: ingest.Options{MaxDays: 5, EnsureBalances: run == 1}}
			if err := ingest.Run(context.Background(), env, sources, nil); err != nil {
				t.Fatalf("%s, run %d: %v", name, run+1, err)
			}
		}
	}
	want, got := memTables(stores["memory"].(*ingesttest.Store)), tables(t, path)
	for table := range compared {
		if len(want[table]) == 0 {
			t.Errorf("%s: no rows", table)
		}
		if diff := cmp.Diff(want[table], got[table]); diff != "" {
			t.Errorf("%s: the warehouse differs from the test store (-memory +warehouse):\n%s", table, diff)
		}
	}
}

// wvCmd runs the wv binary (the test binary, set up in $PATH by testscript.Main).
func wvCmd(db string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command("wv", append([]string{"--project-dir", "../../..", "--db", db}, args...)...)
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "WV_") || strings.HasPrefix(kv, "HIRO_") || strings.HasPrefix(kv, "COIN_GECKO") || strings.HasPrefix(kv, "OPS_")
	}), env...)
	return cmd
}

// A `wv ingest` process killed (SIGKILL) at random points, several times over, resumes each
// time, and the last run leaves the tables a clean run leaves.
func TestIngest_SurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs wv several times")
	}
	f := startFakes(t, time.Now().UTC().Truncate(time.Second), 0.5, ingesttest.HiroOptions{})
	args := []string{"ingest", "--max-days", "3"}
	clean := migrated(t)
	before := f.hiro.Requests()
	if out, err := wvCmd(clean, f.env(), args...).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	requests := f.hiro.Requests() - before

	killed := migrated(t)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	done := int64(0)   // requests of the work done, roughly: a resumed run reads the tail again
	for i := range 5 { // each kill lands anywhere in the work left
		start := f.hiro.Requests()
		at := start + 1 + rng.Int64N(max(1, requests-done))
		done += at - start - 40
		var out bytes.Buffer
		cmd := wvCmd(killed, f.env(), args...)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if killAt(cmd, done, func() bool { return f.hiro.Requests() >= at }, time.Duration(rng.Int64N(int64(20*time.Millisecond)))) {
			t.Logf("kill %d: SIGKILL after %d requests (a clean run makes %d)", i+1, at-start, requests)
		} else {
			t.Logf("kill %d: the run finished before %d requests", i+1, at-start)
		}
	}
	if out, err := wvCmd(killed, f.env(), args...).CombinedOutput(); err != nil {
		t.Fatalf("the run after the kills: %v\n%s", err, out)
	}
	want, got := tables(t, clean), tables(t, killed)
	for table := range compared {
		if diff := cmp.Diff(want[table], got[table]); diff != "" {
			t.Errorf("%s after the kills differs from a clean run (-clean +killed):\n%s", table, diff)
		}
	}
}

// Two `wv ingest` on one warehouse: the second is refused before any request, naming the
// first's process; once the first is gone (killed here) the next run proceeds.
func TestIngest_OneAtATime(t *testing.T) {
	f := startFakes(t, time.Now().UTC().Truncate(time.Second), 0.5, ingesttest.HiroOptions{})
	db := migrated(t)
	first := wvCmd(db, append(f.env(), "WV_HIRO_RPM=60"), "ingest", "--max-days", "3") // slow: 1 request/s
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- first.Wait() }()
	killed := false
	defer func() {
		if !killed {
			first.Process.Kill()
			<-done
		}
	}()
	for f.hiro.Requests() == 0 { // it holds the lock before its first request
		select {
		case err := <-done:
			t.Fatalf("the first ingest ended early: %v", err)
		case <-time.After(5 * time.Millisecond):
		}
	}

	before := f.hiro.Requests() + f.cg.Requests() + f.s21.Requests()
	out, err := wvCmd(db, f.env(), "ingest").CombinedOutput()
	if err == nil {
		t.Fatalf("the second ingest ran:\n%s", out)
	}
	want := fmt.Sprintf("another `wv ingest` or `wv build` is fetching into %s (%s.ingest.lock is held by process %d)", db, db, first.Process.Pid)
	if !strings.Contains(string(out), want) {
		t.Errorf("the second ingest said:\n%s\nwant it to say %q", out, want)
	}
	if after := f.hiro.Requests() + f.cg.Requests() + f.s21.Requests(); after > before+2 { // the first may make one or two meanwhile
		t.Errorf("%d requests while the second ingest was refused", after-before)
	}

	first.Process.Signal(syscall.SIGKILL)
	<-done
	killed = true
	if out, err := wvCmd(db, f.env(), "ingest", "supply").CombinedOutput(); err != nil {
		t.Fatalf("after the first was killed: %v\n%s", err, out)
	}
}

// killAt kills cmd with SIGKILL once ready holds (then after a little more), unless it ends
// first; it reports whether it killed.
func killAt(cmd *exec.Cmd, done chan error, ready func() bool, after time.Duration) bool {
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for !ready() {
		select {
		case <-done:
			return false
		case <-tick.C:
		}
	}
	select {
	case <-done:
		return false
	case <-time.After(after):
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	return true
}

// TestIngestScripts runs testdata/ingest/*.txtar with wv pointed at fake APIs
// ($WV_HIRO_URL, ...; $HIRO_KEYED_URL wants the key "the-key").
func TestIngestScripts(t *testing.T) {
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	f := startFakes(t, time.Now().UTC().Truncate(time.Second), 0.3, ingesttest.HiroOptions{})
	keyed := ingesttest.NewHiro(t, f.chain, ingesttest.HiroOptions{Key: "the-key"})
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/ingest",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			for _, kv := range append(f.env(), "HIRO_KEYED_URL="+keyed.URL) {
				k, v, _ := strings.Cut(kv, "=")
				env.Setenv(k, v)
			}
			if _, err := os.Stat(filepath.Join(env.WorkDir, ".repo-project")); err == nil {
				return copyRepoProject(repo, env.WorkDir)
			}
			return os.CopyFS(filepath.Join(env.WorkDir, "sql"), os.DirFS(filepath.Join(repo, "sql")))
		},
	})
}

// BenchmarkIngest_Warehouse measures `wv ingest blocks` speed into a DuckDB warehouse (opened
// per batch of 50 blocks) from an unthrottled in-process fake: a day of fake chain.
//
//	go test ./orchestrator/internal/cli/ -run '^$' -bench Ingest_Warehouse -benchtime 3x
func BenchmarkIngest_Warehouse(b *testing.B) {
	end := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	f := startFakes(b, end, 1, ingesttest.HiroOptions{})
	blocks, txs := len(f.chain.Blocks(0)), len(f.chain.ExpectedTxs(0))
	var elapsed time.Duration
	for range b.N {
		path := migrated(b)
		clock := ingesttest.NewClock(end.Add(time.Minute))
		log := slog.New(slog.DiscardHandler)
		sources, _, err := buildSources(ingest.NewClient(ingest.HTTPOptions{}, clock, log, nil), []string{"blocks"}, apiFlags{HiroURL: f.hiro.URL, HiroRPM: -1}, apiKeys{})
		if err != nil {
			b.Fatal(err)
		}
		env := &ingest.Env{Store: &warehouse{path: path}, Clock: clock, Log: log, Options: ingest.Options{MaxDays: 5}}
		start := time.Now()
		if err := ingest.Run(context.Background(), env, sources, nil); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
	}
	s := elapsed.Seconds() / float64(b.N)
	b.ReportMetric(float64(blocks)/s, "blocks/s")
	b.ReportMetric(float64(txs)/s, "txs/s")
}
