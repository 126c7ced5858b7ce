package report

import (
	"fmt"
	"html/template"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// The viewBox of every chart; the SVG scales to its container's width.
const (
	chartW = 640.0
	chartH = 300.0
)

// spec is a chart's options, given in the template as key/value pairs after the data:
//
//	{{ lineChart "trend" "Title" "trend_query" "x" "activity_date" "y" "nv_btc_roll30" "fmt:nv_btc_roll30" "btc" }}
type spec struct {
	id, title, desc  string
	x                string   // x column (categories for bars)
	y, y2, line, tip []string // series columns: left axis, right axis, lines over bars, extra tooltip columns
	series           string   // long format: the column naming each row's series (y has one column)
	value            string   // heatmap: the cell value column
	lower, upper     string   // histogram: bin edge columns
	complete         string   // bar charts: a boolean column, false = still running (drawn faded)
	labels           map[string]string
	kinds            map[string]kind
	target           *float64
	targetLabel      string
	yMin, yMax, xMin *float64
	xTicks           string // "data": ticks at the data's x values
	xLabel           string // what the x axis shows, listed with the legend
	noTable          bool   // the page shows the same data in a table right after the chart
}

var chartID = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// parseSpec reads a chart's options; an unknown key is an error, so typos fail the render.
func parseSpec(id, title string, kv []string) (*spec, error) {
	if !chartID.MatchString(id) {
		return nil, fmt.Errorf("chart id %q: want lower-case letters, digits and dashes", id)
	}
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("chart %s: options come in key/value pairs, got %d strings", id, len(kv))
	}
	s := &spec{id: id, title: title, labels: map[string]string{}, kinds: map[string]kind{}}
	for i := 0; i < len(kv); i += 2 {
		if err := s.set(kv[i], kv[i+1]); err != nil {
			return nil, fmt.Errorf("chart %s: %w", id, err)
		}
	}
	return s, nil
}

func (s *spec) set(key, val string) error {
	if name, ok := strings.CutPrefix(key, "label:"); ok {
		s.labels[name] = val
		return nil
	}
	if name, ok := strings.CutPrefix(key, "fmt:"); ok {
		k, known := kinds[val]
		if !known {
			return fmt.Errorf("fmt:%s: unknown format %q", name, val)
		}
		s.kinds[name] = k
		return nil
	}
	strs := map[string]*string{"x": &s.x, "series": &s.series, "value": &s.value, "lower": &s.lower,
		"upper": &s.upper, "complete": &s.complete, "desc": &s.desc, "targetLabel": &s.targetLabel, "xticks": &s.xTicks, "xlabel": &s.xLabel}
	if p, ok := strs[key]; ok {
		*p = val
		return nil
	}
	lists := map[string]*[]string{"y": &s.y, "y2": &s.y2, "line": &s.line, "tip": &s.tip}
	if p, ok := lists[key]; ok {
		*p = strings.Split(val, ",")
		return nil
	}
	nums := map[string]**float64{"target": &s.target, "ymin": &s.yMin, "ymax": &s.yMax, "xmin": &s.xMin}
	if p, ok := nums[key]; ok {
		f, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a number", key, val)
		}
		*p = &f
		return nil
	}
	if key == "table" && val == "off" {
		s.noTable = true
		return nil
	}
	return fmt.Errorf("unknown option %q", key)
}

// label is the display name of a column or series.
func (s *spec) label(name string) string {
	if l, ok := s.labels[name]; ok {
		return l
	}
	return name
}

// kindOf is how a column is shown: its fmt: option, else by its database type.
func (s *spec) kindOf(t *table.Table, j int) kind {
	if k, ok := s.kinds[t.Columns[j]]; ok {
		return k
	}
	switch typ := t.Types[j]; {
	case typ == "DATE" || strings.HasPrefix(typ, "TIMESTAMP"):
		return kindDate
	case strings.Contains(typ, "INT"):
		return kindCount
	case typ == "VARCHAR" || typ == "BOOLEAN":
		return kindText
	}
	return kindNum
}

// chart wraps a builder as a template function: id, title, data, then options.
func (d *data) chart(build func(*spec, *table.Table) (*figure, error)) func(string, string, any, ...string) (template.HTML, error) {
	return func(id, title string, src any, kv ...string) (template.HTML, error) {
		s, err := parseSpec(id, title, kv)
		if err != nil {
			return "", err
		}
		t, err := d.table(src)
		if err != nil {
			return "", fmt.Errorf("chart %s: %w", id, err)
		}
		f, err := build(s, t)
		if err != nil {
			return "", fmt.Errorf("chart %s: %w", id, err)
		}
		if s.noTable {
			f.table = ""
		}
		if s.xLabel != "" {
			f.legend = append(f.legend, legendItem{"", s.xLabel})
		}
		return template.HTML(f.html(s)), nil
	}
}

// figure is a built chart: SVG body, legend and data table, all escaped HTML.
type figure struct {
	svg    strings.Builder
	legend []legendItem
	table  string
	desc   string
}

type legendItem struct{ class, label string }

