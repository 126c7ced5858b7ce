package duck

import (
	"path/filepath"
	"runtime"
	"testing"
)

// Model builds store strings and numbers uncompressed (fast writes); raw loads keep DuckDB's
// compression.
func TestCompress(t *testing.T) {
	for _, tc := range []struct {
		compress bool
		want     string
	}{
		{false, "BIGINT Uncompressed, VARCHAR Uncompressed"},
		{true, "BIGINT BitPacking, VARCHAR DICT_FSST"},
	} {
		db, err := Open(filepath.Join(t.TempDir(), "w.duckdb"), Options{Threads: 1, Compress: tc.compress})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, stmt := range []string{
			"create table t as select 'status-' || (i % 3) as s, i * 7 + 1_000_000 as n from range(300000) r(i)",
			"checkpoint",
		} {
			if _, err := db.Exec(stmt); err != nil {
				t.Fatal(err)
			}
		}
		var got string
		err = db.QueryRow(`select string_agg(distinct segment_type || ' ' || compression, ', ' order by segment_type || ' ' || compression)
			from pragma_storage_info('t') where segment_type in ('BIGINT', 'VARCHAR')`).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Compress %v: stored %s, want %s", tc.compress, got, tc.want)
		}
	}
}

func TestMemoryLimitFor(t *testing.T) {
	for _, tc := range []struct {
		total uint64
		want  string
	}{
		{0, "2.5GB"},             // unknown
		{24 << 30, "2.5GB"},      // this machine
		{5_000_000_000, "2.5GB"}, // half is exactly the default
		{4 << 30, "2147MB"},      // a small laptop: half its memory
		{1_000_000_000, "500MB"},
	} {
		if got := memoryLimitFor(tc.total); got != tc.want {
			t.Errorf("memoryLimitFor(%d) = %s, want %s", tc.total, got, tc.want)
		}
	}
	if runtime.GOOS == "linux" && TotalMemory() == 0 {
		t.Error("no MemTotal read from /proc/meminfo")
	}
}
