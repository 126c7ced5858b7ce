package dag_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/dag"
)

type edge struct{ parent, child string }

func mustGraph(tb testing.TB, nodes []string, edges []edge) *dag.Graph[string] {
	tb.Helper()
	g := dag.New[string]()
	for _, n := range nodes {
		g.AddNode(n)
	}
	for _, e := range edges {
		g.AddEdge(e.parent, e.child)
	}
	return g
}

// testGraph is a diamond (a -> b, c -> d) continued by a chain (d -> e -> f), a second
// chain x -> y and an isolated node z.
func testGraph(tb testing.TB) *dag.Graph[string] {
	tb.Helper()
	return mustGraph(tb, []string{"z"}, []edge{
		{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}, {"d", "e"}, {"e", "f"}, {"x", "y"},
	})
}

func TestGraph_Accessors(t *testing.T) {
	g := testGraph(t)
	type got struct {
		Nodes, ParentsOfD, ChildrenOfA, ParentsOfZ, ParentsOfMissing []string
		HasZ, HasMissing                                             bool
	}
	want := got{
		Nodes:       []string{"a", "b", "c", "d", "e", "f", "x", "y", "z"},
		ParentsOfD:  []string{"b", "c"},
		ChildrenOfA: []string{"b", "c"},
		ParentsOfZ:  []string{}, ParentsOfMissing: []string{},
		HasZ: true, HasMissing: false,
	}
	have := got{
		Nodes: g.Nodes(), ParentsOfD: g.Parents("d"), ChildrenOfA: g.Children("a"),
		ParentsOfZ: g.Parents("z"), ParentsOfMissing: g.Parents("missing"),
		HasZ: g.Has("z"), HasMissing: g.Has("missing"),
	}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("accessors (-want +got):\n%s", diff)
	}
}

func TestGraph_AddEdgeTwice(t *testing.T) {
	g := mustGraph(t, nil, []edge{{"a", "b"}, {"a", "b"}})
	if diff := cmp.Diff([]string{"a"}, g.Parents("b")); diff != "" {
		t.Errorf("Parents(b) (-want +got):\n%s", diff)
	}
}

func TestSort_Order(t *testing.T) {
	tests := []struct {
		name  string
		nodes []string
		edges []edge
		want  []string
	}{
		{"Empty", nil, nil, []string{}},
		{"Isolated", []string{"c", "a", "b"}, nil, []string{"a", "b", "c"}},
		{"ParentsFirstNotAlphabetical", []string{"c"}, []edge{{"b", "a"}}, []string{"b", "a", "c"}},
		{"Chain", nil, []edge{{"z", "y"}, {"y", "x"}}, []string{"z", "y", "x"}},
		{"TiesBrokenByName", nil, []edge{{"m", "b"}, {"m", "a"}, {"n", "c"}}, []string{"m", "a", "b", "n", "c"}},
		{"DiamondChain", []string{"z"}, []edge{
			{"a", "b"}, {"a", "c"}, {"b", "d"}, {"c", "d"}, {"d", "e"}, {"e", "f"}, {"x", "y"},
		}, []string{"a", "b", "c", "d", "e", "f", "x", "y", "z"}},
		{"ReadyAsSoonAsPossible", nil, []edge{{"a", "z"}, {"b", "c"}}, []string{"a", "b", "c", "z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mustGraph(t, tt.nodes, tt.edges).Sort()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Sort (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSort_Deterministic(t *testing.T) {
	var edges []edge
	for _, p := range []string{"m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08"} {
		for _, c := range []string{"n1", "n2", "n3", "n4"} {
			edges = append(edges, edge{p, c})
		}
		edges = append(edges, edge{"root", p})
	}
	edges = append(edges, edge{"n4", "leaf"}, edge{"n1", "leaf"}, edge{"alone", "leaf"})
	want, err := mustGraph(t, nil, edges).Sort()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
		got, err := mustGraph(t, nil, edges).Sort()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("run %d: order differs (-first +this):\n%s", i, diff)
		}
	}
	if want[0] != "alone" || want[len(want)-1] != "leaf" {
		t.Errorf("Sort = %v, want alone first and leaf last", want)
	}
}

func TestSort_Cycle(t *testing.T) {
	tests := []struct {
		name  string
		edges []edge
		want  []string
		msg   string
	}{
		{"Self", []edge{{"a", "a"}}, []string{"a", "a"}, "cycle: a -> a"},
		{"Two", []edge{{"a", "b"}, {"b", "a"}}, []string{"a", "b", "a"}, "cycle: a -> b -> a"},
		{"Three", []edge{{"r", "a"}, {"a", "b"}, {"b", "c"}, {"c", "a"}, {"c", "d"}},
			[]string{"a", "b", "c", "a"}, "cycle: a -> b -> c -> a"},
		{"ThreeReversedNames", []edge{{"c", "b"}, {"b", "a"}, {"a", "c"}},
			[]string{"a", "c", "b", "a"}, "cycle: a -> c -> b -> a"},
		{"DownstreamNodeNotInPath", []edge{{"b", "c"}, {"c", "b"}, {"c", "a"}},
			[]string{"c", "b", "c"}, "cycle: c -> b -> c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			order, err := mustGraph(t, nil, tt.edges).Sort()
			if err == nil {
				t.Fatalf("Sort = %v, want a cycle", order)
			}
			if !errors.Is(err, dag.ErrCycle) {
				t.Errorf("errors.Is(%v, ErrCycle) = false", err)
			}
			var ce *dag.CycleError[string]
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not a *CycleError", err)
			}
			if diff := cmp.Diff(tt.want, ce.Path); diff != "" {
				t.Errorf("Path (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.msg, err.Error()); diff != "" {
				t.Errorf("Error() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAncestorsDescendants_Depth(t *testing.T) {
	g := testGraph(t)
	tests := []struct {
		name string
		got  map[string]int
		want map[string]int
	}{
		{"AncestorsAll", g.Ancestors("f", -1), map[string]int{"e": 1, "d": 2, "b": 3, "c": 3, "a": 4}},
		{"AncestorsDepth1", g.Ancestors("f", 1), map[string]int{"e": 1}},
		{"AncestorsDepth2", g.Ancestors("f", 2), map[string]int{"e": 1, "d": 2}},
		{"AncestorsDepth0", g.Ancestors("f", 0), map[string]int{}},
		{"AncestorsShortestPath", g.Ancestors("d", -1), map[string]int{"b": 1, "c": 1, "a": 2}},
		{"AncestorsOfRoot", g.Ancestors("a", -1), map[string]int{}},
		{"AncestorsOfMissing", g.Ancestors("missing", -1), map[string]int{}},
		{"DescendantsAll", g.Descendants("a", -1), map[string]int{"b": 1, "c": 1, "d": 2, "e": 3, "f": 4}},
		{"DescendantsDepth1", g.Descendants("a", 1), map[string]int{"b": 1, "c": 1}},
		{"DescendantsDepth3", g.Descendants("b", 3), map[string]int{"d": 1, "e": 2, "f": 3}},
		{"DescendantsLargeDepth", g.Descendants("x", 10), map[string]int{"y": 1}},
		{"DescendantsIsolated", g.Descendants("z", -1), map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestAncestors_CycleTerminates(t *testing.T) {
	g := mustGraph(t, nil, []edge{{"a", "b"}, {"b", "c"}, {"c", "a"}})
	if diff := cmp.Diff(map[string]int{"b": 1, "a": 2}, g.Ancestors("c", -1)); diff != "" {
		t.Errorf("Ancestors(c) (-want +got):\n%s", diff)
	}
}
