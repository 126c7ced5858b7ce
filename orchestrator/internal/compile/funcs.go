package compile

import (
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// sprigAllowed are the sprig functions models may call: deterministic, no I/O, no clock.
var sprigAllowed = []string{
	"default", "empty", "coalesce", "ternary", "list", "dict", "get", "hasKey",
	"join", "first", "last", "rest", "initial", "uniq", "has", "without", "concat",
	"sortAlpha", "until", "untilStep", "add", "add1", "sub", "mul", "div", "mod",
	"max", "min", "lower", "upper", "trim", "trimPrefix", "trimSuffix", "replace",
	"contains", "hasPrefix", "hasSuffix", "repeat", "indent", "nindent", "splitList",
	"toString", "int", "int64", "float64", "atoi", "toJson",
}

// builtins are the project functions, resolved per model in render (stubs at parse time).
var builtins = []string{"ref", "source", "var", "this", "include", "is_incremental", "sqlstr"}

// baseFuncs returns the allow-listed sprig functions plus stubs for the project functions, so
// templates parse; render replaces the stubs with functions bound to one model.
func baseFuncs() template.FuncMap {
	all := sprig.TxtFuncMap()
	fm := template.FuncMap{}
	for _, name := range sprigAllowed {
		fm[name] = all[name]
	}
	wrapSprig(fm)
	for _, name := range builtins {
		fm[name] = func(...any) string { return "" }
	}
	fm["sqlstr"] = sqlstr
	return fm
}

// sqlstr quotes s as a SQL string literal, doubling embedded quotes.
func sqlstr(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
