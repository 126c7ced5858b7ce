package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// band is a categorical x axis: one slot per table row, in row order.
type band struct {
	fr frame
	n  int
}

func (b band) width() float64           { return (b.fr.right - b.fr.left) / float64(b.n) }
func (b band) start(i int) float64      { return b.fr.left + float64(i)*b.width() }
func (b band) center(i int) float64     { return b.start(i) + b.width()/2 }
func (b band) bar(i int) (x, w float64) { return b.inner(i, 0, 1) }

// inner is the k-th of n bars inside slot i, with a gap around the group when there is room.
func (b band) inner(i, k, n int) (x, w float64) {
	pad := 0.0
	if b.width() > 4 {
		pad = b.width() * 0.15
	}
	w = (b.width() - 2*pad) / float64(n)
	return b.start(i) + pad + float64(k)*w, w
}

// categoryTicks labels up to ~12 slots: month changes for dates, evenly spaced otherwise.
func categoryTicks(t *table.Table, xj int, k kind, b band) ([]xTick, error) {
	if k == kindDate {
		return monthTicks(t, xj, b), nil
	}
	step := int(math.Ceil(float64(b.n) / 12))
	var out []xTick
	for i := 0; i < b.n; i += step {
		label, err := k.format(t.Rows[i][xj], false)
		if err != nil {
			return nil, err
		}
		out = append(out, xTick{b.center(i), label})
	}
	return out, nil
}

// monthTicks labels the first slot of each month (thinned to at most ~7 labels).
func monthTicks(t *table.Table, xj int, b band) []xTick {
	var all []monthPos
	for i, r := range t.Rows {
		d, ok := r[xj].(time.Time)
		if !ok {
			continue
		}
		m := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		if len(all) == 0 || !m.Equal(all[len(all)-1].m) {
			all = append(all, monthPos{b.start(i), m})
		}
	}
	step := monthStep(len(all))
	var ms []monthPos
	for n := 0; n < len(all); n += step {
		ms = append(ms, all[n])
	}
	return monthLabels(ms)
}

// barChart draws one bar series (y) per category, with optional lines on the same axis (line)
// or on a right axis (y2), and faded bars for rows still running (complete = false).
func barChart(s *spec, t *table.Table) (*figure, error) {
	if len(s.y) != 1 {
		return nil, fmt.Errorf("a bar chart takes one y column (lines go in line or y2)")
	}
	xj, err := column(t, s.x)
	if err != nil {
		return nil, err
	}
	ss, err := barSeries(s, t)
	if err != nil {
		return nil, err
	}
	vals, err := seriesValues(t, ss)
	if err != nil {
		return nil, err
	}
	done, err := completeFlags(s, t)
	if err != nil {
		return nil, err
	}
	f := &figure{}
	fr := newFrame(len(s.y2) > 0)
	b := band{fr, max(len(t.Rows), 1)}
	left, right := valueAxes(s, ss, vals, fr)
	f.yAxis(fr, left.sc, left.ticks, left.kind, false)
	if len(s.y2) > 0 {
		f.yAxis(fr, right.sc, right.ticks, right.kind, true)
	}
	ticks, err := categoryTicks(t, xj, s.kindOf(t, xj), b)
	if err != nil {
		return nil, err
	}
	f.xAxis(fr, ticks, true)
	f.bars(vals[0], b, left.sc, done)
	f.legend = append(f.legend, legendItem{"box s0", ss[0].label})
	if slices.Contains(done, false) {
		f.legend = append(f.legend, legendItem{"box s0 partial", "still running"})
	}
	for k := 1; k < len(ss); k++ {
		sc := left.sc
		if ss[k].right {
			sc = right.sc
		}
		f.categoryLine(vals[k], b, sc, ss[k].class, len(t.Rows) <= 40)
		f.legend = append(f.legend, legendItem{"line " + ss[k].class, legendLabel(ss[k], len(s.y2) > 0)})
	}
	if err := f.categoryHits(s, t, xj, ss, b, done); err != nil {
		return nil, err
	}
	f.desc = fmt.Sprintf("Bar chart of %s by %s, %d bars.", joinLabels(ss), s.label(s.x), len(t.Rows))
	f.table, err = categoryTable(s, t, xj, ss)
	return f, err
}

// barSeries is the bar column, then the line columns, then the right-axis columns.
func barSeries(s *spec, t *table.Table) ([]series, error) {
	var out []series
	cols := append(append(slices.Clone(s.y), s.line...), s.y2...)
	for i, name := range cols {
		j, err := column(t, name)
		if err != nil {
			return nil, err
		}
		sr := series{label: s.label(name), col: j, kind: s.kindOf(t, j), right: i > len(s.y)+len(s.line)-1}
		sr.class = fmt.Sprintf("s%d", i%6)
		if sr.right {
			sr.class += " dash"
		}
		out = append(out, sr)
	}
	return out, nil
}

