package compile

import (
	"reflect"
	"text/template"

	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

// Sprig's functions know plain Go values, not the typed var values (vars.Int renders as a SQL
// literal, so cast.ToInt64 sees an unknown type and returns 0). These wrappers unwrap var
// values on the way in. Functions that return one of their arguments (default, coalesce,
// ternary) only turn a NULL var into nil and keep other values typed, so whatever they return
// still renders as a quoted literal; nothing here ever turns a string var into raw SQL text.
var (
	// numeric and membership functions compute with the plain values.
	unwrapAll = []string{"add", "add1", "sub", "mul", "div", "mod", "max", "min", "int", "int64",
		"float64", "has", "until", "untilStep", "first", "last", "rest", "initial", "uniq", "without", "empty",
		"concat"}
	// selecting functions see NULL vars as empty and booleans as bools.
	unwrapNulls = []string{"default", "coalesce", "ternary"}
)

// wrapSprig replaces the named functions of fm with wrappers that unwrap var arguments.
func wrapSprig(fm template.FuncMap) {
	for _, name := range unwrapAll {
		fm[name] = unwrapping(fm[name], plain)
	}
	for _, name := range unwrapNulls {
		fm[name] = unwrapping(fm[name], nullsAndBools)
	}
}

// unwrapping returns a function with fn's arity whose parameters accept anything; each
// argument goes through conv and is then converted to fn's parameter type.
func unwrapping(fn any, conv func(any) any) any {
	fv := reflect.ValueOf(fn)
	ft := fv.Type()
	in := make([]reflect.Type, ft.NumIn())
	for i := range in {
		in[i] = reflect.TypeFor[any]()
		if ft.IsVariadic() && i == ft.NumIn()-1 {
			in[i] = reflect.TypeFor[[]any]()
		}
	}
	out := make([]reflect.Type, ft.NumOut())
	for i := range out {
		out[i] = ft.Out(i)
	}
	wt := reflect.FuncOf(in, out, ft.IsVariadic())
	return reflect.MakeFunc(wt, func(args []reflect.Value) []reflect.Value {
		var flat []reflect.Value
		for i, a := range args {
			if ft.IsVariadic() && i == len(args)-1 {
				for j := 0; j < a.Len(); j++ {
					flat = append(flat, argFor(a.Index(j).Interface(), ft.In(i).Elem(), conv))
				}
				continue
			}
			flat = append(flat, argFor(a.Interface(), ft.In(i), conv))
		}
		return fv.Call(flat)
	}).Interface()
}

func argFor(v any, t reflect.Type, conv func(any) any) reflect.Value {
	v = conv(v)
	if v == nil {
		return reflect.Zero(t)
	}
	rv := reflect.ValueOf(v)
	if !rv.Type().AssignableTo(t) && rv.Type().ConvertibleTo(t) {
		rv = rv.Convert(t)
	}
	return rv
}

// plain turns a var value into the plain Go value it holds; lists become []any.
func plain(v any) any {
	switch x := v.(type) {
	case int: // a template literal; var ints are int64, and has compares exactly
		return int64(x)
	case vars.Int:
		return int64(x)
	case vars.Float:
		return float64(x)
	case vars.Bool:
		return bool(x)
	case vars.Str:
		return string(x)
	case vars.Null:
		return nil
	case []any: // e.g. concat of var lists and literals
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case vars.Value:
		rv := reflect.ValueOf(x)
		if rv.Kind() == reflect.Slice {
			out := make([]any, rv.Len())
			for i := range out {
				out[i] = plain(rv.Index(i).Interface())
			}
			return out
		}
	}
	return v
}

func nullsAndBools(v any) any {
	switch x := v.(type) {
	case vars.Null:
		return nil
	case vars.Bool:
		return bool(x)
	}
	return v
}
