// Package vars holds the typed project variables of wv: their declared types, the parsing of
// defaults and --vars overrides, and their rendering as SQL literals.
//
// Values reach SQL only through [Value.String], which renders a typed, quoted literal; a var is
// never pasted into SQL as raw text. Each value type keeps a basic Go kind (int64, float64, bool,
// string, slice) so text/template's eq/lt/range work on it directly.
package vars

import (
	"strconv"
	"strings"
	"time"
)

// Value is a typed var value. String renders it as a DuckDB SQL literal.
type Value interface {
	String() string
	// Type is the declared type of the value.
	Type() Type
}

// Int is an integer var; it renders as a decimal literal.
type Int int64

// Float is a floating-point var; it renders as a DOUBLE literal.
type Float float64

// Bool is a boolean var; it renders as true or false.
type Bool bool

// Str is a string var; it renders as a single-quoted, escaped SQL string literal.
type Str string

// Date is a calendar day; it renders as date 'YYYY-MM-DD'.
type Date struct{ time.Time }

// Timestamp is a UTC instant without zone; it renders as timestamp 'YYYY-MM-DD HH:MM:SS[.ffffff]'.
type Timestamp struct{ time.Time }

// List is a list var; it renders as a DuckDB list literal with its element type.
type List[T Value] []T

// Null is an absent value of a nullable var; it renders as a typed NULL.
type Null struct{ Of Type }

func (v Int) String() string   { return strconv.FormatInt(int64(v), 10) }
func (v Int) Type() Type       { return TypeInt }
func (v Bool) String() string  { return strconv.FormatBool(bool(v)) }
func (v Bool) Type() Type      { return TypeBool }
func (v Str) Type() Type       { return TypeString }
func (v Date) Type() Type      { return TypeDate }
func (v Timestamp) Type() Type { return TypeTimestamp }
func (v Null) Type() Type      { return v.Of }

func (v Float) String() string {
	return "cast(" + strconv.FormatFloat(float64(v), 'g', -1, 64) + " as double)"
}
func (v Float) Type() Type { return TypeFloat }

func (v Str) String() string { return "'" + strings.ReplaceAll(string(v), "'", "''") + "'" }

func (v Date) String() string { return "date '" + v.Format(time.DateOnly) + "'" }

func (v Timestamp) String() string {
	return "timestamp '" + v.UTC().Format("2006-01-02 15:04:05.999999") + "'"
}

func (v Null) String() string { return "cast(null as " + v.Of.SQL() + ")" }

func (l List[T]) String() string {
	if len(l) == 0 {
		return "cast([] as " + l.Type().SQL() + ")"
	}
	parts := make([]string, len(l))
	for i, v := range l {
		parts[i] = v.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (l List[T]) Type() Type {
	var zero T
	return Type{Kind: KindList, Elem: zero.Type().Kind}
}
