// Package compile renders model templates to SQL and finds their dependencies.
//
// A model is a Go text/template. Compiling it takes three steps:
//
//  1. parse: the macros (macros/*.sql, {{ define }} blocks) are parsed once; each model is
//     parsed into a clone of that set, so models share macros but not each other's defines;
//  2. check: the parse tree is walked, and every literal ref, source, var, include and
//     template call is checked against the project, in every branch of every if/range. All
//     problems are reported, each at the file:line:col of the offending argument;
//  3. render: the template runs with ref/source/var/this bound to the project, recording the
//     relations actually read.
//
// The DAG's edges are the refs found in step 2 (all branches) plus any found in step 3
// (refs with computed names), so the run order never depends on a var.
//
// Only deterministic functions are available: ref, source, var, this, include, sqlstr and an
// allow-list of sprig functions (no clock, randomness or environment). Vars render as typed
// SQL literals (see package vars); nothing from the command line is pasted into SQL as text.
package compile
