// Package dag is a small generic directed acyclic graph: nodes, parent->child edges, a
// deterministic topological sort, cycle paths, and dbt-style node selection.
package dag

import (
	"cmp"
	"container/heap"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Graph is a directed graph whose edges run from parent (upstream) to child (downstream).
type Graph[K cmp.Ordered] struct {
	parents  map[K]map[K]bool
	children map[K]map[K]bool
}

// New returns an empty graph.
func New[K cmp.Ordered]() *Graph[K] {
	return &Graph[K]{parents: map[K]map[K]bool{}, children: map[K]map[K]bool{}}
}

// AddNode adds k if it is not in the graph yet.
func (g *Graph[K]) AddNode(k K) {
	if g.parents[k] == nil {
		g.parents[k] = map[K]bool{}
		g.children[k] = map[K]bool{}
	}
}

// AddEdge records that child depends on parent, adding both nodes.
func (g *Graph[K]) AddEdge(parent, child K) {
	g.AddNode(parent)
	g.AddNode(child)
	g.parents[child][parent] = true
	g.children[parent][child] = true
}

// Has reports whether k is a node.
func (g *Graph[K]) Has(k K) bool { return g.parents[k] != nil }

// Nodes returns every node, sorted.
func (g *Graph[K]) Nodes() []K { return sortedKeys(g.parents) }

// Parents returns k's direct parents, sorted.
func (g *Graph[K]) Parents(k K) []K { return sortedKeys(g.parents[k]) }

// Children returns k's direct children, sorted.
func (g *Graph[K]) Children(k K) []K { return sortedKeys(g.children[k]) }

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ErrCycle is wrapped by every *CycleError.
var ErrCycle = errors.New("cycle")

// CycleError names one cycle as a path whose first and last nodes are the same.
type CycleError[K cmp.Ordered] struct{ Path []K }

func (e *CycleError[K]) Error() string {
	parts := make([]string, len(e.Path))
	for i, k := range e.Path {
		parts[i] = fmt.Sprint(k)
	}
	return "cycle: " + strings.Join(parts, " -> ")
}

// Is makes errors.Is(err, ErrCycle) true.
func (e *CycleError[K]) Is(target error) bool { return target == ErrCycle }

// Sort returns the nodes in dependency order: parents before children, and among nodes that
// are ready at the same time, the smallest first, so the order is the same on every run.
func (g *Graph[K]) Sort() ([]K, error) {
	indegree := make(map[K]int, len(g.parents))
	ready := &minHeap[K]{}
	for k, ps := range g.parents {
		indegree[k] = len(ps)
		if len(ps) == 0 {
			*ready = append(*ready, k)
		}
	}
	heap.Init(ready)
	order := make([]K, 0, len(g.parents))
	for ready.Len() > 0 {
		k := heap.Pop(ready).(K)
		order = append(order, k)
		for c := range g.children[k] {
			if indegree[c]--; indegree[c] == 0 {
				heap.Push(ready, c)
			}
		}
	}
	if len(order) < len(g.parents) {
		return nil, &CycleError[K]{Path: g.cycle(indegree)}
	}
	return order, nil
}

// cycle finds a cycle among the nodes the sort could not place (indegree > 0), walking from
// the smallest of them through its smallest unplaced parent until a node repeats.
func (g *Graph[K]) cycle(indegree map[K]int) []K {
	var start K
	first := true
	for k, d := range indegree {
		if d > 0 && (first || k < start) {
			start, first = k, false
		}
	}
	seen := map[K]int{}
	var walk []K
	for k := start; ; {
		if i, ok := seen[k]; ok {
			path := append(walk[i:], k)
			slices.Reverse(path) // the walk went child -> parent; report it upstream first
			return path
		}
		seen[k] = len(walk)
		walk = append(walk, k)
		for _, p := range g.Parents(k) {
			if indegree[p] > 0 {
				k = p
				break
			}
		}
	}
}

type minHeap[K cmp.Ordered] []K

func (h minHeap[K]) Len() int           { return len(h) }
func (h minHeap[K]) Less(i, j int) bool { return h[i] < h[j] }
func (h minHeap[K]) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap[K]) Push(x any)        { *h = append(*h, x.(K)) }
func (h *minHeap[K]) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Ancestors returns the nodes upstream of k with their distance in edges, up to depth
// (depth < 0: unlimited). k itself is not included.
func (g *Graph[K]) Ancestors(k K, depth int) map[K]int { return walk(k, depth, g.parents) }

// Descendants returns the nodes downstream of k with their distance, up to depth.
func (g *Graph[K]) Descendants(k K, depth int) map[K]int { return walk(k, depth, g.children) }

func walk[K cmp.Ordered](start K, depth int, next map[K]map[K]bool) map[K]int {
	dist := map[K]int{}
	frontier := []K{start}
	for d := 1; len(frontier) > 0 && (depth < 0 || d <= depth); d++ {
		var nextFrontier []K
		for _, k := range frontier {
			for n := range next[k] {
				if _, seen := dist[n]; !seen && n != start {
					dist[n] = d
					nextFrontier = append(nextFrontier, n)
				}
			}
		}
		frontier = nextFrontier
	}
	return dist
}
