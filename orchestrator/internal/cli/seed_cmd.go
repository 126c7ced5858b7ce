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
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

type seedCmd struct {
	Names []string `arg:"" optional:"" help:"Seeds to load, by name (default: every seed)."`
	seedFiles
	Vars []string `sep:"none" placeholder:"KEY=VALUE" help:"Var values for checks that read vars (min_var), e.g. --vars data_start=2025-01-01."`
}

// seedFiles are the runbook's input files; each replaces a seed's CSV for one command.
type seedFiles struct {
	CACFile        string `name:"cac-file" placeholder:"PATH" help:"CSV (channel, cac_stx) replacing seeds/cac_by_channel.csv."`
	ChannelMapFile string `name:"channel-map-file" placeholder:"PATH" help:"CSV (address, activation_date, channel) replacing seeds/address_channel_map.csv."`
	IncentivesFile string `name:"incentives-file" placeholder:"PATH" help:"CSV (address, paid_date, amount_stx) replacing seeds/incentives.csv."`
}

// fileOverride is a seed file given by a flag.
type fileOverride struct{ flag, path string }

func (f seedFiles) overrides() map[string]fileOverride {
	out := map[string]fileOverride{}
	for seed, o := range map[string]fileOverride{
		"cac_by_channel":      {"--cac-file", f.CACFile},
		"address_channel_map": {"--channel-map-file", f.ChannelMapFile},
		"incentives":          {"--incentives-file", f.IncentivesFile},
	} {
		if o.path != "" {
			out[seed] = o
		}
	}
	return out
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
	vals, err := a.resolveVars(p, c.Vars)
	if err != nil {
		return err
	}
	tables, err := a.readSeeds(p, seeds, c.overrides(), vals)
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
// A file given by a flag replaces the seed's own CSV.
func (a *app) readSeeds(p *project.Project, seeds []*project.Seed, files map[string]fileOverride, vals vars.Values) ([]*seed.Table, error) {
	var tables []*seed.Table
	var errs []error
	for name, o := range files {
		if p.Seed(name) == nil {
			errs = append(errs, fmt.Errorf("%s: the project declares no seed %s (seeds/%s.yml)", o.flag, name, name))
		}
	}
	for _, s := range seeds {
		path, shown := filepath.Join(a.ProjectDir, s.Path), s.Path
		if o, ok := files[s.Name]; ok {
			path, shown = o.path, o.path
		}
		f, err := os.Open(path)
		if err != nil {
			if o, ok := files[s.Name]; ok {
				err = fmt.Errorf("%s %s: %w", o.flag, o.path, errors.Unwrap(err))
			}
			errs = append(errs, err)
			continue
		}
		t, err := seed.Read(s, f, shown, vals)
		f.Close()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		tables = append(tables, t)
	}
	return tables, errors.Join(errs...)
}
