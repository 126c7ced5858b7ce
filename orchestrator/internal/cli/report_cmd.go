package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/report"
)

// reportPages are the dashboards wv renders, in order.
var reportPages = []string{"value", "roi"}

type reportCmd struct {
	Page      string `arg:"" optional:"" default:"all" enum:"value,roi,all" help:"Page to render: value, roi or all (default)."`
	PublicDir string `name:"public-dir" placeholder:"DIR" help:"Where to publish the pages (default: <project-dir>/out/public)."`
}

func (c *reportCmd) Run(ctx context.Context, a *app) error {
	if !a.dbExists() {
		return fmt.Errorf("no warehouse at %s: run `wv migrate`, `wv demo` or `wv ingest`, then `wv run` first, or pass --db", a.dbPath())
	}
	opts := a.duckOptions()
	opts.ReadOnly = true // pages only read the marts
	db, err := duck.Open(a.dbPath(), opts)
	if err != nil {
		return err
	}
	defer db.Close()
	pages := reportPages
	if c.Page != "all" {
		pages = []string{c.Page}
	}
	return a.renderReports(ctx, db, pages, c.PublicDir)
}

// renderReports renders pages (a subset of "value", "roi") from db, writes them into out/ and
// publishes them to publicDir ("" = <project-dir>/out/public) with an index linking every
// published page. Every page is rendered before anything is written, so a failed render
// leaves all earlier files as they were; each file is written atomically.
func (a *app) renderReports(ctx context.Context, db *sql.DB, pages []string, publicDir string) error {
	html, err := a.renderPages(ctx, db, pages)
	if err != nil {
		return err
	}
	if err := a.writePages(html, pages); err != nil {
		return err
	}
	return a.publishPages(html, pages, publicDir)
}

// renderPages renders every page in memory; nothing is written.
func (a *app) renderPages(ctx context.Context, db *sql.DB, pages []string) (map[string][]byte, error) {
	fsys := os.DirFS(a.ProjectDir)
	html := make(map[string][]byte, len(pages))
	for _, name := range pages {
		if !slices.Contains(reportPages, name) {
			return nil, fmt.Errorf("unknown page %q (want value or roi)", name)
		}
		b, err := report.Render(ctx, db, fsys, name)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		html[name] = b
	}
	return html, nil
}

// writePages writes rendered pages into out/.
func (a *app) writePages(html map[string][]byte, pages []string) error {
	for _, name := range pages {
		paths := a.pageOutputs(name)
		if err := report.Write(html[name], paths...); err != nil {
			return fmt.Errorf("page %s: %w", name, err)
		}
		fmt.Fprintf(a.stderr, "OK   page %s (%s)\n", a.shortPath(paths[0]), kilobytes(len(html[name])))
	}
	return nil
}

// publishPages copies rendered pages to publicDir/<page>/index.html and writes its index.
func (a *app) publishPages(html map[string][]byte, pages []string, publicDir string) error {
	if publicDir == "" {
		publicDir = filepath.Join(a.outDir(), "public")
	}
	for _, name := range pages {
		path := filepath.Join(publicDir, name, "index.html")
		if err := report.Write(html[name], path); err != nil {
			return fmt.Errorf("publish %s: %w", name, err)
		}
		fmt.Fprintf(a.stderr, "OK   publish %s\n", a.shortPath(path))
	}
	return a.publishIndex(publicDir)
}

// pageOutputs are where a page goes under out/: the value page in out/value/, the ROI page as
// out/roi_dashboard.html (the runbook's name) and out/roi/index.html.
func (a *app) pageOutputs(name string) []string {
	if name == "roi" {
		return []string{filepath.Join(a.outDir(), "roi_dashboard.html"), filepath.Join(a.outDir(), "roi", "index.html")}
	}
	return []string{filepath.Join(a.outDir(), name, "index.html")}
}

// publishIndex writes publicDir/index.html linking every page published there.
func (a *app) publishIndex(publicDir string) error {
	var links []report.Link
	var names []string
	for _, name := range reportPages {
		if _, err := os.Stat(filepath.Join(publicDir, name, "index.html")); err == nil {
			links = append(links, report.PageLink(name))
			names = append(names, name)
		}
	}
	b, err := report.Index(links)
	if err != nil {
		return err
	}
	index := filepath.Join(publicDir, "index.html")
	if err := report.Write(b, index); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "OK   publish %s (%s)\n", a.shortPath(index), strings.Join(names, ", "))
	return nil
}

// shortPath shows a path relative to the project folder when it is inside it.
func (a *app) shortPath(p string) string {
	rel, err := filepath.Rel(a.ProjectDir, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return p
	}
	return rel
}

// kilobytes formats a size as "412 KB".
func kilobytes(n int) string { return thousands(int64((n+1023)/1024)) + " KB" }
