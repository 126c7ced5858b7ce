package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// series is one plotted line or set of bars.
type series struct {
	label string
	col   int   // value column
	kind  kind  // how its values are shown
	right bool  // on the right axis
	rows  []int // its table rows (every row in wide format)
	class string
}

// seriesOf reads the series of a chart: one per column of y (left) and y2 (right), or in long
// format one per distinct value of the series column, in order of first appearance.
func (s *spec) seriesOf(t *table.Table) ([]series, error) {
	if len(s.y) == 0 {
		return nil, fmt.Errorf("no y columns")
	}
	if s.series != "" {
		return s.longSeries(t)
	}
	all := make([]int, len(t.Rows))
	for i := range all {
		all[i] = i
	}
	var out []series
	for i, name := range append(slices.Clone(s.y), s.y2...) {
		j, err := column(t, name)
		if err != nil {
			return nil, err
		}
		sr := series{label: s.label(name), col: j, kind: s.kindOf(t, j), right: i >= len(s.y), rows: all}
		sr.class = fmt.Sprintf("s%d", i%6)
		if sr.right {
			sr.class += " dash"
		}
		out = append(out, sr)
	}
	return out, nil
}

func (s *spec) longSeries(t *table.Table) ([]series, error) {
	if len(s.y) != 1 || len(s.y2) > 0 {
		return nil, fmt.Errorf("with series, give exactly one y column and no y2")
	}
	sj, err := column(t, s.series)
	if err != nil {
		return nil, err
	}
	vj, err := column(t, s.y[0])
	if err != nil {
		return nil, err
	}
	var out []series
	index := map[string]int{}
	for i, r := range t.Rows {
		name := textOf(r[sj])
		k, ok := index[name]
		if !ok {
			k = len(out)
			index[name] = k
			out = append(out, series{label: s.label(name), col: vj, kind: s.kindOf(t, vj), class: fmt.Sprintf("s%d", k%6)})
		}
		out[k].rows = append(out[k].rows, i)
	}
	return out, nil
}

// xValue reads an x value as a number: days for dates, the number otherwise.
func xValue(v any) (float64, error) {
	if t, ok := v.(time.Time); ok {
		return dayOf(t), nil
	}
	f, ok, err := number(v)
	if err != nil {
		return 0, fmt.Errorf("x value: %w", err)
	}
	if !ok {
		return 0, fmt.Errorf("x value is NULL")
	}
	return f, nil
}

// points holds the distinct x values of a chart and each series' value at them.
type points struct {
	xs    []float64 // sorted
	rowAt []int     // a table row for each x (for its label)
	val   [][]float64
	row   [][]int // the row behind each series' point, -1 when none
}

func collectPoints(t *table.Table, xj int, ss []series) (*points, error) {
	xsOf := make([]float64, len(t.Rows))
	seen := map[float64]int{}
	p := &points{}
	for i, r := range t.Rows {
		x, err := xValue(r[xj])
		if err != nil {
			return nil, err
		}
		xsOf[i] = x
		if _, ok := seen[x]; !ok {
			seen[x] = i
			p.xs = append(p.xs, x)
		}
	}
	slices.Sort(p.xs)
	at := map[float64]int{}
	for k, x := range p.xs {
		at[x] = k
		p.rowAt = append(p.rowAt, seen[x])
	}
	for _, sr := range ss {
		vals, rows := make([]float64, len(p.xs)), make([]int, len(p.xs))
		for k := range vals {
			vals[k], rows[k] = math.NaN(), -1
		}
		for _, i := range sr.rows {
			f, ok, err := number(t.Rows[i][sr.col])
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", t.Columns[sr.col], err)
			}
			k := at[xsOf[i]]
			rows[k] = i
			if ok {
				vals[k] = sr.kind.display(f)
			}
		}
		p.val, p.row = append(p.val, vals), append(p.row, rows)
	}
	return p, nil
}

// lineChart draws one or more lines over a time or number axis, optionally with a right axis
// (y2, dashed) and a dashed target line; every x has a hover band listing all values.
func lineChart(s *spec, t *table.Table) (*figure, error) {
	xj, err := column(t, s.x)
	if err != nil {
		return nil, err
	}
	ss, err := s.seriesOf(t)
	if err != nil {
		return nil, err
	}
	p, err := collectPoints(t, xj, ss)
	if err != nil {
		return nil, err
	}
	f := &figure{}
	fr := newFrame(len(s.y2) > 0)
	left, right := valueAxes(s, ss, p.val, fr)
	xs := s.xScale(p, fr)
	f.axes(s, t, xj, p, fr, xs, left, right)
	for k, sr := range ss {
		sc := left.sc
		if sr.right {
			sc = right.sc
		}
		f.line(p, k, xs, sc, sr.class, len(p.xs) <= 40)
		f.legend = append(f.legend, legendItem{"line " + sr.class, legendLabel(sr, len(s.y2) > 0)})
	}
	if s.target != nil {
		f.targetLine(s, fr, left.sc)
	}
	if err := f.lineHits(s, t, xj, p, ss, fr, xs, left.sc, right.sc); err != nil {
		return nil, err
	}
	f.desc = fmt.Sprintf("Line chart of %s over %s, %d points.", joinLabels(ss), s.label(s.x), len(p.xs))
	table, err := lineTable(s, t, xj, p, ss)
	f.table = table
	return f, err
}

