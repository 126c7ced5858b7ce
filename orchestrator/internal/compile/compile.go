package compile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"text/template"

	"github.com/wv-analytics/wv/orchestrator/internal/dag"
	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/spell"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

// Model is a compiled model: its SQL and what it reads.
type Model struct {
	*project.Model
	SQL string
	// IncrementalSQL is the SQL with is_incremental true, for incremental models whose table
	// exists; "" for other materializations.
	IncrementalSQL string
	// Refs are the models and seeds the model reads, sorted.
	Refs []string
	// Sources are the raw tables it reads ("raw.transactions"), sorted.
	Sources []string
	// Fingerprint identifies the built relation: a hash of the SQL and the materialization.
	Fingerprint string
	refPos      map[string]project.Pos
}

// Result is a compiled project: its models by name and their dependency graph (model names;
// an edge runs from a model to each model that refs it; seeds are not nodes).
type Result struct {
	Models map[string]*Model
	Graph  *dag.Graph[string]
	vals   vars.Values
}

// All compiles every model of p with the resolved vars. It reports every problem found, in
// every model and macro, each with its file:line:col, including a cycle of refs.
func All(p *project.Project, vals vars.Values) (*Result, error) {
	c := &compiler{p: p, vals: vals, texts: map[string]string{}, macroScans: map[string]*scan{}}
	base, macroErrs := c.parseMacros()
	if base == nil {
		return nil, macroErrs
	}
	res := &Result{Models: map[string]*Model{}, Graph: dag.New[string](), vals: vals}
	var errs []error
	if macroErrs != nil {
		errs = append(errs, macroErrs)
	}
	for _, m := range p.Models {
		cm, err := c.model(base, m)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		res.Models[m.Name] = cm
	}
	if len(errs) > 0 {
		return nil, project.Join(flatten(errs))
	}
	if err := res.buildGraph(); err != nil {
		return nil, err
	}
	return res, nil
}

type compiler struct {
	p          *project.Project
	vals       vars.Values
	texts      map[string]string // path -> text, for error columns
	macroScans map[string]*scan  // template name -> scan, for macros
	macroNames map[string]bool   // templates defined in macros/
}

// duplicateDefines parses one macro file alone and reports blocks another file defined.
func (c *compiler) duplicateDefines(mac *project.Macro, definedIn map[string]project.Pos) []error {
	t, err := template.New(mac.Path).Funcs(baseFuncs()).Parse(mac.Text)
	if err != nil {
		return nil // reported by the real parse
	}
	var errs []error
	for _, d := range t.Templates() {
		if d.Name() == mac.Path || d.Tree == nil {
			continue
		}
		pos := project.Pos{Path: mac.Path, Line: strings.Count(mac.Text[:d.Tree.Root.Position()], "\n") + 1}
		if prev, dup := definedIn[d.Name()]; dup {
			errs = append(errs, project.Errorf(pos, "macro %q is also defined at %s; macro names are unique", d.Name(), prev))
			continue
		}
		definedIn[d.Name()] = pos
	}
	return errs
}

// parseMacros parses every macro file into one template set and checks their trees. It
// returns a nil set when a macro does not parse; check errors come with a usable set, so the
// models are still compiled and their problems reported too.
func (c *compiler) parseMacros() (*template.Template, error) {
	base := template.New("").Option("missingkey=error").Funcs(baseFuncs())
	var errs []error
	definedIn := map[string]project.Pos{}
	for _, mac := range c.p.Macros {
		c.texts[mac.Path] = mac.Text
		errs = append(errs, c.duplicateDefines(mac, definedIn)...)
		if _, err := base.New(mac.Path).Parse(mac.Text); err != nil {
			errs = append(errs, templateError(err, c.texts))
		}
	}
	if len(errs) > 0 {
		return nil, project.Join(errs)
	}
	defined := func(name string) bool { return base.Lookup(name) != nil }
	c.macroNames = map[string]bool{}
	for _, t := range base.Templates() {
		c.macroNames[t.Name()] = true
		s := c.scanTree(t.Tree, "", defined)
		c.macroScans[t.Name()] = s
		errs = append(errs, s.errs...)
	}
	return base, project.Join(errs)
}

// model parses, checks and renders one model.
func (c *compiler) model(base *template.Template, m *project.Model) (*Model, error) {
	c.texts[m.Path] = m.SQL
	set, err := base.Clone()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.Path, err)
	}
	t, err := set.New(m.Path).Parse(m.SQL)
	if err != nil {
		return nil, templateError(err, c.texts)
	}
	s := c.scanModel(t, m)
	if len(s.errs) > 0 {
		return nil, errors.Join(s.errs...)
	}
	r := &renderer{c: c, model: m, set: t, refs: map[string]bool{}, sources: map[string]bool{}}
	sql, err := r.render()
	if err != nil {
		return nil, err
	}
	cm := &Model{Model: m, SQL: sql, refPos: s.refs}
	if m.Config.Materialized == project.Incremental {
		r.incremental = true
		if cm.IncrementalSQL, err = r.render(); err != nil {
			return nil, err
		}
	}
	cm.Refs = mergeKeys(s.refs, r.refs)
	cm.Sources = mergeKeys(s.sources, r.sources)
	cm.Fingerprint = fingerprint(m.Config, sql, cm.IncrementalSQL)
	return cm, nil
}

