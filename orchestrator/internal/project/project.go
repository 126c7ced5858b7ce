// Package project loads a wv project from an fs.FS: wv.yml (vars and sources), models with
// their YAML config, macros and seeds. It is pure: no database, network or clock.
package project

import "github.com/wv-analytics/wv/orchestrator/internal/vars"

// File names and folders of a project.
const (
	ConfigFile = "wv.yml"
	ModelsDir  = "models"
	MacrosDir  = "macros"
	SeedsDir   = "seeds"
	SeedSchema = "seed"
)

// Materializations a model can declare.
const (
	View        = "view"
	Table       = "table"
	Incremental = "incremental"
)

// Project is everything a compile needs, read from the project directory.
type Project struct {
	Name    string
	Vars    []vars.Def
	Sources map[string][]string // schema -> tables, e.g. raw -> [transactions ...]
	Models  []*Model            // sorted by name
	Macros  []*Macro            // sorted by path
	Seeds   []*Seed             // sorted by name
}

// Model is one models/<layer>/<name>.sql file and its config.
type Model struct {
	Name   string // file stem; unique in the project
	Layer  string // folder under models/; also the schema
	Path   string // models/<layer>/<name>.sql
	SQL    string // the template text
	Config Config
	// TestPath is models/<layer>/<name>.test.sql when it exists: singular tests.
	TestPath string
	TestSQL  string
}

// Relation is the model's qualified name, <layer>.<name>.
func (m *Model) Relation() string { return m.Layer + "." + m.Name }

// Config is a model's declared configuration, from models/<layer>/<name>.yml.
type Config struct {
	Path         string // the .yml file, or "" when the model has none
	Description  string
	Materialized string
	// UniqueKey names the columns whose new rows replace old ones in an incremental model;
	// without it new rows are appended.
	UniqueKey []string
	Tags      []string
	Columns   []Column
	Tests     []Test // model-level generic tests
	UnitTests []UnitTest
}

// Column documents one output column, with its generic tests.
type Column struct {
	Name        string
	Type        string // declared type (seeds); optional for models
	Description string
	Tests       []Test
	Pos         Pos
	Check       Check // seeds only: rules every cell must meet before anything is loaded
}

// Check holds the rules a seed column's cells are validated against when the file is read.
type Check struct {
	Required bool   // no empty cell
	Unique   bool   // no value twice
	Min      string // lowest allowed value, in the column's type ("" for none)
	MinVar   string // lowest allowed value taken from a var, e.g. data_start
	Format   string // "principal": a Stacks principal
}

// SeedRule says that within a seed, each value of Key goes with one value of Determines
// (e.g. an address maps to one channel).
type SeedRule struct {
	Key, Determines string
	Pos             Pos
}

// Test is a generic test declared in config: not_null, unique, accepted_values,
// relationships, accepted_range or expression, with its arguments.
type Test struct {
	Name     string // the generic test: not_null, unique, ...
	Label    string // its name in results when given (name: arg); else derived from Name and column
	Column   string // the column it is declared under; "" for model-level tests
	Args     map[string]any
	Severity string // error (default) or warn
	Pos      Pos
}

// Macro is a macros/*.sql file holding {{ define "name" }} blocks.
type Macro struct {
	Path string
	Text string
}

// Seed is a seeds/<name>.csv file with its declared columns (seeds/<name>.yml).
type Seed struct {
	Name        string
	Path        string // seeds/<name>.csv
	ConfigPath  string // seeds/<name>.yml
	Description string
	Columns     []Column
	Rules       []SeedRule
}

// Relation is the seed's table, seed.<name>.
func (s *Seed) Relation() string { return SeedSchema + "." + s.Name }

// Model returns the model with the given name, or nil.
func (p *Project) Model(name string) *Model {
	for _, m := range p.Models {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// Seed returns the seed with the given name, or nil.
func (p *Project) Seed(name string) *Seed {
	for _, s := range p.Seeds {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Var returns the declared var with the given name.
func (p *Project) Var(name string) (vars.Def, bool) {
	for _, d := range p.Vars {
		if d.Name == name {
			return d, true
		}
	}
	return vars.Def{}, false
}

// UnitTest runs a model on fixture inputs in a throwaway database and compares its output
// with expected rows.
type UnitTest struct {
	Name        string
	Description string
	Vars        []vars.Override // per-test var values, e.g. as_of
	Given       []Fixture
	Expect      Fixture
	Pos         Pos
}

// Fixture is a set of rows standing in for one input (a ref'd model or seed, or a source
// written schema.table) or the expected output. Rows are CSV text with a header; only the
// columns named are filled (inputs) or compared (expect).
type Fixture struct {
	Input string
	Rows  string
	Pos   Pos // where the rows start, for error lines
}