func legendLabel(sr series, twoAxes bool) string {
	if !twoAxes {
		return sr.label
	}
	if sr.right {
		return sr.label + " (right axis)"
	}
	return sr.label + " (left axis)"
}

func joinLabels(ss []series) string {
	var out []string
	for _, sr := range ss {
		out = append(out, sr.label)
	}
	return strings.Join(out, ", ")
}

// axisScale is a value axis: its scale, ticks and the kind of its labels.
type axisScale struct {
	sc    scale
	ticks []float64
	kind  kind
}

func (s *spec) xScale(p *points, fr frame) scale {
	lo, hi := p.xs[0], p.xs[len(p.xs)-1]
	if s.xMin != nil {
		lo = math.Min(lo, *s.xMin)
	}
	return scale{lo, hi, fr.left, fr.right}
}

// axes draws both value axes and the x axis.
func (f *figure) axes(s *spec, t *table.Table, xj int, p *points, fr frame, xs scale, left, right axisScale) {
	f.yAxis(fr, left.sc, left.ticks, left.kind, false)
	if len(s.y2) > 0 {
		f.yAxis(fr, right.sc, right.ticks, right.kind, true)
	}
	xk := s.kindOf(t, xj)
	switch {
	case xk == kindDate:
		f.xAxis(fr, timeTicks(xs.d0, xs.d1, xs.at), true)
	case s.xTicks == "data":
		f.xAxis(fr, dataTicks(s, xk, p, xs), false)
	default:
		var ticks []xTick
		vals, _, _ := niceTicks(xs.d0, xs.d1, 6)
		for _, v := range vals {
			if v >= xs.d0 && v <= xs.d1 {
				ticks = append(ticks, xTick{xs.at(v), tickText(xk, v)})
			}
		}
		f.xAxis(fr, ticks, true)
	}
}

// dataTicks labels the data's own x values (e.g. windows 1, 15, 30 ... days), and xmin when
// it is apart from them; a label too close to the one before is left out.
func dataTicks(s *spec, xk kind, p *points, xs scale) []xTick {
	vals := p.xs
	if s.xMin != nil && *s.xMin < p.xs[0] {
		vals = append([]float64{*s.xMin}, vals...)
	}
	var out []xTick
	for _, v := range vals {
		pos := xs.at(v)
		if len(out) > 0 && pos-out[len(out)-1].pos < minTickGap/2 {
			if len(out) == 1 && s.xMin != nil && out[0].label == tickText(xk, *s.xMin) {
				out[0] = xTick{pos, tickText(xk, v)} // the data beats the axis origin
			}
			continue
		}
		out = append(out, xTick{pos, tickText(xk, v)})
	}
	return out
}

// targetLine draws the dashed horizontal target with its label.
func (f *figure) targetLine(s *spec, fr frame, sc scale) {
	y := n1(sc.at(*s.target))
	f.add("<line class=\"target\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>", n1(fr.left), n1(fr.right), y, y)
	if s.targetLabel != "" {
		f.add("<text class=\"tick target-label\" x=\"%s\" y=\"%s\" text-anchor=\"end\" dy=\"-0.4em\">%s</text>\n", n1(fr.right-4), y, esc(s.targetLabel))
	}
	f.legend = append(f.legend, legendItem{"line target", s.targetLabel})
}

