// Package plan turns a compiled project and a dbt-style selection into the ordered list of
// models to build, with the reasons each one is in it. It is pure: the state of earlier builds
// comes in as a map.
package plan

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/compile"
	"github.com/wv-analytics/wv/orchestrator/internal/dag"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/spell"
)

// Options select the models to plan.
type Options struct {
	Select  []string // dbt selection expressions; none means every model
	Exclude []string
	// Built maps a model name to the fingerprint of its last successful build, for state:.
	Built map[string]string
}

// Step is one model to build, in order, with why it was selected.
type Step struct {
	Model   *compile.Model
	Reasons []string
}

// Plan is the selected models in dependency order.
type Plan struct {
	Steps []Step
}

// ErrEmpty is returned when a selection names no model.
var ErrEmpty = errors.New("the selection matched no models")

// New selects and orders models. An empty selection is ErrEmpty, except when it uses a
// state: method: "nothing modified" is then an empty plan and no error.
func New(res *compile.Result, opts Options) (*Plan, error) {
	order, err := res.Graph.Sort()
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%w: the project has no models (models/<layer>/<name>.sql)", ErrEmpty)
	}
	include := opts.Select
	if len(include) == 0 {
		include = []string{"*"}
	}
	m := matcher{res: res, built: opts.Built}
	sel, err := dag.Select(res.Graph, include, opts.Exclude, m.match)
	if err != nil {
		return nil, err
	}
	if len(opts.Select) == 0 {
		for k := range sel {
			sel[k] = []string{"every model (no --select)"}
		}
	}
	p := &Plan{}
	for _, name := range order {
		if reasons, ok := sel[name]; ok {
			p.Steps = append(p.Steps, Step{Model: res.Models[name], Reasons: reasons})
		}
	}
	if len(p.Steps) == 0 && !usesState(opts.Select) {
		return nil, fmt.Errorf("%w (--select %s --exclude %s)", ErrEmpty, quoteAll(opts.Select), quoteAll(opts.Exclude))
	}
	return p, nil
}

func usesState(exprs []string) bool {
	for _, e := range exprs {
		if strings.Contains(e, "state:") {
			return true
		}
	}
	return false
}

func quoteAll(list []string) string {
	if len(list) == 0 {
		return `""`
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(out, " ")
}

// Methods are the selector methods, as in dbt.
var Methods = []string{"fqn", "tag", "path", "config.materialized", "config.tags", "state"}

type matcher struct {
	res   *compile.Result
	built map[string]string
}

func (m matcher) match(method, value string) ([]string, error) {
	var pred func(*compile.Model) bool
	switch method {
	case "", "fqn":
		pred = func(c *compile.Model) bool { return nameMatches(c.Model, value) }
	case "tag", "config.tags":
		pred = func(c *compile.Model) bool { return slices.ContainsFunc(c.Config.Tags, globber(value)) }
	case "path":
		pred = func(c *compile.Model) bool { return pathMatches(c.Path, value) }
	case "config.materialized":
		pred = func(c *compile.Model) bool { return c.Config.Materialized == value }
	case "state":
		return m.state(value)
	default:
		return nil, fmt.Errorf("unknown method %q%s (want one of: %s)", method, spell.Hint(method, Methods), strings.Join(Methods, ", "))
	}
	var out []string
	for _, name := range m.res.Graph.Nodes() {
		if pred(m.res.Models[name]) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, m.noMatch(method, value)
	}
	return out, nil
}

func (m matcher) noMatch(method, value string) error {
	if method == "" || method == "fqn" {
		return fmt.Errorf("no model is named %q%s", value, spell.Hint(value, m.res.Graph.Nodes()))
	}
	return fmt.Errorf("no model has %s:%s", method, value)
}

// nameMatches accepts the model name or layer.name, with * wildcards.
func nameMatches(m *project.Model, pattern string) bool {
	match := globber(pattern)
	return match(m.Name) || match(m.Relation())
}

func globber(pattern string) func(string) bool {
	return func(s string) bool {
		ok, err := path.Match(pattern, s)
		return err == nil && ok
	}
}

// pathMatches accepts the file itself or any folder above it, with or without ./ and a
// trailing slash, and * wildcards.
func pathMatches(file, pattern string) bool {
	pattern = strings.TrimSuffix(path.Clean(strings.TrimPrefix(pattern, "./")), "/")
	for p := file; p != "." && p != "/"; p = path.Dir(p) {
		if ok, _ := path.Match(pattern, p); ok {
			return true
		}
	}
	return false
}

// state implements state:modified (changed or never built), state:new and state:unmodified,
// comparing fingerprints with the last successful builds.
func (m matcher) state(value string) ([]string, error) {
	var out []string
	for _, name := range m.res.Graph.Nodes() {
		prev, built := m.built[name]
		changed := prev != m.res.Models[name].Fingerprint
		keep := map[string]bool{"modified": changed, "new": !built, "unmodified": built && !changed}
		ok, known := keep[value]
		if !known {
			return nil, fmt.Errorf("unknown state %q (want modified, new or unmodified)", value)
		}
		if ok {
			out = append(out, name)
		}
	}
	return out, nil
}
