package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/atomicfile"
	"github.com/wv-analytics/wv/orchestrator/internal/duck"
)

// asOf pins every chain and run, so results are comparable between runs.
const asOf = "2026-11-30T00:00:00Z"

// chains are the demo sizes: about 7.4 transactions per wallet.
var chains = map[string]int{"2m": 300_000, "20m": 2_700_000}

type bench struct {
	wv     string
	dir    string
	fresh  bool
	repeat int // full runs and direct runs per chain, interleaved; medians are reported
}

// Results is out/bench/results.json.
type Results struct {
	Machine  string         `json:"machine"`
	Date     time.Time      `json:"date"`
	Compile  *CompileResult `json:"compile_1000_models"`
	Chains   []*ChainResult `json:"chains"`
	Build    *Measure       `json:"build_2m,omitempty"`
	Failures []string       `json:"failures,omitempty"`
}

// Measure is one timed process.
type Measure struct {
	WallSeconds float64 `json:"wall_seconds"`
	CPUSeconds  float64 `json:"cpu_seconds"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
}

// ChainResult is everything measured on one demo chain.
type ChainResult struct {
	Size         string           `json:"size"`
	Wallets      int              `json:"wallets"`
	Transactions int64            `json:"transactions"`
	Demo         *Measure         `json:"demo,omitempty"`
	Run          *Measure         `json:"run"`        // median of RunWalls' runs
	Direct       *Measure         `json:"direct_sql"` // median of DirectWalls' runs
	RunWalls     []float64        `json:"run_wall_seconds"`
	DirectWalls  []float64        `json:"direct_wall_seconds"`
	OverheadPct  float64          `json:"overhead_pct"`
	NoOpSeconds  float64          `json:"noop_state_modified_seconds"`
	Models       map[string]Model `json:"models"` // of the median run
}

// Model is one model's row count and seconds in the full run.
type Model struct {
	Rows    *int64  `json:"rows"`
	Seconds float64 `json:"seconds"`
}

// CompileResult is the Go benchmark of compile + plan.
type CompileResult struct {
	MsPerOp float64 `json:"ms_per_op"`
}

func (b *bench) all(ctx context.Context, sizes []string) error {
	res := &Results{Machine: machine(), Date: time.Now().UTC()}
	var err error
	if res.Compile, err = compileBench(); err != nil {
		res.Failures = append(res.Failures, "compile: "+err.Error())
	}
	for _, size := range sizes {
		c, err := b.chain(ctx, size)
		if err != nil {
			return fmt.Errorf("chain %s: %w", size, err)
		}
		res.Chains = append(res.Chains, c)
		if size == "2m" {
			if res.Build, err = b.build(size); err != nil {
				res.Failures = append(res.Failures, "build: "+err.Error())
			}
		}
	}
	return b.write(res)
}

func (b *bench) db(size string) string { return filepath.Join(b.dir, size+".duckdb") }

// chain makes (or reuses) a demo chain, then measures a full run, the direct SQL and a no-op.
func (b *bench) chain(ctx context.Context, size string) (*ChainResult, error) {
	db, demo, err := b.ensureChain(size)
	if err != nil {
		return nil, err
	}
	c := &ChainResult{Size: size, Wallets: chains[size], Demo: demo}
	// Full and direct runs alternate, so a slower spell of this shared machine hits both.
	var runs, directs []*Measure
	models := map[*Measure]map[string]Model{} // each run's per-model seconds
	for i := 0; i < max(b.repeat, 1); i++ {
		m, err := b.wvRun(db, "run", "--vars", "as_of="+asOf)
		if err != nil {
			return nil, err
		}
		runs = append(runs, m)
		if models[m], err = readModels("out/run_results.json"); err != nil {
			return nil, err
		}
		if m, err = b.direct(ctx, db); err != nil {
			return nil, err
		}
		directs = append(directs, m)
	}
	c.Run, c.RunWalls = median(runs)
	c.Direct, c.DirectWalls = median(directs)
	c.Models = models[c.Run]
	noop, err := b.wvRun(db, "run", "--select", "state:modified", "--vars", "as_of="+asOf)
	if err != nil {
		return nil, err
	}
	c.NoOpSeconds = noop.WallSeconds
	c.OverheadPct = (c.Run.WallSeconds - c.Direct.WallSeconds) / c.Direct.WallSeconds * 100
	c.Transactions, err = countTxs(ctx, db)
	return c, err
}

// makeChain migrates a new warehouse at db and fills it with a demo chain of wallets.
func (b *bench) makeChain(db string, wallets int) (*Measure, error) {
	os.Remove(db)
	os.RemoveAll(db + ".tmp")
	if _, err := b.wvRun(db, "migrate"); err != nil {
		return nil, err
	}
	return b.wvRun(db, "demo", "--wallets", strconv.Itoa(wallets), "--as-of", asOf)
}

// ensureChain returns the seeded warehouse of size, making its chain (timed: demo) when there
// is none or -fresh is set.
func (b *bench) ensureChain(size string) (db string, demo *Measure, err error) {
	wallets, ok := chains[size]
	if !ok {
		return "", nil, fmt.Errorf("unknown size %q (want 2m or 20m)", size)
	}
	db = b.db(size)
	if _, statErr := os.Stat(db); statErr != nil || b.fresh {
		if demo, err = b.makeChain(db, wallets); err != nil {
			return "", nil, err
		}
	}
	_, err = b.wvRun(db, "seed")
	return db, demo, err
}

// wvRun runs wv against db and measures it with the child's rusage.
func (b *bench) wvRun(db string, args ...string) (*Measure, error) {
	return b.wvRunWith(b.wv, "", db, args...)
}

// wvRunWith runs the wv binary bin on project (the working directory's when "") against db.
func (b *bench) wvRunWith(bin, project, db string, args ...string) (*Measure, error) {
	args = append([]string{"--db", db}, args...)
	if project != "" {
		args = append([]string{"--project-dir", project}, args...)
	}
	fmt.Fprintf(os.Stderr, "$ %s %v\n", bin, args)
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	m := measure(cmd.ProcessState, time.Since(start))
	if err != nil {
		return nil, fmt.Errorf("wv %v: %w\n%s", args, err, tail(out.String(), 2000))
	}
	fmt.Fprintf(os.Stderr, "  %.2fs wall, %.2fs cpu, %.0f MB peak\n", m.WallSeconds, m.CPUSeconds, m.PeakRSSMB)
	return m, nil
}

func measure(ps *os.ProcessState, wall time.Duration) *Measure {
	m := &Measure{WallSeconds: wall.Seconds()}
	if ps == nil {
		return m
	}
	m.CPUSeconds = (ps.UserTime() + ps.SystemTime()).Seconds()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		m.PeakRSSMB = float64(ru.Maxrss) / 1024
	}
	return m
}

// median returns the measure with the median wall time (the upper one of an even count) and
// every wall time in the order measured.
func median(ms []*Measure) (*Measure, []float64) {
	walls := make([]float64, len(ms))
	for i, m := range ms {
		walls[i] = m.WallSeconds
	}
	sorted := slices.Clone(ms)
	slices.SortFunc(sorted, func(a, b *Measure) int { return cmp.Compare(a.WallSeconds, b.WallSeconds) })
	return sorted[len(sorted)/2], walls
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// direct runs the compiled SQL of the last run's models in run order straight in DuckDB, with
// the same settings wv uses, in a child process so its peak memory is its own.
func (b *bench) direct(ctx context.Context, db string) (*Measure, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, "-direct", db)
	cmd.Env = append(os.Environ(), "WVBENCH_DIRECT=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err = cmd.Run()
	m := measure(cmd.ProcessState, time.Since(start))
	if err != nil {
		return nil, fmt.Errorf("direct SQL: %w\n%s", err, out.String())
	}
	fmt.Fprintf(os.Stderr, "  direct SQL: %.2fs wall, %.0f MB peak\n", m.WallSeconds, m.PeakRSSMB)
	return m, nil
}

func readModels(path string) (map[string]Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rr struct {
		Results []struct {
			Relation string  `json:"relation"`
			Rows     *int64  `json:"rows"`
			Seconds  float64 `json:"seconds"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &rr); err != nil {
		return nil, err
	}
	out := map[string]Model{}
	for _, r := range rr.Results {
		out[r.Relation] = Model{Rows: r.Rows, Seconds: r.Seconds}
	}
	return out, nil
}

