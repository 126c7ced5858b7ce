package seed

import (
	"cmp"
	"fmt"
	"time"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/stacks"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

// checker validates typed rows against the seed's declared checks and rules, remembering
// what it has seen for unique columns and rules.
type checker struct {
	s     *project.Seed
	path  string
	mins  []bound
	seen  []map[string]int // per unique column: value -> first line
	rules []ruleState
}

type bound struct {
	value any
	text  string // "0", or "2024-12-23 (data_start)"
}

type ruleState struct {
	rule       project.SeedRule
	key, value int                    // column indexes
	first      map[string]valueAtLine // key -> the value it goes with
}

type valueAtLine struct {
	value string
	line  int
}

// newChecker prepares the checks; vals supplies min_var bounds.
func newChecker(s *project.Seed, path string, vals vars.Values) (*checker, error) {
	c := &checker{s: s, path: path, mins: make([]bound, len(s.Columns)), seen: make([]map[string]int, len(s.Columns))}
	index := map[string]int{}
	for i, col := range s.Columns {
		index[col.Name] = i
		if col.Check.Unique {
			c.seen[i] = map[string]int{}
		}
		b, err := minBound(col, vals)
		if err != nil {
			return nil, project.Errorf(col.Pos, "column %s: %v", col.Name, err)
		}
		c.mins[i] = b
	}
	for _, r := range s.Rules {
		k, okK := index[r.Key]
		v, okV := index[r.Determines]
		if !okK || !okV {
			return nil, project.Errorf(r.Pos, "rule {key: %s, determines: %s} names a column %s does not declare", r.Key, r.Determines, s.ConfigPath)
		}
		c.rules = append(c.rules, ruleState{rule: r, key: k, value: v, first: map[string]valueAtLine{}})
	}
	return c, nil
}

func minBound(col project.Column, vals vars.Values) (bound, error) {
	switch {
	case col.Check.Min != "":
		v, err := Cell(col.Type, col.Check.Min)
		if err != nil {
			return bound{}, fmt.Errorf("min: %v", err)
		}
		return bound{v, col.Check.Min}, nil
	case col.Check.MinVar != "":
		val, ok := vals[col.Check.MinVar]
		if !ok {
			return bound{}, fmt.Errorf("min_var: no var %q in wv.yml", col.Check.MinVar)
		}
		text := plainText(val)
		v, err := Cell(col.Type, text)
		if err != nil {
			return bound{}, fmt.Errorf("min_var %s = %s does not fit %s: %v", col.Check.MinVar, text, col.Type, err)
		}
		return bound{v, text + " (" + col.Check.MinVar + ")"}, nil
	}
	return bound{}, nil
}

// plainText is a var value as a CSV cell would spell it.
func plainText(v vars.Value) string {
	switch x := v.(type) {
	case vars.Date:
		return x.Format(time.DateOnly)
	case vars.Timestamp:
		return x.Format("2006-01-02 15:04:05")
	case vars.Str:
		return string(x)
	}
	return v.String()
}

// row checks one typed row read from the given line.
func (c *checker) row(row []any, raw []string, line int) []error {
	var errs []error
	pos := project.Pos{Path: c.path, Line: line}
	for i, col := range c.s.Columns {
		if err := c.cell(i, col, row[i], raw[i], line); err != nil {
			errs = append(errs, project.Errorf(pos, "column %s: %v", col.Name, err))
		}
	}
	for i := range c.rules {
		if err := c.rules[i].check(raw, line); err != nil {
			errs = append(errs, project.Errorf(pos, "%v", err))
		}
	}
	return errs
}

func (c *checker) cell(i int, col project.Column, v any, raw string, line int) error {
	if v == nil {
		if col.Check.Required {
			return fmt.Errorf("empty; it is required")
		}
		return nil
	}
	if b := c.mins[i]; b.value != nil && compare(v, b.value) < 0 {
		if _, isTime := v.(time.Time); isTime {
			return fmt.Errorf("%s is before %s, the earliest allowed", raw, b.text)
		}
		return fmt.Errorf("%s is below the minimum %s", raw, b.text)
	}
	if col.Check.Format == "principal" {
		if err := stacks.ValidPrincipal(v.(string)); err != nil {
			return fmt.Errorf("not a Stacks principal: %v", err)
		}
	}
	if seen := c.seen[i]; seen != nil {
		if first, dup := seen[raw]; dup {
			return fmt.Errorf("%q is listed twice (also on line %d); it must be unique", raw, first)
		}
		seen[raw] = line
	}
	return nil
}

func (r *ruleState) check(raw []string, line int) error {
	key, value := raw[r.key], raw[r.value]
	if key == "" {
		return nil
	}
	first, ok := r.first[key]
	if !ok {
		r.first[key] = valueAtLine{value, line}
		return nil
	}
	if first.value != value {
		return fmt.Errorf("%s %q has %s %q here and %q on line %d; each %s has one %s",
			r.rule.Key, key, r.rule.Determines, value, first.value, first.line, r.rule.Key, r.rule.Determines)
	}
	return nil
}

// compare orders two values of the same column type.
func compare(a, b any) int {
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, b.(int64))
	case float64:
		return cmp.Compare(x, b.(float64))
	case time.Time:
		return x.Compare(b.(time.Time))
	case string:
		return cmp.Compare(x, b.(string))
	}
	return 0
}
