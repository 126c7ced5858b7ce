package cli

import (
	"context"
	"database/sql"
	"errors"
)

// renderPages writes the pages into out/. TODO(wv): wire the report renderer (issue 6).
func (a *app) renderPages(ctx context.Context, db *sql.DB, pages []string) (string, error) {
	return "", errors.New("page rendering is not wired yet")
}

// publishPages copies the pages to the public folder. TODO(wv): wire with renderPages.
func (a *app) publishPages(pages []string, dir string) (string, error) {
	return "", errors.New("publishing is not wired yet")
}