func countTxs(ctx context.Context, path string) (int64, error) {
	db, err := duck.Open(path, duck.Options{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	err = db.QueryRowContext(ctx, "select count(*) from raw.transactions").Scan(&n)
	return n, err
}

var nsPerOp = regexp.MustCompile(`BenchmarkNew_1000Models\S*\s+\d+\s+(\d+) ns/op`)

// compileBench runs the Go benchmark of compile + plan on a generated 1,000-model project.
func compileBench() (*CompileResult, error) {
	fmt.Fprintln(os.Stderr, "$ go test -run ^$ -bench BenchmarkNew_1000Models ./orchestrator/internal/plan/")
	out, err := output(context.Background(), "", "go", "test", "-run", "^$", "-bench", "BenchmarkNew_1000Models",
		"-benchtime", "20x", "./orchestrator/internal/plan/")
	if err != nil {
		return nil, err
	}
	m := nsPerOp.FindStringSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("no ns/op in:\n%s", out)
	}
	ns, _ := strconv.ParseFloat(m[1], 64)
	fmt.Fprintf(os.Stderr, "  %.1f ms per compile + plan of 1,000 models\n", ns/1e6)
	return &CompileResult{MsPerOp: ns / 1e6}, nil
}

// build measures wv build end to end (pages included) on a copy of the chain.
func (b *bench) build(size string) (*Measure, error) {
	copyPath := b.db(size + "-build")
	if err := copyFile(b.db(size), copyPath); err != nil {
		return nil, err
	}
	defer os.Remove(copyPath)
	return b.wvRun(copyPath, "build", "--demo", "--as-of", asOf)
}

// copyFile streams src to dst. Reading the file into memory would raise this process's peak
// RSS, and Linux reports that peak as every later child's own (the exec'd child starts from
// its parent's high-water mark): the no-op run on 20M txs once showed 1.4 GB.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func machine() string {
	cpu := "unknown cpu"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`model name\s*:\s*(.+)`).FindSubmatch(b); m != nil {
			cpu = string(m[1])
		}
		// "AMD EPYC" alone names several generations, 1.8x apart on this suite.
		family := regexp.MustCompile(`cpu family\s*:\s*(\d+)`).FindSubmatch(b)
		model := regexp.MustCompile(`model\s*:\s*(\d+)`).FindSubmatch(b)
		mhz := regexp.MustCompile(`cpu MHz\s*:\s*([\d.]+)`).FindSubmatch(b)
		if family != nil && model != nil && mhz != nil {
			cpu += fmt.Sprintf(" (family %s model %s, %s MHz)", family[1], model[1], mhz[1])
		}
	}
	mem := ""
	if total := duck.TotalMemory(); total > 0 {
		mem = fmt.Sprintf(", %.0f GiB", float64(total)/(1<<30))
	}
	return fmt.Sprintf("%d cores, %s%s, %s/%s", runtime.NumCPU(), cpu, mem, runtime.GOOS, runtime.GOARCH)
}

func (b *bench) write(res *Results) error { return b.save("results", res, markdown(res)) }

// save writes v as <dir>/<name>.json and md as <dir>/<name>.md, each atomically, and prints md.
func (b *bench) save(name string, v any, md string) error {
	js, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(b.dir, name+".json"), append(js, '\n')); err != nil {
		return err
	}
	fmt.Print(md)
	return atomicfile.Write(filepath.Join(b.dir, name+".md"), []byte(md))
}
