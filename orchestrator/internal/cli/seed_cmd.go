package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/run"
	"github.com/wv-analytics/wv/orchestrator/internal/seed"
	"github.com/wv-analytics/wv/orchestrator/internal/spell"
)

type seedCmd struct {
	Names []string `arg:"" optional:"" help:"Seeds to load, by name (default: every seed)."`
}

func (c *seedCmd) Run(ctx context.Context, a *app) error {
	p, err := a.loadProject()
	if err != nil {
		return err
	}
	seeds, err := pickSeeds(p, c.Names)
	if err != nil {
		return err
	}
	tables, err := a.readSeeds(seeds)
	if err != nil {
		return problems(err, "in seeds; nothing was loaded")
	}
	db, err := a.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	for _, t := range tables {
		start := time.Now()
		n, err := run.LoadSeed(ctx, db, t)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "OK   seed %-40s %s  %s\n", t.Seed.Relation(), rowCount(n), seconds(time.Since(start)))
	}
	if len(tables) == 0 {
		fmt.Fprintln(a.stderr, "no seeds in seeds/")
	}
	return nil
}

func pickSeeds(p *project.Project, names []string) ([]*project.Seed, error) {
	if len(names) == 0 {
		return p.Seeds, nil
	}
	var out []*project.Seed
	all := make([]string, len(p.Seeds))
	for i, s := range p.Seeds {
		all[i] = s.Name
	}
	for _, n := range names {
		s := p.Seed(n)
		if s == nil {
			return nil, fmt.Errorf("no seed named %q%s", n, spell.Hint(n, all))
		}
		out = append(out, s)
	}
	return out, nil
}

// readSeeds validates every seed file before any is loaded, so one bad file loads nothing.
func (a *app) readSeeds(seeds []*project.Seed) ([]*seed.Table, error) {
	var tables []*seed.Table
	var errs []error
	for _, s := range seeds {
		f, err := os.Open(filepath.Join(a.ProjectDir, s.Path))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		t, err := seed.Read(s, f, s.Path)
		f.Close()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tables = append(tables, t)
	}
	return tables, errors.Join(errs...)
}
