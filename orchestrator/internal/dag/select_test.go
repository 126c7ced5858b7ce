package dag_test

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/dag"
)

// testMatcher resolves the methods of testGraph's nodes: names with * wildcards, tag:,
// path: (a folder) and config.materialized:.
func testMatcher(method, value string) ([]string, error) {
	props := map[string]map[string][]string{
		"tag": {
			"raw": {"a"}, "core": {"b", "c", "d", "e"}, "finance": {"e", "y"},
		},
		"path": {
			"models/staging": {"a", "x"}, "models/intermediate": {"b", "c", "d"}, "models/marts": {"e", "f", "y", "z"},
		},
		"config.materialized": {
			"view": {"a", "x"}, "table": {"b", "c", "d", "e", "f", "y", "z"},
		},
	}
	if method == "" {
		var out []string
		for _, n := range []string{"a", "b", "c", "d", "e", "f", "x", "y", "z"} {
			if ok, _ := path.Match(value, n); ok {
				out = append(out, n)
			}
		}
		if out == nil {
			return nil, fmt.Errorf("no node is named %q", value)
		}
		return out, nil
	}
	byValue, ok := props[method]
	if !ok {
		return nil, fmt.Errorf("unknown method %q", method)
	}
	if nodes := byValue[value]; nodes != nil {
		return nodes, nil
	}
	return nil, fmt.Errorf("no node has %s:%s", method, value)
}

func selected(sel dag.Selection[string]) []string {
	out := make([]string, 0, len(sel))
	for k := range sel {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestSelect_Table(t *testing.T) {
	tests := []struct {
		name             string
		include, exclude []string
		want             []string
	}{
		{"Name", []string{"d"}, nil, []string{"d"}},
		{"Wildcard", []string{"*"}, nil, []string{"a", "b", "c", "d", "e", "f", "x", "y", "z"}},
		{"Ancestors", []string{"+d"}, nil, []string{"a", "b", "c", "d"}},
		{"AncestorsOfRoot", []string{"+a"}, nil, []string{"a"}},
		{"Descendants", []string{"d+"}, nil, []string{"d", "e", "f"}},
		{"DescendantsOfLeaf", []string{"f+"}, nil, []string{"f"}},
		{"Both", []string{"+d+"}, nil, []string{"a", "b", "c", "d", "e", "f"}},
		{"AncestorsDepth1", []string{"1+d"}, nil, []string{"b", "c", "d"}},
		{"AncestorsDepth2", []string{"2+e"}, nil, []string{"b", "c", "d", "e"}},
		{"AncestorsDepth0", []string{"0+d"}, nil, []string{"d"}},
		{"AncestorsDepthMultiDigit", []string{"10+f"}, nil, []string{"a", "b", "c", "d", "e", "f"}},
		{"DescendantsDepth1", []string{"d+1"}, nil, []string{"d", "e"}},
		{"DescendantsDepth2", []string{"a+2"}, nil, []string{"a", "b", "c", "d"}},
		{"BothDepths", []string{"1+d+1"}, nil, []string{"b", "c", "d", "e"}},
		{"At", []string{"@b"}, nil, []string{"a", "b", "c", "d", "e", "f"}},
		{"AtChain", []string{"@x"}, nil, []string{"x", "y"}},
		{"AtLeafIsItsAncestors", []string{"@y"}, nil, []string{"x", "y"}},
		{"AtIsolated", []string{"@z"}, nil, []string{"z"}},
		{"UnionBySpace", []string{"b x"}, nil, []string{"b", "x"}},
		{"UnionBySpaces", []string{"  b   x+ "}, nil, []string{"b", "x", "y"}},
		{"UnionByRepeatedSelect", []string{"b", "x+"}, nil, []string{"b", "x", "y"}},
		{"UnionOverlap", []string{"+d", "d+"}, nil, []string{"a", "b", "c", "d", "e", "f"}},
		{"Intersection", []string{"+d,tag:core"}, nil, []string{"b", "c", "d"}},
		{"IntersectionOfTags", []string{"tag:core,tag:finance"}, nil, []string{"e"}},
		{"IntersectionOfGraphOperators", []string{"+e,c+"}, nil, []string{"c", "d", "e"}},
		{"IntersectionThree", []string{"+f,tag:core,config.materialized:table"}, nil, []string{"b", "c", "d", "e"}},
		{"IntersectionEmpty", []string{"a,z"}, nil, []string{}},
		{"IntersectionThenUnion", []string{"tag:core,tag:finance z"}, nil, []string{"e", "z"}},
		{"Tag", []string{"tag:finance"}, nil, []string{"e", "y"}},
		{"TagDescendants", []string{"tag:raw+1"}, nil, []string{"a", "b", "c"}},
		{"Path", []string{"path:models/staging"}, nil, []string{"a", "x"}},
		{"PathAncestors", []string{"+path:models/marts"}, nil, []string{"a", "b", "c", "d", "e", "f", "x", "y", "z"}},
		{"Materialized", []string{"config.materialized:view"}, nil, []string{"a", "x"}},
		{"MaterializedAt", []string{"@config.materialized:view"}, nil, []string{"a", "b", "c", "d", "e", "f", "x", "y"}},
		{"Exclude", []string{"+d"}, []string{"b"}, []string{"a", "c", "d"}},
		{"ExcludeGraphOperator", []string{"d+"}, []string{"e+"}, []string{"d"}},
		{"ExcludeUnion", []string{"*"}, []string{"a+ z"}, []string{"x", "y"}},
		{"ExcludeRepeated", []string{"*"}, []string{"a+", "z"}, []string{"x", "y"}},
		{"ExcludeIntersection", []string{"*"}, []string{"tag:core,tag:finance"}, []string{"a", "b", "c", "d", "f", "x", "y", "z"}},
		{"ExcludeIsAppliedLast", []string{"d", "e"}, []string{"d+"}, []string{}},
		{"ExcludeMethod", []string{"+f"}, []string{"path:models/intermediate"}, []string{"a", "e", "f"}},
		{"NoExpressions", nil, nil, []string{}},
		{"BlankExpression", []string{" "}, nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := dag.Select(testGraph(t), tt.include, tt.exclude, testMatcher)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, selected(sel)); diff != "" {
				t.Errorf("Select(%q, exclude %q) (-want +got):\n%s", tt.include, tt.exclude, diff)
			}
		})
	}
}

