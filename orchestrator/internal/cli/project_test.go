package cli_test

import (
	"bytes"
	"context"
	"github.com/google/go-cmp/cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wv-analytics/wv/orchestrator/internal/cli"
)

// copyProject copies the repository's own project (wv.yml and its folders) into a temporary
// directory, so tests never write into the working tree.
func copyProject(t *testing.T) string {
	t.Helper()
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, d := range []string{"sql", "models", "macros", "seeds", "reports"} {
		if _, err := os.Stat(filepath.Join(repo, d)); err == nil {
			if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(repo, d))); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(repo, "wv.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wv.yml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func mustWV(t *testing.T, dir string, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args = append([]string{"--project-dir", dir}, args...)
	if code := cli.Main(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("wv %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// TestRealProject_Compiles checks the repository's models compile and form the expected DAG:
// waltv+ is waltv and exactly the marts built on it.
func TestRealProject_Compiles(t *testing.T) {
	dir := copyProject(t)
	out, _ := mustWV(t, dir, "ls", "--select", "waltv+", "--vars", "as_of=2026-01-01")
	want := []string{"marts.waltv", "marts.channel_payback", "marts.cpa_panel", "marts.expected_nv_180",
		"marts.value_kpis", "marts.waltv_cohort", "marts.waltv_distribution", "marts.waltv_window_stats",
		"marts.activation_vs_trailing"}
	got := strings.Fields(out)
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("waltv+ selects %v, want %v", got, want)
	}
	if got[0] != "marts.waltv" {
		t.Errorf("waltv+ starts with %s, want marts.waltv first", got[0])
	}
}

// TestRealProject_UnitTests runs every model unit test of the repository (no warehouse).
func TestRealProject_UnitTests(t *testing.T) {
	dir := copyProject(t)
	_, stderr := mustWV(t, dir, "test", "--kind", "unit")
	if !strings.Contains(stderr, " 0 FAIL, 0 ERROR") || strings.Contains(stderr, " 0 PASS") {
		t.Errorf("unit tests did not all pass:\n%s", stderr)
	}
	t.Log(stderr[strings.LastIndex(stderr, "Tests:"):])
}

// martHashes returns, per mart, its row count and the sum of its rows' hashes: independent of
// row order, and constant memory however big the mart.
func martHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out, _ := mustWV(t, dir, "sql", "-f", "csv",
		"select table_name from information_schema.tables where table_schema = 'marts' order by 1")
	hashes := map[string]string{}
	for _, name := range strings.Fields(out)[1:] {
		h, _ := mustWV(t, dir, "sql", "-f", "csv", "select count(*) || ':' || coalesce(sum(hash(cast(t as varchar))::hugeint), 0) "+
			"as h from marts."+name+" as t")
		hashes[name] = strings.Fields(h)[1]
	}
	return hashes
}

// TestRealProject_DemoChain builds every model on a small demo chain, passes every data test,
// and a second build with the same data and as_of yields identical marts.
func TestRealProject_DemoChain(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole project on a demo chain")
	}
	dir := copyProject(t)
	asOf := "as_of=2026-11-30T00:00:00Z"
	mustWV(t, dir, "migrate")
	mustWV(t, dir, "demo", "--wallets", "800", "--days", "200", "--as-of", "2026-11-30T00:00:00Z")
	var stdout, stderr bytes.Buffer
	if code := cli.Main(context.Background(), []string{"--project-dir", dir, "run", "--vars", asOf}, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "seed.address_channel_map, seed.cac_by_channel not loaded: run `wv seed` first") {
		t.Errorf("run before seed: exit %d, want 1 and a hint to run wv seed:\n%s", code, stderr.String())
	}
	mustWV(t, dir, "seed")
	_, runOut := mustWV(t, dir, "run", "--vars", asOf)
	if !strings.Contains(runOut, " 0 FAIL, 0 SKIP") {
		t.Fatalf("run:\n%s", runOut)
	}
	_, testOut := mustWV(t, dir, "test", "--kind", "data", "--vars", asOf)
	if !strings.Contains(testOut, " 0 FAIL, 0 ERROR") {
		t.Errorf("data tests on the demo chain:\n%s", testOut)
	}
	first := martHashes(t, dir)
	if len(first) < 14 {
		t.Fatalf("hashed %d marts, want every mart: %v", len(first), first)
	}
	mustWV(t, dir, "run", "--vars", asOf)
	if diff := cmp.Diff(first, martHashes(t, dir)); diff != "" {
		t.Errorf("marts differ between two builds of the same data (-first +second):\n%s", diff)
	}
}
