package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/atomicfile"
)

func TestWrite(t *testing.T) {
	tests := []struct {
		name   string
		before string // "" means no file yet
		data   string
	}{
		{"New", "", "select 1\n"},
		{"Replace", "old content that is longer", "new"},
		{"Empty", "old", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out", "compiled", "fees.sql")
			if tt.before != "" {
				if err := atomicfile.Write(path, []byte(tt.before)); err != nil {
					t.Fatal(err)
				}
			}
			if err := atomicfile.Write(path, []byte(tt.data)); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.data, string(got)); diff != "" {
				t.Errorf("content (-want +got):\n%s", diff)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if perm := info.Mode().Perm(); perm != 0o644 {
				t.Errorf("mode = %v, want 0644", perm)
			}
			entries, err := os.ReadDir(filepath.Dir(path))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if diff := cmp.Diff([]string{"fees.sql"}, names); diff != "" {
				t.Errorf("folder holds temporary files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWrite_FolderIsAFile(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "out")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(filepath.Join(blocker, "x.sql"), []byte("x")); err == nil {
		t.Error("Write under a regular file succeeded, want an error")
	}
}