func TestSelect_Errors(t *testing.T) {
	const grammar = "want [@][N+]name[+N] or method:value (tag:, path:, config.materialized:, state:)"
	tests := []struct {
		name             string
		include, exclude []string
		want             string
	}{
		{"AtWithTrailingPlus", []string{"@b+"}, nil, `selector "@b+": @ cannot be combined with + (as in dbt)`},
		{"AtWithLeadingPlus", []string{"@2+b"}, nil, `selector "@2+b": @ cannot be combined with + (as in dbt)`},
		{"PlusBeforeAt", []string{"+@b"}, nil, `selector "+@b": ` + grammar},
		{"DoublePlus", []string{"++b"}, nil, `selector "++b": ` + grammar},
		{"PlusAlone", []string{"+"}, nil, `selector "+": ` + grammar},
		{"AtAlone", []string{"@"}, nil, `selector "@": ` + grammar},
		{"EmptyAtomAfterComma", []string{"b,"}, nil, `selector "": ` + grammar},
		{"EmptyAtomBetweenCommas", []string{"b,,c"}, nil, `selector "": ` + grammar},
		{"EmptyMethodValue", []string{"tag:"}, nil, `selector "tag:": ` + grammar},
		{"PlusInsideName", []string{"b+c"}, nil, `selector "b+c": ` + grammar},
		{"UnknownMethod", []string{"tagg:core"}, nil, `selector "tagg:core": unknown method "tagg"`},
		{"NoMatch", []string{"x", "nope+"}, nil, `selector "nope+": no node is named "nope"`},
		{"NoMatchInIntersection", []string{"b,tag:none"}, nil, `selector "tag:none": no node has tag:none`},
		{"ExcludeParse", []string{"b"}, []string{"@b+"}, `--exclude: selector "@b+": @ cannot be combined with + (as in dbt)`},
		{"ExcludeNoMatch", []string{"b"}, []string{"q"}, `--exclude: selector "q": no node is named "q"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sel, err := dag.Select(testGraph(t), tt.include, tt.exclude, testMatcher)
			if err == nil {
				t.Fatalf("Select(%q, %q) = %v, want error %q", tt.include, tt.exclude, selected(sel), tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSelect_MatcherArgs(t *testing.T) {
	var calls []string
	match := func(method, value string) ([]string, error) {
		calls = append(calls, method+"|"+value)
		return []string{"a"}, nil
	}
	exprs := []string{"a", "+a", "a+", "2+a+3", "@a", "tag:core", "+tag:core+", "path:models/marts", "config.materialized:view", "state:modified+"}
	if _, err := dag.Select(testGraph(t), exprs, nil, match); err != nil {
		t.Fatal(err)
	}
	want := []string{"|a", "|a", "|a", "|a", "|a", "tag|core", "tag|core", "path|models/marts",
		"config.materialized|view", "state|modified"}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("matcher calls (-want +got):\n%s", diff)
	}
}

func TestSelect_Reasons(t *testing.T) {
	tests := []struct {
		name    string
		include []string
		want    dag.Selection[string]
	}{
		{"Name", []string{"d"}, dag.Selection[string]{"d": {`matches "d"`}}},
		{"Ancestors", []string{"+d"}, dag.Selection[string]{
			"a": {`ancestor of d (2 steps) via "+d"`},
			"b": {`ancestor of d (1 step) via "+d"`},
			"c": {`ancestor of d (1 step) via "+d"`},
			"d": {`matches "d"`},
		}},
		{"DescendantsOfMethod", []string{"tag:raw+1"}, dag.Selection[string]{
			"a": {`matches "tag:raw"`},
			"b": {`descendant of a (1 step) via "tag:raw+1"`},
			"c": {`descendant of a (1 step) via "tag:raw+1"`},
		}},
		{"At", []string{"@c"}, dag.Selection[string]{
			"a": {`ancestor of c (1 step) via "@c"`},
			"b": {`ancestor of d, a descendant of c, via "@c"`},
			"c": {`matches "c"`},
			"d": {`descendant of c (1 step) via "@c"`},
			"e": {`descendant of c (2 steps) via "@c"`},
			"f": {`descendant of c (3 steps) via "@c"`},
		}},
		{"Intersection", []string{"+d,tag:core"}, dag.Selection[string]{
			"b": {`ancestor of d (1 step) via "+d" and matches "tag:core"`},
			"c": {`ancestor of d (1 step) via "+d" and matches "tag:core"`},
			"d": {`matches "d" and matches "tag:core"`},
		}},
		{"UnionKeepsEveryReasonOnce", []string{"+d b", "b"}, dag.Selection[string]{
			"a": {`ancestor of d (2 steps) via "+d"`},
			"b": {`ancestor of d (1 step) via "+d"`, `matches "b"`},
			"c": {`ancestor of d (1 step) via "+d"`},
			"d": {`matches "d"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dag.Select(testGraph(t), tt.include, nil, testMatcher)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSelect_IntGraph(t *testing.T) {
	g := dag.New[int]()
	g.AddEdge(1, 2)
	g.AddEdge(2, 3)
	match := func(method, value string) ([]int, error) { return []int{2}, nil }
	sel, err := dag.Select(g, []string{"two+"}, nil, match)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]int, 0, len(sel))
	for k := range sel {
		got = append(got, k)
	}
	slices.Sort(got)
	if diff := cmp.Diff([]int{2, 3}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
