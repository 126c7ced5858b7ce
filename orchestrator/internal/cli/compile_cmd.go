package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/wv-analytics/wv/orchestrator/internal/atomicfile"
	"github.com/wv-analytics/wv/orchestrator/internal/plan"
)

type compileCmd struct {
	selectFlags
	Print bool `help:"Print the SQL to stdout instead of writing out/compiled/<layer>/<name>.sql."`
}

func (c *compileCmd) Run(ctx context.Context, a *app) error {
	res, _, err := a.compiled(c.Vars)
	if err != nil {
		return err
	}
	p, err := a.plan(ctx, res, c.selectFlags, nil)
	if err != nil {
		return err
	}
	if c.Print {
		for _, s := range p.Steps {
			fmt.Fprintf(a.stdout, "-- %s (%s, %s)\n%s\n\n", s.Model.Path, s.Model.Relation(), s.Model.Config.Materialized, s.Model.SQL)
		}
		return nil
	}
	if err := a.writeCompiled(p); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "compiled %d models into %s\n", len(p.Steps), filepath.Join(a.outDir(), "compiled"))
	return nil
}

// compiledPath is where a model's SQL is written: out/compiled/<layer>/<name>.sql.
func (a *app) compiledPath(layer, name string) string {
	return filepath.Join(a.outDir(), "compiled", layer, name+".sql")
}

func (a *app) writeCompiled(p *plan.Plan) error {
	for _, s := range p.Steps {
		m := s.Model
		if err := atomicfile.Write(a.compiledPath(m.Layer, m.Name), []byte(m.SQL+"\n")); err != nil {
			return err
		}
	}
	return nil
}
