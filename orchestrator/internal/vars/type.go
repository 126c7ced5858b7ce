package vars

import (
	"fmt"
	"strings"
)

// Kind is the kind of a var type.
type Kind int

// The var kinds. A list holds elements of one scalar kind.
const (
	KindInvalid Kind = iota
	KindInt
	KindFloat
	KindBool
	KindString
	KindDate
	KindTimestamp
	KindList
)

// Type is a declared var type: a scalar kind, or a list of one.
type Type struct {
	Kind Kind
	Elem Kind // element kind when Kind is KindList
}

// The scalar types, for convenience.
var (
	TypeInt       = Type{Kind: KindInt}
	TypeFloat     = Type{Kind: KindFloat}
	TypeBool      = Type{Kind: KindBool}
	TypeString    = Type{Kind: KindString}
	TypeDate      = Type{Kind: KindDate}
	TypeTimestamp = Type{Kind: KindTimestamp}
)

var kindNames = map[Kind]string{
	KindInt: "int", KindFloat: "float", KindBool: "bool", KindString: "string",
	KindDate: "date", KindTimestamp: "timestamp",
}

var kindSQL = map[Kind]string{
	KindInt: "bigint", KindFloat: "double", KindBool: "boolean", KindString: "varchar",
	KindDate: "date", KindTimestamp: "timestamp",
}

// TypeNames lists the spellings ParseType accepts, for error messages and docs.
const TypeNames = "int, float, bool, string, date, timestamp, list[int], list[float], list[string], list[date]"

// ParseType reads a type name as written in wv.yml: "int", "list[int]", ...
func ParseType(s string) (Type, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if inner, ok := strings.CutPrefix(s, "list["); ok && strings.HasSuffix(inner, "]") {
		elem, err := ParseType(strings.TrimSuffix(inner, "]"))
		if err != nil || elem.Kind == KindList || elem.Kind == KindBool || elem.Kind == KindTimestamp {
			return Type{}, fmt.Errorf("unknown type %q (want one of: %s)", s, TypeNames)
		}
		return Type{Kind: KindList, Elem: elem.Kind}, nil
	}
	for k, name := range kindNames {
		if name == s {
			return Type{Kind: k}, nil
		}
	}
	return Type{}, fmt.Errorf("unknown type %q (want one of: %s)", s, TypeNames)
}

// String returns the type as written in wv.yml.
func (t Type) String() string {
	if t.Kind == KindList {
		return "list[" + kindNames[t.Elem] + "]"
	}
	return kindNames[t.Kind]
}

// SQL returns the DuckDB type name.
func (t Type) SQL() string {
	if t.Kind == KindList {
		return kindSQL[t.Elem] + "[]"
	}
	return kindSQL[t.Kind]
}
