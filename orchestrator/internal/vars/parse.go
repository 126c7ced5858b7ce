package vars

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Parse reads a value of type t from its command-line spelling: "30", "1.5", "true",
// "2024-12-23", "2026-01-01T00:00:00Z", "15,30,60" (lists: comma-separated, brackets optional).
func Parse(t Type, s string) (Value, error) {
	if t.Kind != KindList {
		return parseScalar(t.Kind, strings.TrimSpace(s))
	}
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var items []string
	if strings.TrimSpace(s) != "" {
		items = strings.Split(s, ",")
	}
	vals := make([]any, len(items))
	for i, item := range items {
		vals[i] = strings.Trim(strings.TrimSpace(item), `"'`)
	}
	return fromList(t.Elem, vals)
}

// FromAny converts a decoded YAML/JSON value (string, int, float64, bool, []any, time.Time) to a
// value of type t.
func FromAny(t Type, v any) (Value, error) {
	if t.Kind == KindList {
		items, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("want a list of %s, got %s", kindNames[t.Elem], describe(v))
		}
		return fromList(t.Elem, items)
	}
	switch x := v.(type) {
	case string:
		return parseScalar(t.Kind, x)
	case int:
		if t.Kind == KindInt {
			return Int(x), nil
		}
		return fromNumber(t.Kind, float64(x), strconv.Itoa(x))
	case int64:
		if t.Kind == KindInt {
			return Int(x), nil
		}
		return fromNumber(t.Kind, float64(x), strconv.FormatInt(x, 10))
	case uint64:
		return fromNumber(t.Kind, float64(x), strconv.FormatUint(x, 10))
	case float64:
		return fromNumber(t.Kind, x, strconv.FormatFloat(x, 'g', -1, 64))
	case bool:
		if t.Kind == KindBool {
			return Bool(x), nil
		}
	case time.Time:
		switch t.Kind {
		case KindDate:
			return Date{x.UTC().Truncate(24 * time.Hour)}, nil
		case KindTimestamp:
			return Timestamp{x.UTC()}, nil
		}
	}
	return nil, fmt.Errorf("want %s, got %s", kindNames[t.Kind], describe(v))
}

func fromNumber(k Kind, f float64, text string) (Value, error) {
	switch k {
	case KindInt:
		if f != math.Trunc(f) || f >= math.MaxInt64 || f < math.MinInt64 {
			return nil, fmt.Errorf("want int, got %s", text)
		}
		return Int(int64(f)), nil
	case KindFloat:
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("want a finite number, got %s", text)
		}
		return Float(f), nil
	case KindString:
		return Str(text), nil
	}
	return nil, fmt.Errorf("want %s, got number %s", kindNames[k], text)
}

func fromList(elem Kind, items []any) (Value, error) {
	var errs []error
	convert := func(i int, item any) Value {
		v, err := FromAny(Type{Kind: elem}, item)
		if err != nil {
			errs = append(errs, fmt.Errorf("item %d: %w", i+1, err))
		}
		return v
	}
	var out Value
	switch elem {
	case KindInt:
		out = collect[Int](items, convert)
	case KindFloat:
		out = collect[Float](items, convert)
	case KindString:
		out = collect[Str](items, convert)
	case KindDate:
		out = collect[Date](items, convert)
	default:
		return nil, fmt.Errorf("lists of %s are not supported", kindNames[elem])
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func collect[T Value](items []any, convert func(int, any) Value) List[T] {
	out := make(List[T], 0, len(items))
	for i, item := range items {
		if v, ok := convert(i, item).(T); ok {
			out = append(out, v)
		}
	}
	return out
}

func parseScalar(k Kind, s string) (Value, error) {
	switch k {
	case KindInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want int, got %q", s)
		}
		return Int(n), nil
	case KindFloat:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.HasPrefix(strings.ToLower(strings.TrimLeft(s, "+-")), "0x") {
			return nil, fmt.Errorf("want a finite number, got %q", s)
		}
		return Float(f), nil
	case KindBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("want true or false, got %q", s)
		}
		return Bool(b), nil
	case KindString:
		return Str(s), nil
	case KindDate:
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, fmt.Errorf("want a date YYYY-MM-DD, got %q", s)
		}
		return Date{d}, nil
	case KindTimestamp:
		ts, err := ParseTimestamp(s)
		if err != nil {
			return nil, err
		}
		return Timestamp{ts}, nil
	}
	return nil, fmt.Errorf("unsupported kind %d", k)
}

var timestampLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly,
}

// ParseTimestamp reads a UTC instant: RFC 3339 (any offset, converted to UTC), or
// "YYYY-MM-DD[ HH:MM[:SS]]" taken as UTC.
func ParseTimestamp(s string) (time.Time, error) {
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("want a timestamp like 2026-01-31T00:00:00Z or \"2026-01-31 00:00:00\", got %q", s)
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%v", v)
}
