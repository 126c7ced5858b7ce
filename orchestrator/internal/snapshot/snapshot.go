// Package snapshot takes consistent copies of a DuckDB warehouse, lists, restores and prunes
// them. A copy is taken while holding the warehouse open - DuckDB's file lock keeps every
// other writer out - right after a CHECKPOINT, so it never holds half of a writer's batch.
// Writers that open the warehouse per batch (wv ingest) simply wait for the copy to finish.
package snapshot

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/atomicfile"
)

// Opener opens the warehouse for writing. IsLocked reports whether an Open error means another
// process holds the warehouse (retry later).
type Opener struct {
	Open     func() (*sql.DB, error)
	IsLocked func(error) bool
}

// Options control taking a snapshot.
type Options struct {
	Wait       time.Duration // how long to wait for a gap in another writer's lock
	Poll       time.Duration // how often to retry meanwhile
	Now        func() time.Time
	OnWait     func(attempt int) // called each time the warehouse is found locked
	NamePrefix string            // e.g. "build-" for a build's private copy
}

// Info describes one snapshot, stored as <name>.json beside <name>.duckdb.
type Info struct {
	Name      string    `json:"name"`
	Path      string    `json:"path"`
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
	Bytes     int64     `json:"bytes"`
	WaitedMS  int64     `json:"waited_ms"`
}

// ErrTimeout means the warehouse stayed locked for the whole wait.
var ErrTimeout = errors.New("the warehouse stayed locked by another process")

// Take copies the warehouse at source into dir/<stamp>.duckdb.
func Take(ctx context.Context, o Opener, source, dir string, opts Options) (*Info, error) {
	start := opts.Now()
	db, err := waitOpen(ctx, o, opts)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "checkpoint"); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", source, err)
	}
	name := opts.NamePrefix + start.UTC().Format("20060102T150405Z")
	info := &Info{Name: name, Path: filepath.Join(dir, name+".duckdb"), Source: source,
		CreatedAt: start.UTC(), WaitedMS: opts.Now().Sub(start).Milliseconds()}
	if info.Bytes, err = copyFile(source, info.Path); err != nil {
		return nil, err
	}
	if err := writeInfo(info); err != nil {
		os.Remove(info.Path)
		return nil, err
	}
	return info, nil
}

// waitOpen opens the warehouse, retrying while another process holds its lock.
func waitOpen(ctx context.Context, o Opener, opts Options) (*sql.DB, error) {
	deadline := opts.Now().Add(opts.Wait)
	for attempt := 1; ; attempt++ {
		db, err := o.Open()
		if err == nil || !o.IsLocked(err) {
			return db, err
		}
		if opts.Now().After(deadline) {
			return nil, fmt.Errorf("%w for %s; is a long job holding it? (%v)", ErrTimeout, opts.Wait, err)
		}
		if opts.OnWait != nil {
			opts.OnWait(attempt)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(opts.Poll):
		}
	}
}

// copyFile copies src to dst through a temporary file in dst's folder.
func copyFile(src, dst string) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, err
	}
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, in)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", src, err)
	}
	return n, os.Rename(tmp.Name(), dst)
}

func writeInfo(info *Info) error {
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(strings.TrimSuffix(info.Path, ".duckdb")+".json", append(b, '\n'))
}

// List returns the snapshots in dir, newest first.
func List(dir string) ([]*Info, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []*Info
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var info Info
		if err := json.Unmarshal(b, &info); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if _, err := os.Stat(info.Path); err == nil {
			out = append(out, &info)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// Find returns the snapshot named name ("latest" is the newest).
func Find(dir, name string) (*Info, error) {
	all, err := List(dir)
	if err != nil {
		return nil, err
	}
	for _, s := range all {
		if s.Name == name || (name == "latest" && s == all[0]) {
			return s, nil
		}
	}
	return nil, fmt.Errorf("no snapshot %q in %s (see wv snapshot list)", name, dir)
}

// Remove deletes a snapshot's files.
func Remove(info *Info) error {
	err := os.Remove(info.Path)
	if jerr := os.Remove(strings.TrimSuffix(info.Path, ".duckdb") + ".json"); err == nil && !errors.Is(jerr, os.ErrNotExist) {
		err = jerr
	}
	os.Remove(info.Path + ".wal")
	return err
}

// Prune deletes all but the newest keep snapshots and returns the ones removed.
func Prune(dir string, keep int) ([]*Info, error) {
	all, err := List(dir)
	if err != nil || len(all) <= keep {
		return nil, err
	}
	for _, s := range all[keep:] {
		if err := Remove(s); err != nil {
			return nil, err
		}
	}
	return all[keep:], nil
}

// Restore replaces the warehouse at target with the snapshot. The warehouse must not be in
// use: it is opened first (and closed) so a process holding it makes this fail.
func Restore(ctx context.Context, o Opener, info *Info, target string) error {
	if _, err := os.Stat(target); err == nil {
		db, err := o.Open()
		if err != nil {
			return fmt.Errorf("restore into %s: %w", target, err)
		}
		_, cerr := db.ExecContext(ctx, "checkpoint")
		db.Close()
		if cerr != nil {
			return cerr
		}
	}
	// the old file was just checkpointed, so its WAL (if any) holds nothing; a stale WAL must not
	// be replayed onto the restored file
	if err := os.Remove(target + ".wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	_, err := copyFile(info.Path, target)
	return err
}
