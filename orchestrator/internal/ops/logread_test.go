package ops

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func progressLine(stage string, current, total int, detail string) string {
	return fmt.Sprintf(`OPS_PROGRESS {"task":"t","stage":%q,"current":%d,"total":%d,"detail":%q,"timestamp":"2026-01-01T00:00:00Z"}`+"\n",
		stage, current, total, detail)
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func TestLogReader_ReadsOnlyWhatIsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.log")
	r := NewLogReader(path)
	if st, err := r.Read(); err != nil || st.Progress != nil || !st.ModTime.IsZero() {
		t.Fatalf("no log yet: %+v, %v", st, err)
	}
	appendTo(t, path, "wv ops: t started at 2026-01-01T00:00:00Z: wv demo\n"+progressLine("demo", 1, 7, "raw.transactions")+"OK   demo raw.transactions\n")
	st, _ := r.Read()
	if st.Progress == nil || st.Progress.Current != 1 || st.LastLine != "OK   demo raw.transactions" || st.Footer != "" {
		t.Fatalf("after the first lines: %+v", st)
	}
	// a line still being written is not read until its newline comes
	half := progressLine("demo", 7, 7, "raw.stx_supply")
	appendTo(t, path, "OK   demo raw.blocks\n"+half[:40])
	st, _ = r.Read()
	if st.Progress.Current != 1 || st.LastLine != "OK   demo raw.blocks" {
		t.Fatalf("with a truncated last line: progress %+v, last line %q", st.Progress, st.LastLine)
	}
	appendTo(t, path, half[40:]+"wv ops: t finished ok in 1s\n")
	st, _ = r.Read()
	if st.Progress.Current != 7 || st.Progress.Detail != "raw.stx_supply" || st.Footer != "wv ops: t finished ok in 1s" {
		t.Fatalf("after the line was completed: progress %+v, footer %q", st.Progress, st.Footer)
	}
	fi, _ := os.Stat(path)
	if st.Size != fi.Size() {
		t.Errorf("size %d, want %d", st.Size, fi.Size())
	}
	// a new log in its place (smaller) is read from the start
	os.WriteFile(path, []byte("fresh\n"), 0o644)
	st, _ = r.Read()
	if st.Progress != nil || st.LastLine != "fresh" {
		t.Errorf("after the log shrank: %+v", st)
	}
}

func TestLogReader_BadProgressLinesAreSkipped(t *testing.T) {
	r := NewLogReader("")
	fmt.Fprint(r, progressLine("run", 3, 10, "OK model a"))
	fmt.Fprint(r, "OPS_PROGRESS {not json}\n\n   \n")
	if r.state.Progress == nil || r.state.Progress.Current != 3 || r.state.LastLine != "" {
		t.Errorf("state %+v, want the good event and no last line", r.state)
	}
}

func TestLastLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.log")
	var b strings.Builder
	for i := 1; i <= 20000; i++ { // several 64 KiB chunks
		fmt.Fprintf(&b, "line %d of a log that is long enough to need more than one chunk\n", i)
	}
	os.WriteFile(path, []byte(b.String()), 0o644)
	lines, end, err := LastLines(path, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"line 19998 of", "line 19999 of", "line 20000 of"}
	for i := range lines {
		lines[i] = strings.Join(strings.Fields(lines[i])[:3], " ")
	}
	if diff := cmp.Diff(want, lines); diff != "" || end != int64(b.Len()) {
		t.Errorf("last 3 lines (-want +got):\n%s; end %d, want %d", diff, end, b.Len())
	}
	if lines, _, _ := LastLines(path, 30000); len(lines) != 20000 {
		t.Errorf("more lines than the file has: got %d, want 20000", len(lines))
	}
	os.WriteFile(path, nil, 0o644)
	if lines, _, err := LastLines(path, 5); len(lines) != 0 || err != nil {
		t.Errorf("empty log: %q, %v", lines, err)
	}
}

func TestFollow_CopiesUntilDone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.log")
	os.WriteFile(path, []byte("old\nnew 1\n"), 0o644)
	var out bytes.Buffer
	polls := 0
	done := func() bool {
		polls++
		if polls == 2 {
			appendTo(t, path, "new 2\nwv ops: t finished ok in 1s\n") // written just before the run is marked done
		}
		return polls >= 2
	}
	if err := Follow(context.Background(), path, 4, &out, done, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if want := "new 1\nnew 2\nwv ops: t finished ok in 1s\n"; out.String() != want {
		t.Errorf("followed %q, want %q", out.String(), want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Follow(ctx, path, 0, &out, func() bool { return false }, time.Hour); err != nil {
		t.Errorf("cancelled follow: %v", err)
	}
}