// seriesValues reads each series' values in display units (NaN for NULL), row by row.
func seriesValues(t *table.Table, ss []series) ([][]float64, error) {
	out := make([][]float64, len(ss))
	for k, sr := range ss {
		out[k] = make([]float64, len(t.Rows))
		for i, r := range t.Rows {
			f, ok, err := number(r[sr.col])
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", t.Columns[sr.col], err)
			}
			out[k][i] = math.NaN()
			if ok {
				out[k][i] = sr.kind.display(f)
			}
		}
	}
	return out, nil
}

// completeFlags reads the complete column (every row complete without one).
func completeFlags(s *spec, t *table.Table) ([]bool, error) {
	out := make([]bool, len(t.Rows))
	for i := range out {
		out[i] = true
	}
	if s.complete == "" {
		return out, nil
	}
	j, err := column(t, s.complete)
	if err != nil {
		return nil, err
	}
	for i, r := range t.Rows {
		b, ok := r[j].(bool)
		out[i] = ok && b
	}
	return out, nil
}

// valueAxes builds the left axis over the series not on the right, and the right axis.
func valueAxes(s *spec, ss []series, vals [][]float64, fr frame) (left, right axisScale) {
	var le, re extent
	for k, sr := range ss {
		for _, v := range vals[k] {
			if sr.right {
				re.add(v)
				right.kind = sr.kind
			} else {
				le.add(v)
				left.kind = sr.kind
			}
		}
	}
	left.sc, left.ticks = s.yScale(le, fr, true)
	r := *s
	r.yMin, r.yMax = nil, nil
	right.sc, right.ticks = r.yScale(re, fr, false)
	return left, right
}

func (f *figure) bars(vals []float64, b band, sc scale, done []bool) {
	base := sc.at(math.Max(sc.d0, 0))
	for i, v := range vals {
		if math.IsNaN(v) {
			continue
		}
		x, w := b.bar(i)
		y := sc.at(v)
		class := "bar s0"
		if !done[i] {
			class += " partial"
		}
		f.add("<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>", class, n1(x), n1(math.Min(y, base)), n1(w), n1(math.Abs(base-y)))
	}
	f.add("\n")
}

// categoryLine draws a line through the slot centres.
func (f *figure) categoryLine(vals []float64, b band, sc scale, class string, markers bool) {
	p := &points{val: [][]float64{vals}}
	for i := range vals {
		p.xs = append(p.xs, float64(i))
	}
	f.line(p, 0, scale{-0.5, float64(b.n) - 0.5, b.fr.left, b.fr.right}, sc, class, markers)
}

// categoryHits adds a hover band per slot with every series' value as its title.
func (f *figure) categoryHits(s *spec, t *table.Table, xj int, ss []series, b band, done []bool) error {
	xk := s.kindOf(t, xj)
	for i := range t.Rows {
		xl, err := cell(xk, t.Rows[i][xj])
		if err != nil {
			return err
		}
		if !done[i] {
			xl += " (still running)"
		}
		lines := []string{xl}
		for _, sr := range ss {
			v, err := sr.kind.format(t.Rows[i][sr.col], true)
			if err != nil {
				return err
			}
			lines = append(lines, sr.label+": "+v)
		}
		if extra, err := s.tipExtras(t, i); err != nil {
			return err
		} else if extra != "" {
			lines = append(lines, extra)
		}
		f.hit(b.start(i), b.start(i)+b.width(), b.fr, strings.Join(lines, "\n"), "")
	}
	return nil
}

// categoryTable lists every row: x, each series, the tip columns.
func categoryTable(s *spec, t *table.Table, xj int, ss []series) (string, error) {
	cols := []int{xj}
	for _, sr := range ss {
		cols = append(cols, sr.col)
	}
	for _, name := range s.tip {
		j, err := column(t, name)
		if err != nil {
			return "", err
		}
		cols = append(cols, j)
	}
	return s.plainTable(t, cols)
}

// plainTable lists the given columns of every row, formatted by kind.
func (s *spec) plainTable(t *table.Table, cols []int) (string, error) {
	var head []string
	var numeric []bool
	for _, j := range cols {
		head, numeric = append(head, s.label(t.Columns[j])), append(numeric, s.kindOf(t, j).isNumeric())
	}
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		for _, j := range cols {
			v, err := cell(s.kindOf(t, j), r[j])
			if err != nil {
				return "", fmt.Errorf("column %s: %w", t.Columns[j], err)
			}
			rows[i] = append(rows[i], v)
		}
	}
	return dataTable(head, numeric, rows), nil
}

