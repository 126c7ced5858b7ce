package compile_test

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

var update = flag.Bool("update", false, "rewrite the want/ folders of testdata/<case>")

// clock is "now" for every golden case: as_of defaults render as this instant.
var clock = time.Date(2026, 1, 31, 12, 34, 56, 789_000_000, time.UTC)

// TestAll_Golden compiles each testdata/<case> project and compares the result with its
// want/ folder: want/<layer>/<name>.sql (and <name>.incremental.sql) plus want/deps.txt for a
// project that compiles, want/stderr.txt holding the exact error text for one that does not.
// A case may hold vars.txt: --vars arguments, one per line.
func TestAll_Golden(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata", e.Name())
			got := compileCase(t, dir)
			wantDir := filepath.Join(dir, "want")
			if *update {
				writeTree(t, wantDir, got)
			}
			want := readTree(t, wantDir)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("compiled output differs from %s (-want +got); run go test -update to accept:\n%s", wantDir, diff)
			}
		})
	}
}

// compileCase loads, resolves and compiles the project in dir, returning its want/ files.
func compileCase(t *testing.T, dir string) map[string]string {
	t.Helper()
	p, err := project.Load(os.DirFS(dir))
	if err != nil {
		return stderr(err)
	}
	vals, err := vars.Resolve(p.Vars, readOverrides(t, dir), clock)
	if err != nil {
		return stderr(err)
	}
	res, err := compile.All(p, vals)
	if err != nil {
		return stderr(err)
	}
	out := map[string]string{"deps.txt": deps(t, res)}
	for _, m := range res.Models {
		out[m.Layer+"/"+m.Name+".sql"] = m.SQL + "\n"
		if m.IncrementalSQL != "" {
			out[m.Layer+"/"+m.Name+".incremental.sql"] = m.IncrementalSQL + "\n"
		}
	}
	return out
}

func stderr(err error) map[string]string { return map[string]string{"stderr.txt": err.Error() + "\n"} }

// deps lists the models in build order with what each reads.
func deps(t *testing.T, res *compile.Result) string {
	t.Helper()
	order, err := res.Graph.Sort()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("# build order: model [materialized] <- refs; sources\n")
	for _, name := range order {
		m := res.Models[name]
		fmt.Fprintf(&b, "%s [%s] <- %s; %s\n", m.Relation(), m.Config.Materialized, orNone(m.Refs), orNone(m.Sources))
	}
	return b.String()
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "-"
	}
	return strings.Join(list, " ")
}

func readOverrides(t *testing.T, dir string) []vars.Override {
	t.Helper()
	text, ok := readOptional(t, filepath.Join(dir, "vars.txt"))
	if !ok {
		return nil
	}
	var out []vars.Override
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		o, err := vars.ParseOverride(line)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

func readOptional(t *testing.T, path string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

// readTree returns every file under dir by slash-separated relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(files[name]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
