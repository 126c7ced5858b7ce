package ops

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/progress"
)

// WrapperPrefix starts the header and footer lines [RunTask] writes around a job's output.
const WrapperPrefix = "wv ops: "

// maxPending bounds a line still being written (no newline yet) that a LogReader keeps.
const maxPending = 64 << 10

// LogState is what a log says about its job: the newest progress event, the last line of
// output, and when the log last grew.
type LogState struct {
	Progress *progress.Event // newest OPS_PROGRESS line; nil before the first
	LastLine string          // last non-blank line of the job's own output, not a progress line
	Footer   string          // the footer RunTask wrote when the job ended, if any
	Size     int64
	ModTime  time.Time // zero when there is no log
}

// LogReader follows one log file and keeps its [LogState]. Each Read reads only what was
// appended since the last, so a monitor can poll a log of many megabytes every second. Only
// complete lines count: a line still being written waits for its newline.
type LogReader struct {
	path    string
	off     int64
	pending []byte
	state   LogState
}

// NewLogReader returns a reader of the log at path, which need not exist yet.
func NewLogReader(path string) *LogReader { return &LogReader{path: path} }

// Path is the log file read.
func (r *LogReader) Path() string { return r.path }

// Read reads what was appended since the last Read and returns the state. A missing log is
// an empty state; a log that shrank is read again from the start.
func (r *LogReader) Read() (LogState, error) {
	f, err := os.Open(r.path)
	if errors.Is(err, os.ErrNotExist) {
		*r = LogReader{path: r.path}
		return r.state, nil
	}
	if err != nil {
		return r.state, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return r.state, err
	}
	if fi.Size() < r.off {
		*r = LogReader{path: r.path}
	}
	if _, err := f.Seek(r.off, io.SeekStart); err != nil {
		return r.state, err
	}
	n, err := io.Copy(r, f)
	r.off += n
	r.state.Size, r.state.ModTime = r.off, fi.ModTime()
	return r.state, err
}

// Write takes the next bytes of the log.
func (r *LogReader) Write(p []byte) (int, error) {
	data := append(r.pending, p...)
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		r.line(string(data[:i]))
		data = data[i+1:]
	}
	if len(data) > maxPending {
		data = data[len(data)-maxPending:]
	}
	r.pending = append(r.pending[:0], data...)
	return len(p), nil
}

func (r *LogReader) line(s string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
	case strings.Contains(s, progress.LinePrefix):
		if ev, ok := progress.Parse(s); ok {
			r.state.Progress = &ev
		}
	case strings.HasPrefix(s, WrapperPrefix):
		if !strings.Contains(s, " started at ") {
			r.state.Footer = s
		}
	default:
		r.state.LastLine = s
	}
}

// LastLines returns the last n lines of the file at path, reading it from the end, and
// the size it read up to (where a [Follow] carries on).
func LastLines(path string, n int) (lines []string, end int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	const chunk = 64 << 10
	var buf []byte
	for off := fi.Size(); off > 0 && bytes.Count(bytes.TrimRight(buf, "\n"), []byte("\n")) < n; {
		size := min(chunk, off)
		off -= size
		b := make([]byte, size)
		if _, err := f.ReadAt(b, off); err != nil {
			return nil, 0, err
		}
		buf = append(b, buf...)
	}
	return lastN(strings.Split(strings.TrimRight(string(buf), "\n"), "\n"), n), fi.Size(), nil
}

func lastN(lines []string, n int) []string {
	if len(lines) == 1 && lines[0] == "" {
		return nil
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}

// Follow copies the file at path, from offset from, to w, and then what is appended to it,
// until done reports true (what was written by then is copied) or ctx ends. It checks
// every interval.
func Follow(ctx context.Context, path string, from int64, w io.Writer, done func() bool, interval time.Duration) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Seek(from, io.SeekStart); err != nil {
		return err
	}
	for {
		finished := done() // before the copy: a job's log is complete when it is marked done
		if _, err := io.Copy(w, f); err != nil || finished {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(interval):
		}
	}
}
