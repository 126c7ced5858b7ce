package report

import (
	"fmt"
	"math"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// heatEdges are the upper edges of the heatmap's colour buckets, in display units (percent
// for rates); a value at or above the last edge takes the last colour.
var heatEdges = []float64{5, 10, 15, 20, 30, 40, 50, 60, 75}

// heatmap draws a grid: one column per distinct x (e.g. cohort day), one row per distinct y
// (e.g. window), each cell coloured by value; missing cells stay empty.
func heatmap(s *spec, t *table.Table) (*figure, error) {
	if len(s.y) != 1 || s.value == "" {
		return nil, fmt.Errorf("a heatmap takes x, one y column and value")
	}
	g, err := newGrid(s, t)
	if err != nil {
		return nil, err
	}
	f := &figure{}
	fr := frame{left: 62, right: chartW - 14, top: 12, bottom: chartH - 34}
	cw := (fr.right - fr.left) / float64(len(g.xs))
	rh := (fr.bottom - fr.top) / float64(len(g.ys))
	for r, label := range g.yLabels {
		f.add("<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"end\" dy=\"0.32em\">%s</text>\n", n1(fr.left-6), n1(fr.top+(float64(r)+0.5)*rh), esc(label))
	}
	ticks, err := categoryTicks(g.xTable, 0, s.kindOf(t, g.xj), band{fr, len(g.xs)})
	if err != nil {
		return nil, err
	}
	f.xAxis(fr, ticks, true)
	for _, c := range g.cells {
		tip, err := g.tip(s, t, c)
		if err != nil {
			return nil, err
		}
		f.add("<rect class=\"hit cell h%d\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>%s</title></rect>\n",
			bucket(c.val), n1(fr.left+float64(c.x)*cw), n1(fr.top+float64(c.y)*rh), n1(cw+0.3), n1(rh-2), esc(tip))
	}
	f.legend = heatLegend(g.kind)
	f.desc = fmt.Sprintf("Heatmap of %s: %d columns (%s) by %d rows (%s).", s.label(s.value), len(g.xs), s.label(s.x), len(g.ys), s.label(s.y[0]))
	f.table = g.table(s)
	return f, nil
}

// bucket is the colour index of a display value.
func bucket(v float64) int {
	for i, e := range heatEdges {
		if v < e {
			return i
		}
	}
	return len(heatEdges)
}

func heatLegend(k kind) []legendItem {
	var out []legendItem
	lo := 0.0
	for i, e := range heatEdges {
		out = append(out, legendItem{fmt.Sprintf("box h%d", i), tickText(k, lo) + "–" + tickText(k, e)})
		lo = e
	}
	return append(out, legendItem{fmt.Sprintf("box h%d", len(heatEdges)), "≥ " + tickText(k, lo)})
}

// grid is a heatmap's data: distinct x and y keys in order of first appearance, and cells.
type grid struct {
	xj, yj, vj int
	kind       kind
	xs, ys     []string
	yLabels    []string
	xTable     *table.Table // one row per x, for the axis labels
	cells      []heatCell
	at         map[[2]int]int // (x, y) -> index in cells
}

type heatCell struct {
	x, y, row int
	val       float64
}

func newGrid(s *spec, t *table.Table) (*grid, error) {
	g := &grid{at: map[[2]int]int{}}
	var err error
	if g.xj, err = column(t, s.x); err != nil {
		return nil, err
	}
	if g.yj, err = column(t, s.y[0]); err != nil {
		return nil, err
	}
	if g.vj, err = column(t, s.value); err != nil {
		return nil, err
	}
	g.kind = s.kindOf(t, g.vj)
	g.xTable = &table.Table{Columns: []string{s.x}, Types: []string{t.Types[g.xj]}}
	xi, yi := map[string]int{}, map[string]int{}
	for i, r := range t.Rows {
		x, y := textOf(r[g.xj]), textOf(r[g.yj])
		if _, ok := xi[x]; !ok {
			xi[x] = len(g.xs)
			g.xs = append(g.xs, x)
			g.xTable.Rows = append(g.xTable.Rows, []any{r[g.xj]})
		}
		if _, ok := yi[y]; !ok {
			label, err := cell(s.kindOf(t, g.yj), r[g.yj])
			if err != nil {
				return nil, err
			}
			yi[y] = len(g.ys)
			g.ys, g.yLabels = append(g.ys, y), append(g.yLabels, label)
		}
		f, ok, err := number(r[g.vj])
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", s.value, err)
		}
		if ok {
			g.at[[2]int{xi[x], yi[y]}] = len(g.cells)
			g.cells = append(g.cells, heatCell{xi[x], yi[y], i, g.kind.display(f)})
		}
	}
	if len(g.xs) == 0 {
		return nil, fmt.Errorf("no rows")
	}
	return g, nil
}

// tip is a cell's tooltip: "2026-01-05 · 30d\nRetention: 45.2% (cohort 27, retained 12)".
func (g *grid) tip(s *spec, t *table.Table, c heatCell) (string, error) {
	x, err := cell(s.kindOf(t, g.xj), t.Rows[c.row][g.xj])
	if err != nil {
		return "", err
	}
	v, err := g.kind.format(t.Rows[c.row][g.vj], true)
	if err != nil {
		return "", err
	}
	extra, err := s.tipExtras(t, c.row)
	if err != nil {
		return "", err
	}
	if extra != "" {
		v += " (" + extra + ")"
	}
	return x + " · " + g.yLabels[c.y] + "\n" + s.label(s.value) + ": " + v, nil
}

// table pivots the grid: one row per x, one column per y.
func (g *grid) table(s *spec) string {
	head := []string{s.label(s.x)}
	numeric := []bool{false}
	for _, l := range g.yLabels {
		head, numeric = append(head, l), append(numeric, true)
	}
	rows := make([][]string, len(g.xs))
	for xi := range g.xs {
		r := []string{textOf(g.xTable.Rows[xi][0])}
		for yi := range g.ys {
			v := none
			if ci, ok := g.at[[2]int{xi, yi}]; ok && !math.IsNaN(g.cells[ci].val) {
				v = g.kind.text(g.cells[ci].val, false)
			}
			r = append(r, v)
		}
		rows[xi] = r
	}
	return dataTable(head, numeric, rows)
}
