// Package report renders the dashboards: a page is reports/<name>.html (Go html/template) and
// reports/<name>.sql, whose {{ define "query" }} blocks are plain SQL over the marts. Render
// runs every query, hands the results to the template by name, and wraps the page in the
// embedded base layout (dark theme CSS, a few lines of tooltip JS). Charts are inline SVG
// built in Go. Output is deterministic: the same warehouse gives byte-identical HTML.
//
// The package talks database/sql only (no DuckDB import), so it builds with CGO_ENABLED=0.
package report

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	texttemplate "text/template"

	"github.com/wv-analytics/wv/orchestrator/internal/atomicfile"
	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

// Dir is the project folder holding the report templates and their queries.
const Dir = "reports"

// SharedFile holds partials ({{ define }} blocks) that every page can call. Files whose name
// starts with "_" are not pages.
const SharedFile = Dir + "/_shared.html"

// Querier runs a query; *sql.DB, *sql.Conn and *sql.Tx satisfy it.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Query is one named query of a page.
type Query struct {
	Name string
	SQL  string
}

// Render runs the queries of reports/<name>.sql against q and executes reports/<name>.html
// with their results, both read from fsys (the project folder). It returns the whole page.
func Render(ctx context.Context, q Querier, fsys fs.FS, name string) ([]byte, error) {
	page, err := Load(fsys, name)
	if err != nil {
		return nil, err
	}
	tables, err := page.run(ctx, q)
	if err != nil {
		return nil, err
	}
	return page.execute(tables)
}

// Page is a loaded report: its template source and its queries.
type Page struct {
	Name    string
	Queries []Query // sorted by name
	html    string
	shared  string // reports/_shared.html: partials every page may use ("" when absent)
	sqlPath string
}

// Load reads reports/<name>.html and reports/<name>.sql from fsys and parses the queries.
func Load(fsys fs.FS, name string) (*Page, error) {
	htmlPath, sqlPath := path.Join(Dir, name+".html"), path.Join(Dir, name+".sql")
	src, err := fs.ReadFile(fsys, htmlPath)
	if err != nil {
		return nil, pathError(htmlPath, err)
	}
	qsrc, err := fs.ReadFile(fsys, sqlPath)
	if err != nil {
		return nil, pathError(sqlPath, err)
	}
	queries, err := parseQueries(sqlPath, string(qsrc))
	if err != nil {
		return nil, err
	}
	shared, err := fs.ReadFile(fsys, SharedFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return &Page{Name: name, Queries: queries, html: string(src), shared: string(shared), sqlPath: sqlPath}, nil
}

func pathError(p string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file", p)
	}
	return err
}

// parseQueries reads the {{ define "name" }} blocks of a query file; text outside them must
// be blank (or template comments).
func parseQueries(file, src string) ([]Query, error) {
	t, err := texttemplate.New(file).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, positioned(err)
	}
	if strings.TrimSpace(execText(t)) != "" {
		return nil, fmt.Errorf("%s: text outside {{ define }} blocks", file)
	}
	var out []Query
	for _, d := range t.Templates() {
		if d.Name() == file {
			continue
		}
		sqlText := execText(d)
		if strings.TrimSpace(sqlText) == "" {
			return nil, fmt.Errorf("%s: query %q is empty", file, d.Name())
		}
		out = append(out, Query{Name: d.Name(), SQL: strings.TrimSpace(sqlText)})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no queries (want {{ define \"name\" }} select ... {{ end }} blocks)", file)
	}
	slices.SortFunc(out, func(a, b Query) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// execText executes a query template without data (queries are plain SQL).
func execText(t *texttemplate.Template) string {
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		return ""
	}
	return b.String()
}

// run executes every query; an error names the file and the query.
func (p *Page) run(ctx context.Context, q Querier) (map[string]*table.Table, error) {
	out := make(map[string]*table.Table, len(p.Queries))
	for _, query := range p.Queries {
		t, err := table.Query(ctx, q, query.SQL)
		if err != nil {
			return nil, fmt.Errorf("%s: query %q: %w%s", p.sqlPath, query.Name, err, hint(err))
		}
		out[query.Name] = t
	}
	return out, nil
}

// hint suggests building the marts when a query names a relation that is not there.
func hint(err error) string {
	if strings.Contains(err.Error(), "does not exist") {
		return "\nhint: a mart that is not built yet? build them with: wv run"
	}
	return ""
}

// execute renders the page template inside the base layout.
func (p *Page) execute(tables map[string]*table.Table) ([]byte, error) {
	d := &data{tables: tables, page: p.Name}
	t, err := parsePage(d.funcs(), source{SharedFile, p.shared}, source{path.Join(Dir, p.Name+".html"), p.html})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", d); err != nil {
		return nil, positioned(err)
	}
	return b.Bytes(), nil
}

// source is a template file's path and text.
type source struct{ path, text string }

// parsePage parses the embedded layout, then the sources in order (empty ones are skipped);
// together they must define "title" and "content".
func parsePage(funcs template.FuncMap, sources ...source) (*template.Template, error) {
	t, err := template.New("layout").Option("missingkey=error").Funcs(funcs).Parse(layoutSource)
	if err != nil {
		return nil, fmt.Errorf("base layout: %w", err)
	}
	page := sources[len(sources)-1].path
	for _, src := range sources {
		if src.text == "" {
			continue
		}
		if _, err := t.New(src.path).Parse(src.text); err != nil {
			return nil, positioned(err)
		}
	}
	for _, block := range []string{"title", "content"} {
		if t.Lookup(block) == nil {
			return nil, fmt.Errorf("%s: no {{ define %q }} block", page, block)
		}
	}
	return t, nil
}

var templatePrefix = regexp.MustCompile(`^template: (?:[^:]+: )?(?:executing "[^"]*" at <[^>]*>: )?`)

// positioned turns text/template's "template: name: file:12:3: msg" into "file:12:3: msg".
func positioned(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, Dir+"/"); i >= 0 && strings.HasPrefix(msg, "template: ") {
		return errors.New(msg[i:])
	}
	return errors.New(templatePrefix.ReplaceAllString(msg, ""))
}

// Write writes data to every path atomically (a temporary file, then a rename).
func Write(data []byte, paths ...string) error {
	for _, p := range paths {
		if err := atomicfile.Write(p, data); err != nil {
			return err
		}
	}
	return nil
}

// queryNames lists the names of the tables, for error messages.
func queryNames(tables map[string]*table.Table) string {
	return strings.Join(slices.Sorted(maps.Keys(tables)), ", ")
}
