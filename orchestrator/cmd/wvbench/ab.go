package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The A/B mode (-baseline REV) times full runs of a git revision's binary and models against
// the working tree's, alternating on one warehouse. This VM's speed drifts by a factor of two
// within the hour, so two versions of the code compare only when run side by side in time.

// ABResult is out/bench/ab-<size>.json.
type ABResult struct {
	Machine  string     `json:"machine"`
	Date     time.Time  `json:"date"`
	Baseline string     `json:"baseline"` // the revision given, and the commit it resolved to
	Size     string     `json:"size"`
	Before   []*Measure `json:"before"` // the baseline's runs, in order
	After    []*Measure `json:"after"`  // the working tree's runs, in order
}

// ab checks out rev in a temporary worktree, builds its wv, and runs both versions on the
// chain of size in turn, repeat times each (the one going first alternates).
func (b *bench) ab(ctx context.Context, rev, size string) error {
	dir, err := os.MkdirTemp("", "wvbench-baseline-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tree := filepath.Join(dir, "tree")
	if err := run(ctx, "", "git", "worktree", "add", "--detach", tree, rev); err != nil {
		return fmt.Errorf("baseline %q: %w", rev, err)
	}
	defer run(context.Background(), "", "git", "worktree", "remove", "--force", tree)
	commit, err := output(ctx, tree, "git", "rev-parse", "--short", "HEAD")
	if err != nil {
		return err
	}
	baseline := filepath.Join(dir, "wv")
	if err := run(ctx, tree, "go", "build", "-o", baseline, "./orchestrator/cmd/wv"); err != nil {
		return fmt.Errorf("building the baseline: %w", err)
	}
	db, _, err := b.ensureChain(size)
	if err != nil {
		return err
	}
	res := &ABResult{Machine: machine(), Date: time.Now().UTC(), Baseline: rev + " (" + commit + ")", Size: size}
	before := func() error {
		m, err := b.wvRunWith(baseline, tree, db, "run", "--vars", "as_of="+asOf)
		res.Before = append(res.Before, m)
		return err
	}
	after := func() error {
		m, err := b.wvRun(db, "run", "--vars", "as_of="+asOf)
		res.After = append(res.After, m)
		return err
	}
	for i := 0; i < max(b.repeat, 1); i++ {
		first, second := before, after
		if i%2 == 1 {
			first, second = after, before
		}
		if err := first(); err != nil {
			return err
		}
		if err := second(); err != nil {
			return err
		}
	}
	return b.save("ab-"+size, res, abMarkdown(res))
}

// abMarkdown is out/bench/ab-<size>.md: each pair, then the medians and the change.
func abMarkdown(r *ABResult) string {
	var s strings.Builder
	fmt.Fprintf(&s, "# wv A/B: %s against the working tree\n\nMachine: %s. Date: %s. Chain %s, as_of %s; full `wv run`s alternating on one warehouse.\n\n",
		r.Baseline, r.Machine, r.Date.Format("2006-01-02 15:04 UTC"), r.Size, asOf)
	s.WriteString("| run | before: wall, CPU, peak RSS | after: wall, CPU, peak RSS |\n|---|---|---|\n")
	for i := range min(len(r.Before), len(r.After)) {
		fmt.Fprintf(&s, "| %d | %s | %s |\n", i+1, cells(r.Before[i]), cells(r.After[i]))
	}
	mb, ma := medianOf(r.Before, wall), medianOf(r.After, wall)
	cb, ca := medianOf(r.Before, cpu), medianOf(r.After, cpu)
	fmt.Fprintf(&s, "| median | %.1f s, %.1f s | %.1f s (%+.1f %%), %.1f s (%+.1f %%) |\n", mb, cb, ma, (ma-mb)/mb*100, ca, (ca-cb)/cb*100)
	return s.String()
}

func cells(m *Measure) string {
	return fmt.Sprintf("%.1f s, %.1f s, %.0f MB", m.WallSeconds, m.CPUSeconds, m.PeakRSSMB)
}

func wall(m *Measure) float64 { return m.WallSeconds }
func cpu(m *Measure) float64  { return m.CPUSeconds }

// medianOf is the median of f over ms (the upper one of an even count), each taken on its own.
func medianOf(ms []*Measure, f func(*Measure) float64) float64 {
	vs := make([]float64, len(ms))
	for i, m := range ms {
		vs[i] = f(m)
	}
	slices.Sort(vs)
	return vs[len(vs)/2]
}

func run(ctx context.Context, dir, name string, args ...string) error {
	_, err := output(ctx, dir, name, args...)
	return err
}

func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(string(out), 2000))
	}
	return strings.TrimSpace(string(out)), nil
}