// line draws one series as a path, breaking at missing values; few points also get markers.
func (f *figure) line(p *points, k int, xs, ys scale, class string, markers bool) {
	var d strings.Builder
	pen := false
	for i, v := range p.val[k] {
		if math.IsNaN(v) {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%s,%s", cmd, n1(xs.at(p.xs[i])), n1(ys.at(v)))
		pen = true
	}
	f.add("<path class=\"line %s\" d=\"%s\"/>\n", class, d.String())
	if !markers {
		return
	}
	for i, v := range p.val[k] {
		if !math.IsNaN(v) {
			f.add("<circle class=\"pt %s\" cx=\"%s\" cy=\"%s\" r=\"3\"/>", class, n1(xs.at(p.xs[i])), n1(ys.at(v)))
		}
	}
	f.add("\n")
}

// lineHits adds a hover band per x with a dot on every series and the values as its title.
func (f *figure) lineHits(s *spec, t *table.Table, xj int, p *points, ss []series, fr frame, xs, left, right scale) error {
	xpos := make([]float64, len(p.xs))
	for i, x := range p.xs {
		xpos[i] = xs.at(x)
	}
	for i, b := range bands(xpos, fr) {
		lines, err := s.pointTip(t, xj, p, ss, i)
		if err != nil {
			return err
		}
		var dots strings.Builder
		for k, sr := range ss {
			if v := p.val[k][i]; !math.IsNaN(v) {
				sc := left
				if sr.right {
					sc = right
				}
				fmt.Fprintf(&dots, "<circle class=\"dot %s\" cx=\"%s\" cy=\"%s\" r=\"4\"/>", sr.class, n1(xpos[i]), n1(sc.at(v)))
			}
		}
		f.hit(b[0], b[1], fr, strings.Join(lines, "\n"), dots.String())
	}
	return nil
}

// pointTip is the tooltip of the i-th x: the x, then "Label: value" per series; tip columns
// follow each series in long format, or come once at the end in wide format.
func (s *spec) pointTip(t *table.Table, xj int, p *points, ss []series, i int) ([]string, error) {
	xl, err := cell(s.kindOf(t, xj), t.Rows[p.rowAt[i]][xj])
	if err != nil {
		return nil, err
	}
	lines := []string{xl}
	for k, sr := range ss {
		row := p.row[k][i]
		if row < 0 {
			continue
		}
		v, err := sr.kind.format(t.Rows[row][sr.col], true)
		if err != nil {
			return nil, err
		}
		if s.series != "" {
			if extra, err := s.tipExtras(t, row); err != nil {
				return nil, err
			} else if extra != "" {
				v += " (" + extra + ")"
			}
		}
		lines = append(lines, sr.label+": "+v)
	}
	if s.series == "" {
		extra, err := s.tipExtras(t, p.rowAt[i])
		if err != nil {
			return nil, err
		}
		if extra != "" {
			lines = append(lines, extra)
		}
	}
	return lines, nil
}

// tipExtras formats the tip columns of a row: "eligible 286, retained 139".
func (s *spec) tipExtras(t *table.Table, row int) (string, error) {
	var parts []string
	for _, name := range s.tip {
		j, err := column(t, name)
		if err != nil {
			return "", err
		}
		v, err := s.kindOf(t, j).format(t.Rows[row][j], true)
		if err != nil {
			return "", err
		}
		parts = append(parts, s.label(name)+" "+v)
	}
	return strings.Join(parts, ", "), nil
}

// lineTable lists every x with each series' value and the tip columns (per series in long
// format, once in wide format).
func lineTable(s *spec, t *table.Table, xj int, p *points, ss []series) (string, error) {
	tips := make([]int, len(s.tip))
	for i, name := range s.tip {
		j, err := column(t, name)
		if err != nil {
			return "", err
		}
		tips[i] = j
	}
	head, numeric := []string{s.label(s.x)}, []bool{s.kindOf(t, xj).isNumeric()}
	addTips := func(prefix string) {
		for _, j := range tips {
			head, numeric = append(head, prefix+s.label(t.Columns[j])), append(numeric, s.kindOf(t, j).isNumeric())
		}
	}
	for _, sr := range ss {
		head, numeric = append(head, sr.label), append(numeric, true)
		if s.series != "" {
			addTips(sr.label + ": ")
		}
	}
	if s.series == "" {
		addTips("")
	}
	var rows [][]string
	for i := range p.xs {
		r, err := lineRow(s, t, xj, p, ss, tips, i)
		if err != nil {
			return "", err
		}
		rows = append(rows, r)
	}
	return dataTable(head, numeric, rows), nil
}

// lineRow is one table row: the x, each series' value (in long format followed by its tip
// columns), then in wide format the tip columns of the x's row.
func lineRow(s *spec, t *table.Table, xj int, p *points, ss []series, tips []int, i int) ([]string, error) {
	x, err := cell(s.kindOf(t, xj), t.Rows[p.rowAt[i]][xj])
	if err != nil {
		return nil, err
	}
	out := []string{x}
	for k, sr := range ss {
		row := p.row[k][i]
		cols := []int{sr.col}
		if s.series != "" {
			cols = append(cols, tips...)
		}
		vals, err := s.cells(t, row, cols)
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	if s.series == "" {
		vals, err := s.cells(t, p.rowAt[i], tips)
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, nil
}

// cells formats columns of a row; a missing row (-1) shows "—" in each.
func (s *spec) cells(t *table.Table, row int, cols []int) ([]string, error) {
	out := make([]string, len(cols))
	for n, j := range cols {
		out[n] = none
		if row < 0 {
			continue
		}
		v, err := cell(s.kindOf(t, j), t.Rows[row][j])
		if err != nil {
			return nil, err
		}
		out[n] = v
	}
	return out, nil
}
