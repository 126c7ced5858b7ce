package compile

import (
	"fmt"
	"sort"
	"text/template/parse"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/spell"
)

// scan is what one parse tree reads: literal refs and sources with their positions, the
// templates it calls, and the positioned problems of its literal arguments.
type scan struct {
	refs    map[string]project.Pos
	sources map[string]project.Pos
	calls   map[string]bool
	errs    []error
}

// scanner checks one tree against the project.
type scanner struct {
	p       *project.Project
	tree    *parse.Tree
	defined func(name string) bool
	self    string // the model being checked, "" for macros
	out     *scan
}

func (c *compiler) scanTree(tree *parse.Tree, self string, defined func(string) bool) *scan {
	s := &scanner{p: c.p, tree: tree, defined: defined, self: self, out: &scan{
		refs: map[string]project.Pos{}, sources: map[string]project.Pos{}, calls: map[string]bool{},
	}}
	if tree != nil && tree.Root != nil {
		s.walk(tree.Root)
	}
	return s.out
}

func (s *scanner) errorf(n parse.Node, format string, args ...any) {
	s.out.errs = append(s.out.errs, project.Errorf(posOf(s.tree, n), format, args...))
}

func (s *scanner) walk(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				s.walk(c)
			}
		}
	case *parse.ActionNode:
		s.walk(n.Pipe)
	case *parse.PipeNode:
		if n != nil {
			for i, c := range n.Cmds {
				s.command(c, i > 0)
			}
		}
	case *parse.IfNode:
		s.branch(&n.BranchNode)
	case *parse.RangeNode:
		s.branch(&n.BranchNode)
	case *parse.WithNode:
		s.branch(&n.BranchNode)
	case *parse.TemplateNode:
		s.templateCall(n, n.Name)
		s.walk(n.Pipe)
	}
}

func (s *scanner) branch(b *parse.BranchNode) {
	s.walk(b.Pipe)
	s.walk(b.List)
	s.walk(b.ElseList)
}

// command checks one call. A piped call ({{ "x" | ref }}) gets its last argument from the
// pipe, which the walk cannot see; it is checked when rendering.
func (s *scanner) command(c *parse.CommandNode, piped bool) {
	for _, a := range c.Args {
		if p, ok := a.(*parse.PipeNode); ok {
			s.walk(p)
		}
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok || piped {
		return
	}
	args := c.Args[1:]
	switch id.Ident {
	case "ref":
		if s.arity(id, args, 1, 1) {
			s.ref(args[0])
		}
	case "source":
		if s.arity(id, args, 2, 2) {
			s.source(args[0], args[1])
		}
	case "var":
		if s.arity(id, args, 1, 1) {
			s.variable(args[0])
		}
	case "include":
		if s.arity(id, args, 1, 2) {
			if name, ok := literal(args[0]); ok {
				s.templateCall(args[0], name)
			}
		}
	case "this":
		s.arity(id, args, 0, 0)
	}
}

// arity checks the argument count of a project function call.
func (s *scanner) arity(id *parse.IdentifierNode, args []parse.Node, lo, hi int) bool {
	if len(args) < lo || len(args) > hi {
		want := fmt.Sprint(lo)
		if hi != lo {
			want = fmt.Sprintf("%d or %d", lo, hi)
		}
		s.errorf(id, "%s takes %s argument(s), got %d", id.Ident, want, len(args))
		return false
	}
	return true
}

func literal(n parse.Node) (string, bool) {
	if str, ok := n.(*parse.StringNode); ok {
		return str.Text, true
	}
	return "", false
}

func (s *scanner) ref(arg parse.Node) {
	name, ok := literal(arg)
	if !ok {
		return // computed name: checked when rendering
	}
	switch {
	case name == s.self:
		s.errorf(arg, "model %s refers to itself; use {{ this }}", name)
	case s.p.Model(name) == nil && s.p.Seed(name) == nil:
		s.errorf(arg, "ref %q: no model or seed has that name%s", name, spell.Hint(name, without(refNames(s.p), s.self)))
	default:
		if _, seen := s.out.refs[name]; !seen {
			s.out.refs[name] = posOf(s.tree, arg)
		}
	}
}

func (s *scanner) source(schemaArg, tableArg parse.Node) {
	schema, ok1 := literal(schemaArg)
	table, ok2 := literal(tableArg)
	if !ok1 || !ok2 {
		return
	}
	tables, ok := s.p.Sources[schema]
	if !ok {
		s.errorf(schemaArg, "source %q: no such source schema in wv.yml%s", schema, spell.Hint(schema, sourceSchemas(s.p)))
		return
	}
	if !contains(tables, table) {
		s.errorf(tableArg, "source %s.%s: not declared under sources.%s in wv.yml%s", schema, table, schema, spell.Hint(table, tables))
		return
	}
	s.out.sources[schema+"."+table] = posOf(s.tree, schemaArg)
}

func (s *scanner) variable(arg parse.Node) {
	name, ok := literal(arg)
	if !ok {
		return
	}
	if _, ok := s.p.Var(name); !ok {
		s.errorf(arg, "var %q is not declared in wv.yml%s", name, spell.Hint(name, varNames(s.p)))
	}
}

func (s *scanner) templateCall(n parse.Node, name string) {
	if !s.defined(name) {
		s.errorf(n, "macro %q is not defined (macros are {{ define \"name\" }} blocks in macros/*.sql)", name)
		return
	}
	s.out.calls[name] = true
}

func refNames(p *project.Project) []string {
	var out []string
	for _, m := range p.Models {
		out = append(out, m.Name)
	}
	for _, sd := range p.Seeds {
		out = append(out, sd.Name)
	}
	return out
}

func sourceSchemas(p *project.Project) []string {
	var out []string
	for k := range p.Sources {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func varNames(p *project.Project) []string {
	out := make([]string, len(p.Vars))
	for i, d := range p.Vars {
		out[i] = d.Name
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