// scanModel checks the model's own trees and gathers the refs of every macro it reaches.
func (c *compiler) scanModel(t *template.Template, m *project.Model) *scan {
	defined := func(name string) bool { return t.Lookup(name) != nil }
	total := &scan{refs: map[string]project.Pos{}, sources: map[string]project.Pos{}, calls: map[string]bool{}}
	var queue []string
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.ParseName == m.Path && tt.Name() != m.Path && c.macroNames[tt.Name()] {
			total.errs = append(total.errs, project.Errorf(posOf(tt.Tree, tt.Tree.Root),
				"define %q shadows the macro of the same name in macros/; rename one", tt.Name()))
		}
		if tt.Tree != nil && tt.Tree.ParseName == m.Path {
			s := c.scanTree(tt.Tree, m.Name, defined)
			total.errs = append(total.errs, s.errs...)
			merge(total, s)
			queue = append(queue, keys(s.calls)...)
		}
	}
	for seen := map[string]bool{}; len(queue) > 0; queue = queue[1:] {
		name := queue[0]
		if s, ok := c.macroScans[name]; ok && !seen[name] {
			seen[name] = true
			merge(total, s)
			queue = append(queue, keys(s.calls)...)
		}
	}
	delete(total.refs, m.Name)
	return total
}

func merge(into, from *scan) {
	for k, v := range from.refs {
		if _, ok := into.refs[k]; !ok {
			into.refs[k] = v
		}
	}
	for k, v := range from.sources {
		into.sources[k] = v
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func mergeKeys[V any](a map[string]V, b map[string]bool) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	return keys(set)
}

// fingerprint hashes what determines the built relation: the SQL and the materialization.
func fingerprint(c project.Config, sqls ...string) string {
	parts := append([]string{c.Materialized, strings.Join(c.UniqueKey, ",")}, sqls...)
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:])
}

// renderer executes one model's template with the project functions bound to it.
type renderer struct {
	c       *compiler
	model   *project.Model
	set     *template.Template
	refs    map[string]bool
	sources map[string]bool
	depth   int
	// incremental is what is_incremental returns: true only when rendering IncrementalSQL.
	incremental bool
}

// maxIncludeDepth stops a macro that includes itself before it exhausts the stack.
const maxIncludeDepth = 64

// bind points the template's project functions at this renderer.
func (r *renderer) bind() {
	r.set.Funcs(template.FuncMap{
		"ref": r.ref, "source": r.source, "var": r.variable, "this": r.this, "include": r.include,
		"is_incremental": func() bool { return r.incremental },
	})
}

func (r *renderer) render() (string, error) {
	r.bind()
	var buf bytes.Buffer
	if err := r.set.Execute(&buf, nil); err != nil {
		return "", templateError(err, r.c.texts)
	}
	sql := strings.TrimSpace(buf.String())
	sql = strings.TrimSpace(strings.TrimRight(sql, "; \t\n"))
	if sql == "" {
		return "", project.Errorf(project.Pos{Path: r.model.Path}, "the model renders to no SQL; a model is one SELECT")
	}
	return sql, nil
}

func (r *renderer) ref(name string) (string, error) {
	if name == r.model.Name {
		return "", fmt.Errorf("model %s refers to itself; use {{ this }}", name)
	}
	if m := r.c.p.Model(name); m != nil {
		r.refs[name] = true
		return m.Relation(), nil
	}
	if s := r.c.p.Seed(name); s != nil {
		r.refs[name] = true
		return s.Relation(), nil
	}
	return "", fmt.Errorf("ref %q: no model or seed has that name%s", name, spell.Hint(name, refNames(r.c.p)))
}

func (r *renderer) source(schema, table string) (string, error) {
	if !contains(r.c.p.Sources[schema], table) {
		return "", fmt.Errorf("source %s.%s is not declared in wv.yml", schema, table)
	}
	r.sources[schema+"."+table] = true
	return schema + "." + table, nil
}

func (r *renderer) variable(name string) (vars.Value, error) {
	v, ok := r.c.vals[name]
	if !ok {
		return nil, fmt.Errorf("var %q is not declared in wv.yml%s", name, spell.Hint(name, varNames(r.c.p)))
	}
	return v, nil
}

func (r *renderer) this() string { return r.model.Relation() }

func (r *renderer) include(name string, data ...any) (string, error) {
	if r.depth >= maxIncludeDepth {
		return "", &recursionError{fmt.Sprintf("include %q: nested more than %d deep (does a macro include itself?)", name, maxIncludeDepth)}
	}
	r.depth++
	defer func() { r.depth-- }()
	var arg any
	if len(data) > 0 {
		arg = data[0]
	}
	var buf bytes.Buffer
	if err := r.set.ExecuteTemplate(&buf, name, arg); err != nil {
		var rec *recursionError
		if errors.As(err, &rec) {
			return "", rec // one line, not 64 nested traces
		}
		return "", fmt.Errorf("include %q: %w", name, err)
	}
	return buf.String(), nil
}

// recursionError stops a self-including macro; it is passed up unwrapped.
type recursionError struct{ msg string }

func (e *recursionError) Error() string { return e.msg }

// buildGraph adds every model and its model refs; a cycle is reported at the ref that
// closes it.
func (res *Result) buildGraph() error {
	for name, m := range res.Models {
		res.Graph.AddNode(name)
		for _, r := range m.Refs {
			if _, isModel := res.Models[r]; isModel {
				res.Graph.AddEdge(r, name)
			}
		}
	}
	_, err := res.Graph.Sort()
	var cycle *dag.CycleError[string]
	if errors.As(err, &cycle) {
		n := len(cycle.Path)
		child, parent := res.Models[cycle.Path[n-1]], cycle.Path[n-2]
		pos, ok := child.refPos[parent]
		if !ok {
			pos = project.Pos{Path: child.Path}
		}
		e := project.Errorf(pos, "%v (each model refs the one before it)", cycle)
		e.Err = cycle
		return e
	}
	return err
}

func flatten(errs []error) []error {
	var out []error
	for _, err := range errs {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			out = append(out, flatten(j.Unwrap())...)
			continue
		}
		out = append(out, err)
	}
	return out
}
