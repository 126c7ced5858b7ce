package vars

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/spell"
)

// Def declares one var in wv.yml: its type, default and bounds.
type Def struct {
	Name        string
	Type        Type
	Description string
	// Default is the default value; nil when DefaultNow is set.
	Default Value
	// DefaultNow makes a timestamp var default to the current time, read once per command.
	DefaultNow bool
	// Nullable allows "null" as a value; a null default makes the var nullable.
	Nullable bool
	// Bounds apply to numbers and to each element of a numeric list.
	Bounds Bounds
}

// Bounds restrict a numeric var. A nil bound is not checked.
type Bounds struct {
	GT, GE, LE *float64
}

// Values maps var names to resolved values.
type Values map[string]Value

// Check reports whether v respects the bounds, naming the first value that does not.
func (b Bounds) Check(v Value) error {
	switch x := v.(type) {
	case Int:
		return b.number(float64(x), x.String())
	case Float:
		return b.number(float64(x), strings.TrimSuffix(strings.TrimPrefix(x.String(), "cast("), " as double)"))
	case List[Int]:
		return checkEach(b, x)
	case List[Float]:
		return checkEach(b, x)
	}
	return nil
}

func checkEach[T Value](b Bounds, list List[T]) error {
	for _, item := range list {
		if err := b.Check(item); err != nil {
			return err
		}
	}
	return nil
}

func (b Bounds) number(f float64, text string) error {
	switch {
	case b.GT != nil && !(f > *b.GT):
		return fmt.Errorf("%s must be > %g", text, *b.GT)
	case b.GE != nil && !(f >= *b.GE):
		return fmt.Errorf("%s must be >= %g", text, *b.GE)
	case b.LE != nil && !(f <= *b.LE):
		return fmt.Errorf("%s must be <= %g", text, *b.LE)
	}
	return nil
}

// Override is one --vars key=value argument.
type Override struct{ Name, Value string }

// ParseOverride splits a "key=value" argument.
func ParseOverride(arg string) (Override, error) {
	name, value, ok := strings.Cut(arg, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return Override{}, fmt.Errorf("--vars %q: want key=value", arg)
	}
	return Override{Name: strings.TrimSpace(name), Value: value}, nil
}

// Resolve computes the value of every declared var: the default, replaced by the last override
// of the same name. now is the clock for DefaultNow vars (truncated to the second). All
// problems are reported together, each naming the --vars argument to fix.
func Resolve(defs []Def, overrides []Override, now time.Time) (Values, error) {
	byName := make(map[string]Def, len(defs))
	vals := make(Values, len(defs))
	for _, d := range defs {
		byName[d.Name] = d
		vals[d.Name] = d.Default
		if d.DefaultNow {
			vals[d.Name] = Timestamp{now.UTC().Truncate(time.Second)}
		}
	}
	var errs []error
	for _, o := range overrides {
		d, ok := byName[o.Name]
		if !ok {
			errs = append(errs, unknownVar(o.Name, defs))
			continue
		}
		v, err := d.parse(o.Value)
		if err != nil {
			errs = append(errs, fmt.Errorf("--vars %s=%s: %s is %s: %w", o.Name, o.Value, o.Name, d.Type, err))
			continue
		}
		vals[o.Name] = v
	}
	return vals, errors.Join(errs...)
}

func (d Def) parse(s string) (Value, error) {
	if strings.TrimSpace(s) == "null" {
		if !d.Nullable {
			return nil, errors.New("null is not allowed")
		}
		return Null{Of: d.Type}, nil
	}
	v, err := Parse(d.Type, s)
	if err != nil {
		return nil, err
	}
	return v, d.Bounds.Check(v)
}

func unknownVar(name string, defs []Def) error {
	if h := spell.Hint(name, names(defs)); h != "" {
		return fmt.Errorf("--vars %s: unknown var%s", name, h)
	}
	return fmt.Errorf("--vars %s: unknown var (wv.yml declares: %s)", name, strings.Join(names(defs), ", "))
}

func names(defs []Def) []string {
	out := make([]string, len(defs))
	for i, d := range defs {
		out[i] = d.Name
	}
	sort.Strings(out)
	return out
}
