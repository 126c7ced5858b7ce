package duck

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// waitFor polls cond until it holds or 5 s have passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A writable warehouse is flushed while it is open, and no longer once it is closed.
func TestOpenFlushesWarehouseUntilClosed(t *testing.T) {
	var calls atomic.Int64
	orig := flushFile
	flushFile = func(int) error { calls.Add(1); return nil }
	t.Cleanup(func() { flushFile = orig })

	db, err := Open(filepath.Join(t.TempDir(), "w.duckdb"), Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a flush of the open warehouse", func() bool { return calls.Load() > 0 })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	after := calls.Load()
	time.Sleep(3 * writebackEvery)
	if n := calls.Load(); n != after {
		t.Errorf("%d flushes after Close", n-after)
	}
}

func TestWritebackStopsAtFirstError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	w := startWriteback(path, time.Millisecond, func(int) error { calls.Add(1); return os.ErrInvalid })
	<-w.done // the loop ends by itself
	w.Stop() // and stopping it afterwards is harmless
	if n := calls.Load(); n != 1 {
		t.Errorf("%d flushes, want 1", n)
	}
}

func TestWritebackNeedsFileAndFlush(t *testing.T) {
	dir := t.TempDir()
	if w := startWriteback(filepath.Join(dir, "missing"), time.Millisecond, func(int) error { return nil }); w != nil {
		t.Error("writeback started on a missing file")
	}
	if w := startWriteback(dir, time.Millisecond, nil); w != nil {
		t.Error("writeback started without a flush")
	}
	var none *writeback
	none.Stop()
}

// The flush works on the read-only descriptor the writeback opens, on a file another
// descriptor wrote (the warehouse: DuckDB writes it, wv only flushes it).
func TestFlushFileOnReadOnlyDescriptor(t *testing.T) {
	if flushFile == nil {
		t.Skip("no flush on this system")
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := flushFile(int(f.Fd())); err != nil {
		t.Fatalf("flushFile: %v", err)
	}
}
