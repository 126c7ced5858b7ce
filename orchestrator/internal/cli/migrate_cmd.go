package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"

	"github.com/wv-analytics/wv/orchestrator/internal/migrate"
)

type migrateCmd struct {
	Direction string `arg:"" optional:"" default:"up" enum:"up,status,down" help:"up: apply pending migrations (default); status: list them; down: roll back the latest one."`
}

func (c *migrateCmd) Run(ctx context.Context, a *app) error {
	dir := filepath.Join(a.ProjectDir, "sql")
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("migrations folder %s: %w", dir, err)
	}
	db, err := a.openDB()
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := migrate.New(db, os.DirFS(dir))
	if err != nil {
		return err
	}
	switch c.Direction {
	case "status":
		return c.status(ctx, a, p)
	case "down":
		r, err := p.Down(ctx)
		if r != nil {
			fmt.Fprintln(a.stderr, migrationLine(r))
		}
		return err
	}
	results, err := p.Up(ctx)
	for _, r := range results {
		fmt.Fprintln(a.stderr, migrationLine(r))
	}
	if err != nil {
		return fmt.Errorf("migrate %s: %w", a.dbPath(), err)
	}
	v, _ := p.GetDBVersion(ctx)
	if len(results) == 0 {
		fmt.Fprintf(a.stderr, "no migrations to apply: %s is at version %d\n", a.dbPath(), v)
	} else {
		fmt.Fprintf(a.stderr, "migrated %s to version %d\n", a.dbPath(), v)
	}
	return nil
}

func migrationLine(r *goose.MigrationResult) string {
	status := "OK  "
	if r.Error != nil {
		status = "FAIL"
	}
	line := fmt.Sprintf("%s %-4s %s (%s)", status, r.Direction, filepath.Base(r.Source.Path), r.Duration.Round(10_000))
	if r.Error != nil {
		line += ": " + r.Error.Error()
	}
	return line
}

func (c *migrateCmd) status(ctx context.Context, a *app, p *goose.Provider) error {
	statuses, err := p.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range statuses {
		when := "pending"
		if s.State == goose.StateApplied {
			when = "applied " + s.AppliedAt.UTC().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(a.stdout, "%-27s %s\n", when, filepath.Base(s.Source.Path))
	}
	return nil
}
