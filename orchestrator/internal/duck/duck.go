// Package duck is the only package that imports the DuckDB driver. It opens warehouses as
// *sql.DB and appends rows in bulk; everything else talks database/sql.
package duck

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
)

// Options tune a DuckDB database.
type Options struct {
	Threads     int    // 0: DuckDB's default (all cores)
	MemoryLimit string // e.g. "3GB"; "": DuckDB's default (80% of RAM)
	TempDir     string // spill directory; "": DuckDB's default
	ReadOnly    bool
	// Compress keeps DuckDB's compression, for tables written once and read by every run:
	// raw.*. Without it, tables are stored without the compressions that cost the most
	// to write (uncompressedMethods): model tables, rebuilt by every run. Strings: tx_priced's
	// 20M addresses write in half the time (8.4 s instead of 15.7 s); numbers: a full run at 20M
	// txs takes 5 % less wall and 12 % less CPU, for model tables twice the size (BENCHMARKS.md).
	Compress bool
	// LockWait is how long Open keeps retrying while another process holds the warehouse,
	// e.g. between two of an ingest's batches; 0 fails at once with ErrLocked.
	LockWait time.Duration
}

// DefaultMemoryLimit is wv's default for Options.MemoryLimit: 2.5GB, with which a full run on
// 20M txs peaks at 2.7 GB RSS (the bar is 3 GiB; at 2GB cohort_activity spills and the run
// takes 25 % longer, BENCHMARKS.md), or half the memory wv may use where that is less: the
// machine's, or its cgroup's limit in a container.
func DefaultMemoryLimit() string {
	return memoryLimitFor(usableMemory(TotalMemory(), cgroupMemoryLimit(os.DirFS("/"))))
}

// usableMemory is the lesser of the machine's memory and the cgroup's limit; 0 means unknown
// or unlimited for either.
func usableMemory(total, cgroup uint64) uint64 {
	if cgroup > 0 && (total == 0 || cgroup < total) {
		return cgroup
	}
	return total
}

// memoryLimitFor is the default limit on a machine with total bytes of memory (0: unknown).
func memoryLimitFor(total uint64) string {
	const full = 2_500_000_000 // DuckDB reads "GB" as 10^9 bytes
	if total == 0 || total/2 >= full {
		return "2.5GB"
	}
	return fmt.Sprintf("%dMB", total/2/1_000_000)
}

// TotalMemory is the machine's memory in bytes, MemTotal of /proc/meminfo; 0 where there is none.
func TotalMemory() uint64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// lockPoll is how often Open retries a locked warehouse.
const lockPoll = 50 * time.Millisecond

// Open opens (creating if needed) the warehouse at path; "" or ":memory:" is an in-memory
// database. Settings in opts apply to every connection. While another process holds the file,
// it retries for up to opts.LockWait.
func Open(path string, opts Options) (*sql.DB, error) {
	deadline := time.Now().Add(opts.LockWait)
	for {
		db, err := open(path, opts)
		if !errors.Is(err, ErrLocked) || time.Now().After(deadline) {
			return db, err
		}
		time.Sleep(lockPoll)
	}
}

func open(path string, opts Options) (*sql.DB, error) {
	dsn := path
	if path == "" || path == ":memory:" {
		dsn = ""
	} else if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("open warehouse: %w", err)
		}
	}
	if opts.ReadOnly {
		dsn += "?access_mode=read_only"
	}
	connector, err := duckdb.NewConnector(dsn, func(ex driver.ExecerContext) error {
		for _, stmt := range settings(opts) {
			if _, err := ex.ExecContext(context.Background(), stmt, nil); err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, openError(path, err)
	}
	c := &warehouseConnector{Connector: connector}
	db := sql.OpenDB(c)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	if dsn != "" && !opts.ReadOnly {
		c.writeback = startWriteback(path, writebackEvery, flushFile)
	}
	return db, nil
}

// uncompressedMethods are the compressions model tables go without: dict_fsst (strings), and
// rle, bitpacking, alp and alprd (numbers), whose analysis of every column segment took most of
// the time of writing a wide table (cohort_activity: 3.8 s of 4.2 s of thread time).
const uncompressedMethods = "dict_fsst,rle,bitpacking,alp,alprd"

func settings(opts Options) []string {
	// Results without ORDER BY may come in any order; CREATE TABLE AS then writes in parallel.
	out := []string{"set preserve_insertion_order = false"}
	if !opts.Compress {
		out = append(out, "set disabled_compression_methods = '"+uncompressedMethods+"'")
	}
	if opts.Threads > 0 {
		out = append(out, fmt.Sprintf("set threads = %d", opts.Threads))
	}
	if opts.MemoryLimit != "" {
		out = append(out, "set memory_limit = '"+strings.ReplaceAll(opts.MemoryLimit, "'", "")+"'")
	}
	if opts.TempDir != "" {
		out = append(out, "set temp_directory = '"+strings.ReplaceAll(opts.TempDir, "'", "''")+"'")
	}
	return out
}

// ErrLocked means another process has the warehouse open for writing.
var ErrLocked = errors.New("the warehouse is in use by another process (DuckDB allows one writer)")

func openError(path string, err error) error {
	if strings.Contains(err.Error(), "Could not set lock") {
		return fmt.Errorf("open %s: %w: %v", path, ErrLocked, err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}
