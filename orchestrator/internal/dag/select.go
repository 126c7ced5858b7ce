package dag

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Matcher resolves one selector method and value (method "" for a plain name) to the nodes it
// names. It returns an error for an unknown method or a value that names nothing.
type Matcher[K cmp.Ordered] func(method, value string) ([]K, error)

// Selection maps each selected node to the reasons it was selected, for --explain.
type Selection[K cmp.Ordered] map[K][]string

// Select evaluates dbt selection syntax: within one expression, space separates a union of
// terms and comma an intersection of atoms; several include expressions are a union; the
// exclude expressions are evaluated the same way and subtracted last. An atom is
// [@][N+]method:value[+N], as in dbt: "+x" adds ancestors, "x+" descendants, "2+x" and "x+1"
// limit the depth, "@x" adds x's descendants and all ancestors of x and of them.
func Select[K cmp.Ordered](g *Graph[K], include, exclude []string, match Matcher[K]) (Selection[K], error) {
	sel, err := union(g, include, match)
	if err != nil {
		return nil, err
	}
	drop, err := union(g, exclude, match)
	if err != nil {
		return nil, fmt.Errorf("--exclude: %w", err)
	}
	for k := range drop {
		delete(sel, k)
	}
	return sel, nil
}

func union[K cmp.Ordered](g *Graph[K], exprs []string, match Matcher[K]) (Selection[K], error) {
	out := Selection[K]{}
	for _, expr := range exprs {
		for _, term := range strings.Fields(expr) {
			part, err := intersect(g, term, match)
			if err != nil {
				return nil, err
			}
			for k, reasons := range part {
				out[k] = appendNew(out[k], reasons...)
			}
		}
	}
	return out, nil
}

func intersect[K cmp.Ordered](g *Graph[K], term string, match Matcher[K]) (Selection[K], error) {
	var out Selection[K]
	for i, text := range strings.Split(term, ",") {
		a, err := parseAtom(text)
		if err != nil {
			return nil, err
		}
		part, err := eval(a, g, match)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			out = part
			continue
		}
		for _, k := range sortedKeys(out) {
			if _, ok := part[k]; !ok {
				delete(out, k)
				continue
			}
			out[k] = []string{strings.Join(out[k], "; ") + " and " + strings.Join(part[k], "; ")}
		}
	}
	return out, nil
}

func appendNew(list []string, items ...string) []string {
	for _, s := range items {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// atom is one parsed selector such as "2+tag:core+" or "@waltv".
type atom struct {
	text                    string
	at                      bool
	parents, children       bool
	parentDepth, childDepth int // -1: unlimited
	method, value           string
}

var (
	leadingRE  = regexp.MustCompile(`^(\d*)\+`)
	trailingRE = regexp.MustCompile(`\+(\d*)$`)
	methodRE   = regexp.MustCompile(`^([a-z_][a-z_.]*):(.*)$`)
)

func parseAtom(text string) (atom, error) {
	a := atom{text: text, parentDepth: -1, childDepth: -1}
	rest, at := strings.CutPrefix(text, "@")
	a.at = at
	if m := leadingRE.FindStringSubmatch(rest); m != nil {
		a.parents, a.parentDepth = true, depth(m[1])
		rest = rest[len(m[0]):]
	}
	if m := trailingRE.FindStringSubmatch(rest); m != nil {
		a.children, a.childDepth = true, depth(m[1])
		rest = rest[:len(rest)-len(m[0])]
	}
	if m := methodRE.FindStringSubmatch(rest); m != nil {
		a.method, rest = m[1], m[2]
	}
	a.value = rest
	switch {
	case a.value == "" || strings.ContainsAny(a.value, "+@"):
		return atom{}, fmt.Errorf("selector %q: want [@][N+]name[+N] or method:value (tag:, path:, config.materialized:, state:)", text)
	case a.at && (a.children || a.parents):
		return atom{}, fmt.Errorf("selector %q: @ cannot be combined with + (as in dbt)", text)
	}
	return a, nil
}

func depth(digits string) int {
	if digits == "" {
		return -1
	}
	n, _ := strconv.Atoi(digits)
	return n
}

func (a atom) core() string {
	if a.method == "" {
		return a.value
	}
	return a.method + ":" + a.value
}

// eval resolves the atom's core with match, then applies its graph operators.
func eval[K cmp.Ordered](a atom, g *Graph[K], match Matcher[K]) (Selection[K], error) {
	seeds, err := match(a.method, a.value)
	if err != nil {
		return nil, fmt.Errorf("selector %q: %w", a.text, err)
	}
	out := Selection[K]{}
	add := func(k K, reason string) { out[k] = appendNew(out[k], reason) }
	for _, s := range seeds {
		add(s, fmt.Sprintf("matches %q", a.core()))
		if a.parents || a.at { // "@x" includes x's own ancestors too, as in dbt (x may be a leaf)
			for p, d := range g.Ancestors(s, a.parentDepth) {
				add(p, fmt.Sprintf("ancestor of %v (%s) via %q", s, hops(d), a.text))
			}
		}
		if a.children || a.at {
			for c, d := range g.Descendants(s, a.childDepth) {
				add(c, fmt.Sprintf("descendant of %v (%s) via %q", s, hops(d), a.text))
			}
		}
	}
	if a.at {
		addAncestorsOfDescendants(g, out, seeds, a.text)
	}
	return out, nil
}

// addAncestorsOfDescendants completes "@x": every ancestor of x's descendants, so they can
// be built.
func addAncestorsOfDescendants[K cmp.Ordered](g *Graph[K], out Selection[K], seeds []K, text string) {
	for _, s := range seeds {
		for _, c := range sortedKeys(g.Descendants(s, -1)) {
			for _, p := range sortedKeys(g.Ancestors(c, -1)) {
				if _, in := out[p]; !in {
					out[p] = []string{fmt.Sprintf("ancestor of %v, a descendant of %v, via %q", c, s, text)}
				}
			}
		}
	}
}

func hops(d int) string {
	if d == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", d)
}