func (f *figure) add(format string, args ...any) { fmt.Fprintf(&f.svg, format, args...) }

// html assembles the figure: caption, legend, the SVG with a tooltip box, and the data table.
func (f *figure) html(s *spec) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<figure class=\"chart\" id=\"%s\">\n<figcaption>%s</figcaption>\n", s.id, esc(s.title))
	if len(f.legend) > 0 {
		b.WriteString("<ul class=\"legend\">")
		for _, l := range f.legend {
			if l.class == "" {
				fmt.Fprintf(&b, "<li class=\"axis-note\">%s</li>", esc(l.label))
				continue
			}
			fmt.Fprintf(&b, "<li><span class=\"key %s\"></span>%s</li>", l.class, esc(l.label))
		}
		b.WriteString("</ul>\n")
	}
	desc := f.desc
	if s.desc != "" {
		desc = s.desc + " " + desc
	}
	fmt.Fprintf(&b, "<div class=\"plot\"><svg viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">"+
		"<title id=\"%s-t\">%s</title><desc id=\"%s-d\">%s</desc>\n%s</svg><div class=\"tip\" hidden></div></div>\n",
		int(chartW), int(chartH), s.id, s.id, s.id, esc(s.title), s.id, esc(desc), f.svg.String())
	b.WriteString(f.table)
	b.WriteString("</figure>")
	return b.String()
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// n1 formats a coordinate with one decimal.
func n1(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// frame is the plot area inside the viewBox.
type frame struct{ left, right, top, bottom float64 }

func newFrame(rightAxis bool) frame {
	f := frame{left: 62, right: chartW - 14, top: 12, bottom: chartH - 34}
	if rightAxis {
		f.right = chartW - 62
	}
	return f
}

// scale maps a domain linearly onto a range.
type scale struct{ d0, d1, r0, r1 float64 }

func (s scale) at(v float64) float64 {
	if s.d1 == s.d0 {
		return (s.r0 + s.r1) / 2
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}

// niceTicks picks about n round tick values covering [lo, hi] and the widened domain.
func niceTicks(lo, hi float64, n int) (ticks []float64, d0, d1 float64) {
	if lo == hi {
		if lo == 0 {
			hi = 1
		} else {
			lo, hi = math.Min(0, lo), math.Max(0, hi)
		}
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	// round to the step's decimals, so 3 x 0.0002 is 0.0006 and not 0.0006000000000000001
	decimals := max(0, 1-int(math.Floor(math.Log10(step))))
	round := func(v float64) float64 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64)
		return r
	}
	first, last := math.Floor(lo/step), math.Ceil(hi/step)
	for i := first; i <= last; i++ {
		ticks = append(ticks, round(i*step))
	}
	return ticks, round(first * step), round(last * step)
}

// tickText is a short axis label for a display value.
func tickText(k kind, v float64) string {
	switch k {
	case kindPct, kindFrac:
		return sig(v) + "%"
	case kindMult:
		return sig(v) + "×"
	case kindDays:
		return sig(v) + "d"
	}
	return sig(v)
}

// extent is the [min, max] of the finite values, with ok false when there are none.
type extent struct {
	lo, hi float64
	ok     bool
}

func (e *extent) add(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	if !e.ok {
		e.lo, e.hi, e.ok = v, v, true
		return
	}
	e.lo, e.hi = math.Min(e.lo, v), math.Max(e.hi, v)
}

// yScale builds a value axis from the data's extent: zero included, the target included, the
// spec's bounds applied.
func (s *spec) yScale(e extent, fr frame, withTarget bool) (scale, []float64) {
	lo, hi := 0.0, 1.0
	if e.ok {
		lo, hi = math.Min(0, e.lo), math.Max(0, e.hi)
	}
	if withTarget && s.target != nil {
		hi = math.Max(hi, *s.target*1.1)
	}
	if s.yMin != nil {
		lo = *s.yMin
	}
	if s.yMax != nil {
		hi = *s.yMax
	}
	ticks, d0, d1 := niceTicks(lo, hi, 5)
	if s.yMin != nil && s.yMax != nil {
		d0, d1 = lo, hi
	}
	return scale{d0, d1, fr.bottom, fr.top}, ticks
}

// yAxis draws horizontal grid lines with labels on the left, or on the right when right.
func (f *figure) yAxis(fr frame, sc scale, ticks []float64, k kind, right bool) {
	for _, v := range ticks {
		y := n1(sc.at(v))
		if !right {
			f.add("<line class=\"grid\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>", n1(fr.left), n1(fr.right), y, y)
			f.add("<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"end\" dy=\"0.32em\">%s</text>\n", n1(fr.left-6), y, esc(tickText(k, v)))
			continue
		}
		f.add("<text class=\"tick\" x=\"%s\" y=\"%s\" dy=\"0.32em\">%s</text>\n", n1(fr.right+6), y, esc(tickText(k, v)))
	}
}

// xTick is one label on the x axis.
type xTick struct {
	pos   float64
	label string
}

// xAxis draws the baseline and the x labels; with alternate, every other label is hidden on
// narrow screens.
func (f *figure) xAxis(fr frame, ticks []xTick, alternate bool) {
	f.add("<line class=\"axis\" x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\"/>\n", n1(fr.left), n1(fr.right), n1(fr.bottom), n1(fr.bottom))
	for i, t := range ticks {
		class := "tick x"
		if alternate && i%2 == 1 {
			class = "tick x alt"
		}
		f.add("<text class=\"%s\" x=\"%s\" y=\"%s\" text-anchor=\"middle\">%s</text>\n", class, n1(t.pos), n1(fr.bottom+20), esc(t.label))
	}
}

// dayOf is a time as fractional days since the Unix epoch.
func dayOf(t time.Time) float64 { return float64(t.Unix()) / 86400 }

// timeTicks labels month starts (or days for short spans) between two days, at most ~7.
func timeTicks(d0, d1 float64, at func(float64) float64) []xTick {
	start := time.Unix(int64(d0*86400), 0).UTC()
	end := time.Unix(int64(d1*86400), 0).UTC()
	if d1-d0 < 60 {
		return weekTicks(start, end, at)
	}
	step := monthStep(int((d1-d0)/30.4) + 1)
	var ms []monthPos
	m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m.Before(start) {
		m = m.AddDate(0, 1, 0)
	}
	for ; !m.After(end); m = m.AddDate(0, step, 0) {
		ms = append(ms, monthPos{at(dayOf(m)), m})
	}
	return monthLabels(ms)
}

// monthStep is how many months apart labels go so that there are at most ~7.
func monthStep(months int) int {
	for _, s := range []int{1, 2, 3, 6} {
		if months/s <= 7 {
			return s
		}
	}
	return 12
}

// monthPos is a month start at an x position.
type monthPos struct {
	pos float64
	m   time.Time
}

// minTickGap is the least distance between two x labels, in viewBox units.
const minTickGap = 56

// monthLabels names month ticks "Jan", with the year on the first and at each new year; a
// first month too close to the second (a partial month) is dropped, as is any label too close
// to the one before.
func monthLabels(ms []monthPos) []xTick {
	if len(ms) > 1 && ms[1].pos-ms[0].pos < minTickGap {
		ms = ms[1:]
	}
	var out []xTick
	year := 0
	for _, m := range ms {
		if len(out) > 0 && m.pos-out[len(out)-1].pos < minTickGap {
			continue
		}
		label := m.m.Format("Jan")
		if m.m.Year() != year {
			label, year = m.m.Format("Jan 2006"), m.m.Year()
		}
		out = append(out, xTick{m.pos, label})
	}
	return out
}

func weekTicks(start, end time.Time, at func(float64) float64) []xTick {
	step := 7
	if end.Sub(start) < 14*24*time.Hour {
		step = 2
	}
	var out []xTick
	d := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	if d.Before(start) {
		d = d.AddDate(0, 0, 1)
	}
	for ; !d.After(end); d = d.AddDate(0, 0, step) {
		out = append(out, xTick{at(dayOf(d)), d.Format("Jan 2")})
	}
	return out
}

// cell formats a value for a table or tooltip.
func cell(k kind, v any) (string, error) { return k.format(v, false) }

// dataTable is the <details> table behind a chart; numeric columns are right-aligned.
func dataTable(head []string, numeric []bool, rows [][]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<details><summary>Data table (%s rows)</summary><div class=\"scroll\"><table>\n<thead><tr>", fixed(float64(len(rows)), 0))
	for j, h := range head {
		fmt.Fprintf(&b, "<th scope=\"col\"%s>%s</th>", numClass(numeric[j]), esc(h))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range rows {
		b.WriteString("<tr>")
		for j, c := range r {
			fmt.Fprintf(&b, "<td%s>%s</td>", numClass(numeric[j]), esc(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table></div></details>\n")
	return b.String()
}

func numClass(on bool) string {
	if on {
		return " class=\"num\""
	}
	return ""
}

// isNumeric says whether a kind is right-aligned in tables.
func (k kind) isNumeric() bool { return k != kindText && k != kindDate }

// hit is one hover target: a transparent band with its tooltip text as <title>.
func (f *figure) hit(x0, x1 float64, fr frame, tip string, dots string) {
	f.add("<g class=\"hit\"><rect class=\"band\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>%s<title>%s</title></g>\n",
		n1(x0), n1(fr.top), n1(math.Max(x1-x0, 0.5)), n1(fr.bottom-fr.top), dots, esc(tip))
}

// bands splits the plot width around sorted x positions: hover band i spans from half way
// to the previous point to half way to the next.
func bands(xs []float64, fr frame) [][2]float64 {
	out := make([][2]float64, len(xs))
	for i, x := range xs {
		lo, hi := fr.left, fr.right
		if i > 0 {
			lo = (xs[i-1] + x) / 2
		}
		if i < len(xs)-1 {
			hi = (x + xs[i+1]) / 2
		}
		out[i] = [2]float64{lo, hi}
	}
	return out
}
