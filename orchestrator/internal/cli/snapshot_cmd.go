package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/duck"
	"github.com/wv-analytics/wv/orchestrator/internal/snapshot"
)

type snapshotCmd struct {
	Create  snapshotCreateCmd  `cmd:"" help:"Copy the warehouse consistently (waits for a writer's batch to finish)."`
	List    snapshotListCmd    `cmd:"" help:"List snapshots, newest first."`
	Restore snapshotRestoreCmd `cmd:"" help:"Replace the warehouse with a snapshot (the warehouse must not be in use)."`
	Prune   snapshotPruneCmd   `cmd:"" help:"Delete all but the newest snapshots."`
}

type snapshotCreateCmd struct {
	Wait time.Duration `default:"2m" help:"How long to wait for another process (e.g. wv ingest) to release the warehouse."`
}

type snapshotListCmd struct{}

type snapshotRestoreCmd struct {
	Name string `arg:"" help:"Snapshot name from wv snapshot list, or latest."`
}

type snapshotPruneCmd struct {
	Keep int `default:"5" help:"How many of the newest snapshots to keep."`
}

func (a *app) snapshotDir() string { return filepath.Join(a.outDir(), "snapshots") }

func (a *app) opener() snapshot.Opener {
	return snapshot.Opener{
		// no lock wait here: snapshot.Take waits itself, reporting it
		Open: func() (*sql.DB, error) {
			opts := a.duckOptions()
			opts.LockWait = 0
			return duck.Open(a.dbPath(), opts)
		},
		IsLocked: func(err error) bool { return errors.Is(err, duck.ErrLocked) },
	}
}

// takeSnapshot copies the warehouse into out/snapshots, reporting any wait for a writer.
func (a *app) takeSnapshot(ctx context.Context, wait time.Duration, prefix string) (*snapshot.Info, error) {
	if !a.dbExists() {
		return nil, fmt.Errorf("no warehouse at %s to snapshot", a.dbPath())
	}
	return snapshot.Take(ctx, a.opener(), a.dbPath(), a.snapshotDir(), snapshot.Options{
		Wait: wait, Poll: 100 * time.Millisecond, Now: a.now, NamePrefix: prefix,
		OnWait: func(attempt int) {
			if attempt == 1 {
				fmt.Fprintf(a.stderr, "waiting for another process to release %s ...\n", a.dbPath())
			}
		},
	})
}

func (c *snapshotCreateCmd) Run(ctx context.Context, a *app) error {
	info, err := a.takeSnapshot(ctx, c.Wait, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "OK   snapshot %s  %s  (waited %dms)\n", info.Path, byteCount(info.Bytes), info.WaitedMS)
	fmt.Fprintln(a.stdout, info.Name)
	return nil
}

func (c *snapshotListCmd) Run(a *app) error {
	all, err := snapshot.List(a.snapshotDir())
	if err != nil {
		return err
	}
	for _, s := range all {
		fmt.Fprintf(a.stdout, "%-28s %s  %10s  %s\n", s.Name, s.CreatedAt.Format("2006-01-02 15:04:05"), byteCount(s.Bytes), s.Path)
	}
	if len(all) == 0 {
		fmt.Fprintf(a.stderr, "no snapshots in %s (take one with wv snapshot create)\n", a.snapshotDir())
	}
	return nil
}

func (c *snapshotRestoreCmd) Run(ctx context.Context, a *app) error {
	info, err := snapshot.Find(a.snapshotDir(), c.Name)
	if err != nil {
		return err
	}
	if err := snapshot.Restore(ctx, a.opener(), info, a.dbPath()); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "OK   restored %s from %s\n", a.dbPath(), info.Name)
	return nil
}

func (c *snapshotPruneCmd) Run(a *app) error {
	removed, err := snapshot.Prune(a.snapshotDir(), c.Keep)
	for _, s := range removed {
		fmt.Fprintf(a.stderr, "OK   removed %s\n", s.Name)
	}
	return err
}

// byteCount formats a size as 12.3 MB.
func byteCount(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
