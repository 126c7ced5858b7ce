package run

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

// UnitEnv is what unit tests need from outside the package.
type UnitEnv struct {
	Project *project.Project
	// Open returns a fresh, empty in-memory database; the test closes it.
	Open func() (*sql.DB, error)
	// Migrate creates the raw layer (the project's migrations) in db.
	Migrate func(context.Context, *sql.DB) error
	// Compile compiles the project with the default vars plus overrides.
	Compile func([]vars.Override) (*compile.Result, error)
	Now     func() time.Time
}

// UnitTests runs the unit tests of the given models, each in its own throwaway database.
func UnitTests(ctx context.Context, env UnitEnv, models []string, onResult func(TestResult)) []TestResult {
	var out []TestResult
	for _, name := range models {
		m := env.Project.Model(name)
		for _, u := range m.Config.UnitTests {
			start := env.Now()
			r := TestResult{Name: name + "." + u.Name, Model: name, Kind: "unit", Severity: "error"}
			diff, err := unitTest(ctx, env, m, u)
			switch {
			case err != nil:
				r.Status, r.Message = Error, err.Error()
			case len(diff.lines) > 0:
				r.Status, r.Failures, r.Diff = Fail, int64(diff.rows), diff.lines
			default:
				r.Status = Pass
			}
			r.Seconds = env.Now().Sub(start).Seconds()
			out = append(out, r)
			if onResult != nil {
				onResult(r)
			}
		}
	}
	return out
}

func unitTest(ctx context.Context, env UnitEnv, m *project.Model, u project.UnitTest) (*tableDiff, error) {
	res, err := env.Compile(u.Vars)
	if err != nil {
		return nil, fmt.Errorf("%s: vars: %w", u.Pos, err)
	}
	db, err := env.Open()
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := env.Migrate(ctx, db); err != nil {
		return nil, fmt.Errorf("create the raw layer: %w", err)
	}
	given, err := checkGiven(env.Project, res, m, u)
	if err != nil {
		return nil, err
	}
	if err := buildInputs(ctx, db, env.Project, res, m.Name, given); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, "create schema wv_unit; create table wv_unit.result as "+res.Models[m.Name].SQL); err != nil {
		return nil, fmt.Errorf("%s: build %s on the fixtures: %w", u.Pos, m.Name, err)
	}
	return compareExpected(ctx, db, m, u.Expect)
}

// checkGiven maps each given input to its fixture, refusing inputs the model does not read.
func checkGiven(p *project.Project, res *compile.Result, m *project.Model, u project.UnitTest) (map[string]project.Fixture, error) {
	upstream := map[string]bool{}
	for name := range res.Graph.Ancestors(m.Name, -1) {
		upstream[name] = true
	}
	upstream[m.Name] = true
	reads := map[string]bool{}
	for name := range upstream {
		for _, r := range res.Models[name].Refs {
			reads[r] = true
		}
		for _, s := range res.Models[name].Sources {
			reads[s] = true
		}
	}
	given := map[string]project.Fixture{}
	for _, f := range u.Given {
		if f.Input == m.Name || !reads[f.Input] {
			return nil, fmt.Errorf("%s: given %s: %s does not read it (give models, seeds or sources upstream of it)", f.Pos, f.Input, m.Name)
		}
		given[f.Input] = f
	}
	return given, nil
}

// buildInputs creates seeds, fills given sources, and creates every upstream model: as a view
// over its own inputs, or, when given, as a table of the fixture rows with the view's types.
func buildInputs(ctx context.Context, db *sql.DB, p *project.Project, res *compile.Result, model string, given map[string]project.Fixture) error {
	for _, s := range p.Seeds {
		if err := createSeed(ctx, db, s); err != nil {
			return err
		}
		if f, ok := given[s.Name]; ok {
			if err := loadFixture(ctx, db, s.Relation(), f); err != nil {
				return err
			}
		}
	}
	for name, f := range given {
		if strings.Contains(name, ".") {
			if err := loadFixture(ctx, db, name, f); err != nil {
				return err
			}
		}
	}
	order, err := res.Graph.Sort()
	if err != nil {
		return err
	}
	upstream := res.Graph.Ancestors(model, -1)
	for _, name := range order {
		if _, ok := upstream[name]; ok {
			if err := createUpstream(ctx, db, res.Models[name], given); err != nil {
				return err
			}
		}
	}
	return nil
}

func createSeed(ctx context.Context, db *sql.DB, s *project.Seed) error {
	cols := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		cols[i] = c.Name + " " + c.Type
	}
	_, err := db.ExecContext(ctx, fmt.Sprintf("create schema if not exists %s; create table %s (%s)",
		project.SeedSchema, s.Relation(), strings.Join(cols, ", ")))
	return err
}

func createUpstream(ctx context.Context, db *sql.DB, m *compile.Model, given map[string]project.Fixture) error {
	if _, err := db.ExecContext(ctx, "create schema if not exists "+m.Layer); err != nil {
		return err
	}
	f, isGiven := given[m.Name]
	if !isGiven {
		_, err := db.ExecContext(ctx, "create view "+m.Relation()+" as "+m.SQL)
		return wrapModel(m, err)
	}
	shape := m.Relation() + "__wv_shape"
	stmt := fmt.Sprintf("create view %s as %s; create table %s as select * from %s where false; drop view %s",
		shape, m.SQL, m.Relation(), shape, shape)
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		return wrapModel(m, err)
	}
	return loadFixture(ctx, db, m.Relation(), f)
}

func wrapModel(m *compile.Model, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", m.Path, err)
	}
	return nil
}
