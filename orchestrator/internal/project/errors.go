package project

import (
	"errors"
	"fmt"
	"sort"
)

// Pos is a position in a project file. Line and Col are 1-based; zero means unknown.
type Pos struct {
	Path      string
	Line, Col int
}

// String formats the position as path:line:col, dropping unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.Path
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.Path, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.Path, p.Line, p.Col)
}

// Error is a problem in a user-authored file, printed as "path:line:col: message".
type Error struct {
	Pos Pos
	Msg string
	Err error // the underlying error, when a caller may branch on it (errors.Is)
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns a positioned error.
func Errorf(pos Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Join sorts positioned errors by file and position, then joins them into one error whose
// message has one problem per line. It returns nil for no errors.
func Join(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	sorted := append([]error(nil), errs...)
	sort.SliceStable(sorted, func(i, j int) bool { return less(sorted[i], sorted[j]) })
	return errors.Join(sorted...)
}

func less(a, b error) bool {
	var ea, eb *Error
	if !errors.As(a, &ea) || !errors.As(b, &eb) {
		return false
	}
	pa, pb := ea.Pos, eb.Pos
	if pa.Path != pb.Path {
		return pa.Path < pb.Path
	}
	if pa.Line != pb.Line {
		return pa.Line < pb.Line
	}
	return pa.Col < pb.Col
}
