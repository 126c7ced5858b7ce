package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/progress"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/run"
	"github.com/wv-analytics/wv/orchestrator/internal/snapshot"
)

// buildCmd is the runbook's build_dashboards.py: the same flags, the same meaning.
type buildCmd struct {
	WalletMaxDays        int           `name:"wallet-max-days" placeholder:"N" help:"Cohorts are activations of the last N days (var max_days); also how far back a first sync reads."`
	WalletWindows        []int         `name:"wallet-windows" placeholder:"N,..." help:"Activation windows of the value page (var windows), e.g. --wallet-windows 15 30 60 90."`
	ROIWindows           []int         `name:"roi-windows" placeholder:"N,..." help:"Activation windows of the ROI page (var roi_windows), e.g. --roi-windows 15 30 60 90 180."`
	ForceRefresh         bool          `name:"force-refresh" help:"Sync re-reads from the APIs, bypassing caches; it never deletes stored data."`
	OnePagerOnly         bool          `name:"one-pager-only" help:"Build only the ROI one-pager (its models, tests and page)."`
	ValueOnly            bool          `name:"value-only" help:"Build only the value dashboard (unlike the original, not the ROI page too)."`
	WalletDBSnapshot     bool          `name:"wallet-db-snapshot" help:"Build from a consistent copy of the warehouse and skip the sync, so a running ingest is not disturbed; the copy is deleted at the end."`
	EnsureWalletBalances bool          `name:"ensure-wallet-balances" help:"Sync also refreshes balances of wallets activated in the last 7 days."`
	CPATargetSTX         *float64      `name:"cpa-target-stx" placeholder:"STX" help:"CPA target of the payback panels (var cpa_target_stx, default 5)."`
	PublicDir            string        `name:"public-dir" placeholder:"DIR" help:"Where pages are published (default: <project-dir>/out/public)."`
	AsOf                 string        `name:"as-of" placeholder:"TIMESTAMP" help:"The clock of every model (var as_of), e.g. 2026-11-30T00:00:00Z (default: now)."`
	Demo                 bool          `help:"No sync: build from the warehouse as it is, writing the demo chain first if it holds no transactions."`
	Vars                 []string      `sep:"none" placeholder:"KEY=VALUE" help:"Any other var, as in wv run."`
	SnapshotWait         time.Duration `name:"snapshot-wait" default:"2m" help:"How long --wallet-db-snapshot waits for a writer to release the warehouse."`
	seedFiles
}

// pageModels selects what each page needs: its marts and everything upstream.
var pageModels = map[string]string{
	"value": "+tag:value +tag:report",
	"roi":   "+tag:roi +tag:report",
}

func (c *buildCmd) pages() ([]string, error) {
	switch {
	case c.OnePagerOnly && c.ValueOnly:
		return nil, errors.New("--one-pager-only and --value-only exclude each other")
	case c.OnePagerOnly:
		return []string{"roi"}, nil
	case c.ValueOnly:
		return []string{"value"}, nil
	}
	return []string{"value", "roi"}, nil
}

