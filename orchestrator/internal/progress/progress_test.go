package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLines_ThrottlesButKeepsStageChangesAndEnds(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	l := NewLines(&buf, "ingest", clock, 2*time.Second)
	l.Report("ingest:blocks", 1, 10, "block 1") // first of a stage: written
	now = now.Add(time.Second)
	l.Report("ingest:blocks", 2, 10, "block 2") // within the interval: dropped
	now = now.Add(1500 * time.Millisecond)
	l.Report("ingest:blocks", 5, 10, "block 5") // interval passed: written
	l.Report("ingest:blocks", 10, 10, "done")   // the end: written
	l.Report("ingest:prices", 0, 3, "STX-USD")  // a new stage: written
	var stages []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		ev, ok := Parse(line)
		if !ok {
			t.Fatalf("unparsable line %q", line)
		}
		stages = append(stages, ev.Stage+" "+ev.Detail)
	}
	want := []string{"ingest:blocks block 1", "ingest:blocks block 5", "ingest:blocks done", "ingest:prices STX-USD"}
	if diff := cmp.Diff(want, stages); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestParse(t *testing.T) {
	ev, ok := Parse(`12:00:01 OPS_PROGRESS {"task":"ingest","stage":"s","current":3,"total":4,"detail":"d","timestamp":"2026-01-01T00:00:00Z"}`)
	want := Event{Task: "ingest", Stage: "s", Current: 3, Total: 4, Detail: "d", Timestamp: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if !ok || ev != want {
		t.Errorf("Parse = %+v, %v; want %+v", ev, ok, want)
	}
	for _, line := range []string{"", "OPS_PROGRESS ", "OPS_PROGRESS {truncated", "plain log line"} {
		if _, ok := Parse(line); ok {
			t.Errorf("Parse(%q) ok, want not a progress line", line)
		}
	}
}