// groupedBars draws, per category, one bar for each y column (NULL draws no bar).
func groupedBars(s *spec, t *table.Table) (*figure, error) {
	xj, err := column(t, s.x)
	if err != nil {
		return nil, err
	}
	s.y2, s.line = nil, nil
	ss, err := s.seriesOf(t)
	if err != nil {
		return nil, err
	}
	vals, err := seriesValues(t, ss)
	if err != nil {
		return nil, err
	}
	f := &figure{}
	fr := newFrame(false)
	b := band{fr, max(len(t.Rows), 1)}
	left, _ := valueAxes(s, ss, vals, fr)
	f.yAxis(fr, left.sc, left.ticks, left.kind, false)
	ticks, err := categoryTicks(t, xj, s.kindOf(t, xj), b)
	if err != nil {
		return nil, err
	}
	f.xAxis(fr, ticks, true)
	base := left.sc.at(math.Max(left.sc.d0, 0))
	for k, sr := range ss {
		for i, v := range vals[k] {
			if math.IsNaN(v) {
				continue
			}
			x, w := b.inner(i, k, len(ss))
			y := left.sc.at(v)
			f.add("<rect class=\"bar %s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>", sr.class, n1(x+0.5), n1(math.Min(y, base)), n1(w-1), n1(math.Abs(base-y)))
		}
		f.add("\n")
		f.legend = append(f.legend, legendItem{"box " + sr.class, sr.label})
	}
	done, _ := completeFlags(&spec{}, t)
	if err := f.categoryHits(s, t, xj, ss, b, done); err != nil {
		return nil, err
	}
	f.desc = fmt.Sprintf("Grouped bar chart of %s by %s.", joinLabels(ss), s.label(s.x))
	f.table, err = categoryTable(s, t, xj, ss)
	return f, err
}

// histogram draws one bar per bin row; lower and upper are the bin edges, y the count.
func histogram(s *spec, t *table.Table) (*figure, error) {
	if len(s.y) != 1 || s.lower == "" || s.upper == "" {
		return nil, fmt.Errorf("a histogram takes lower, upper and one y column")
	}
	lj, err := column(t, s.lower)
	if err != nil {
		return nil, err
	}
	uj, err := column(t, s.upper)
	if err != nil {
		return nil, err
	}
	ss, err := s.seriesOf(t)
	if err != nil {
		return nil, err
	}
	vals, err := seriesValues(t, ss)
	if err != nil {
		return nil, err
	}
	f := &figure{}
	fr := newFrame(false)
	b := band{fr, max(len(t.Rows), 1)}
	left, _ := valueAxes(s, ss, vals, fr)
	f.yAxis(fr, left.sc, left.ticks, left.kind, false)
	ek := s.kindOf(t, lj)
	labels, err := binLabels(t, lj, uj, ek)
	if err != nil {
		return nil, err
	}
	f.xAxis(fr, binTicks(t, lj, ek, b), true)
	done, _ := completeFlags(&spec{}, t)
	f.bars(vals[0], b, left.sc, done)
	for i := range t.Rows {
		v, err := ss[0].kind.format(t.Rows[i][ss[0].col], true)
		if err != nil {
			return nil, err
		}
		f.hit(b.start(i), b.start(i)+b.width(), fr, labels[i]+"\n"+ss[0].label+": "+v, "")
	}
	f.desc = fmt.Sprintf("Histogram of %s over %d bins.", ss[0].label, len(t.Rows))
	rows := make([][]string, len(t.Rows))
	for i := range t.Rows {
		v, _ := cell(ss[0].kind, t.Rows[i][ss[0].col])
		rows[i] = []string{labels[i], v}
	}
	f.table = dataTable([]string{s.label("bin"), ss[0].label}, []bool{false, true}, rows)
	return f, nil
}

// binLabels names each bin by its edges: "0.01–0.0135 STX", or one value when they are equal.
func binLabels(t *table.Table, lj, uj int, k kind) ([]string, error) {
	out := make([]string, len(t.Rows))
	for i, r := range t.Rows {
		lo, err := k.format(r[lj], true)
		if err != nil {
			return nil, err
		}
		hi, err := k.format(r[uj], true)
		if err != nil {
			return nil, err
		}
		out[i] = lo
		if lo != hi {
			lo, _ = k.format(r[lj], false)
			out[i] = lo + "–" + hi
		}
	}
	return out, nil
}

// binTicks labels about six bins by their lower edge, to two significant digits.
func binTicks(t *table.Table, lj int, k kind, b band) []xTick {
	step := max(int(math.Ceil(float64(b.n)/6)), 1)
	var out []xTick
	for i := 0; i < b.n && i < len(t.Rows); i += step {
		label := none
		if f, ok, _ := number(t.Rows[i][lj]); ok {
			label = roughly(k.display(f))
		}
		out = append(out, xTick{b.start(i), label})
	}
	return out
}

// roughly formats a number to two significant digits: 0.0076, 0.43, 3.2, 1,200.
func roughly(f float64) string {
	if f == 0 {
		return "0"
	}
	decimals := max(1-int(math.Floor(math.Log10(math.Abs(f)))), 0)
	return group(trimZeros(strconv.FormatFloat(f, 'f', decimals, 64)))
}