// vars turns the runbook flags into --vars overrides; a --vars given explicitly comes last and wins.
func (c *buildCmd) vars() []string {
	var out []string
	add := func(name, value string) { out = append(out, name+"="+value) }
	if c.WalletMaxDays != 0 {
		add("max_days", strconv.Itoa(c.WalletMaxDays))
	}
	if len(c.WalletWindows) > 0 {
		add("windows", joinInts(c.WalletWindows))
	}
	if len(c.ROIWindows) > 0 {
		add("roi_windows", joinInts(c.ROIWindows))
	}
	if c.CPATargetSTX != nil {
		add("cpa_target_stx", strconv.FormatFloat(*c.CPATargetSTX, 'g', -1, 64))
	}
	if c.AsOf != "" {
		add("as_of", c.AsOf)
	}
	return append(out, c.Vars...)
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// build holds what the stages share.
type build struct {
	cmd      *buildCmd
	a        *app
	pages    []string
	p        *project.Project
	res      *compile.Result
	snapshot *snapshot.Info
	db       *sql.DB
	html     map[string][]byte // rendered pages, for publish
}

func (c *buildCmd) Run(ctx context.Context, a *app) error {
	pages, err := c.pages()
	if err != nil {
		return err
	}
	b := &build{cmd: c, a: a, pages: pages}
	if err := b.validate(); err != nil {
		return err
	}
	defer b.cleanup()
	stages := []struct {
		name string
		fn   func(context.Context) (string, error)
	}{
		{"prepare", b.prepare}, {"sync", b.sync}, {"seed", b.seed}, {"run", b.run},
		{"test", b.test}, {"render", b.render}, {"publish", b.publish},
	}
	for i, s := range stages {
		if err := a.stage(i+1, len(stages)+1, s.name, func() (string, error) { return s.fn(ctx) }); err != nil {
			return err
		}
	}
	return a.stage(len(stages)+1, len(stages)+1, "cleanup", b.cleanup)
}

// stage runs one build stage, reporting its start, end and duration. Progress reported inside
// the stage (a run's models, a sync's blocks) moves one bar over the whole build.
func (a *app) stage(i, n int, name string, fn func() (string, error)) error {
	start := a.now()
	fmt.Fprintf(a.stderr, "[%d/%d] %s ...\n", i, n, name)
	outer := a.progress()
	outer.Report("build", int64(i-1)*stageScale, int64(n)*stageScale, name)
	a.reporter = stageReporter{outer: outer, base: int64(i-1) * stageScale, total: int64(n) * stageScale, name: name}
	detail, err := fn()
	a.reporter = outer
	took := seconds(a.now().Sub(start))
	if err != nil {
		fmt.Fprintf(a.stderr, "[%d/%d] %s FAILED after %s\n", i, n, name, took)
		return fmt.Errorf("build stopped at %s: %w", name, err)
	}
	if detail != "" {
		detail = ": " + detail
	}
	fmt.Fprintf(a.stderr, "[%d/%d] %s done in %s%s\n", i, n, name, took, detail)
	outer.Report("build", int64(i)*stageScale, int64(n)*stageScale, name+" done")
	return nil
}

// stageScale is the progress units of one build stage.
const stageScale = 1000

// stageReporter maps a stage's own progress (current of total) into its slice of the build.
type stageReporter struct {
	outer       progress.Reporter
	base, total int64
	name        string
}

func (r stageReporter) Report(stage string, current, total int64, detail string) {
	part := int64(0)
	if total > 0 {
		part = min(current, total) * stageScale / total
	}
	r.outer.Report("build", r.base+part, r.total, r.name+": "+detail)
}

// validate reads the project, vars and seed inputs before anything is written.
func (b *build) validate() error {
	p, err := b.a.loadProject()
	if err != nil {
		return err
	}
	vals, err := b.a.resolveVars(p, b.cmd.vars())
	if err != nil {
		return err
	}
	res, err := compile.All(p, vals)
	if err != nil {
		return problems(err, "in the project; nothing was built")
	}
	if _, err := b.a.readSeeds(p, p.Seeds, b.cmd.overrides(), vals); err != nil {
		return problems(err, "in seeds; nothing was built")
	}
	b.p, b.res = p, res
	return nil
}

// prepare takes the snapshot the build will read, when asked, and checks the warehouse.
func (b *build) prepare(ctx context.Context) (string, error) {
	if b.cmd.WalletDBSnapshot {
		info, err := b.a.takeSnapshot(ctx, b.cmd.SnapshotWait, "build-")
		if err != nil {
			return "", err
		}
		b.snapshot = info
		b.a.DB = info.Path // every later stage reads and writes the copy
	}
	if err := b.open(ctx); err != nil {
		return "", err
	}
	if b.snapshot != nil {
		return fmt.Sprintf("building from snapshot %s (waited %dms)", b.snapshot.Path, b.snapshot.WaitedMS), nil
	}
	return "building in " + b.a.dbPath(), nil
}

// sync brings raw.* up to date: the demo chain when --demo finds no transactions, the APIs'
// tail otherwise; nothing from a snapshot.
func (b *build) sync(ctx context.Context) (string, error) {
	switch {
	case b.snapshot != nil:
		return "skipped: building from a snapshot", nil
	case b.cmd.Demo:
		return b.ensureDemo(ctx)
	}
	b.close() // ingest opens the warehouse per batch, so a snapshot can slip in between
	defer b.open(ctx)
	return b.a.syncForBuild(ctx, syncOptions{
		maxDays: b.cmd.WalletMaxDays, forceRefresh: b.cmd.ForceRefresh, ensureBalances: b.cmd.EnsureWalletBalances,
	})
}

// open opens the warehouse for the stages after sync (ingest opens it per batch itself).
func (b *build) open(ctx context.Context) error {
	if b.db != nil {
		return nil
	}
	if !b.a.dbExists() {
		return fmt.Errorf("no warehouse at %s: run `wv migrate` first", b.a.dbPath())
	}
	db, err := b.a.openDB()
	if err != nil {
		return err
	}
	b.db = db
	if err := run.CheckMigrated(ctx, db); err != nil {
		return fmt.Errorf("%s: %w", b.a.dbPath(), err)
	}
	return nil
}

func (b *build) close() {
	if b.db != nil {
		b.db.Close()
		b.db = nil
	}
}

func (b *build) ensureDemo(ctx context.Context) (string, error) {
	var n int64
	if err := b.db.QueryRowContext(ctx, "select count(*) from raw.transactions").Scan(&n); err != nil {
		return "", err
	}
	if n > 0 {
		return fmt.Sprintf("--demo: using the %s transactions in the warehouse", thousands(n)), nil
	}
	opts := demoCmd{Wallets: 3000, Days: 420, Seed: 1, AsOf: b.cmd.AsOf}
	if err := opts.write(ctx, b.a, b.db); err != nil {
		return "", err
	}
	return "--demo: wrote the demo chain", nil
}

func (b *build) seed(ctx context.Context) (string, error) {
	if err := b.open(ctx); err != nil {
		return "", err
	}
	vals, err := b.a.resolveVars(b.p, b.cmd.vars())
	if err != nil {
		return "", err
	}
	tables, err := b.a.readSeeds(b.p, b.p.Seeds, b.cmd.overrides(), vals)
	if err != nil {
		return "", err
	}
	for _, t := range tables {
		if _, err := run.LoadSeed(ctx, b.db, t); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%d seeds", len(tables)), nil
}

func (b *build) selection() selectFlags {
	var sel []string
	for _, page := range b.pages {
		sel = append(sel, pageModels[page])
	}
	return selectFlags{Select: sel, Vars: b.cmd.vars()}
}

func (b *build) run(ctx context.Context) (string, error) {
	pl, err := b.a.plan(ctx, b.res, b.selection(), b.db)
	if err != nil {
		return "", err
	}
	vals, _ := b.a.resolveVars(b.p, b.cmd.vars())
	err = b.a.runModels(ctx, b.db, pl, runInfo{command: "build", flags: b.selection(), vals: vals})
	if err != nil {
		return "", fmt.Errorf("a model failed (see FAIL above); nothing was published")
	}
	return fmt.Sprintf("%d models", len(pl.Steps)), nil
}

func (b *build) test(ctx context.Context) (string, error) {
	pl, err := b.a.plan(ctx, b.res, b.selection(), b.db)
	if err != nil {
		return "", err
	}
	if err := b.a.runTests(ctx, b.db, b.p, b.res, pl, testInfo{kind: "data"}); err != nil {
		return "", fmt.Errorf("an error-severity test failed (see FAIL above); nothing was published")
	}
	return "", nil
}

// render renders every page first (a failure writes nothing), then writes them into out/.
func (b *build) render(ctx context.Context) (string, error) {
	html, err := b.a.renderPages(ctx, b.db, b.pages)
	if err != nil {
		return "", err
	}
	b.html = html
	return fmt.Sprintf("%d pages", len(html)), b.a.writePages(html, b.pages)
}

func (b *build) publish(context.Context) (string, error) {
	dir := b.cmd.PublicDir
	if dir == "" {
		dir = filepath.Join(b.a.outDir(), "public")
	}
	return "published to " + b.a.shortPath(dir), b.a.publishPages(b.html, b.pages, dir)
}

// cleanup closes the warehouse and deletes the build's snapshot; it runs on failure too.
func (b *build) cleanup() (string, error) {
	b.close()
	if b.snapshot == nil {
		return "", nil
	}
	err := snapshot.Remove(b.snapshot)
	path := b.snapshot.Path
	b.snapshot = nil
	if err != nil {
		return "", fmt.Errorf("remove snapshot %s: %w", path, err)
	}
	return "removed snapshot " + path, nil
}
