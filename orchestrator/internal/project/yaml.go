package project

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decoder walks a parsed YAML document, recording positioned errors instead of stopping at
// the first one, so a user sees every problem in a file at once.
type decoder struct {
	path string
	errs []error
}

func (d *decoder) pos(n *yaml.Node) Pos { return Pos{Path: d.path, Line: n.Line, Col: n.Column} }

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, Errorf(d.pos(n), format, args...))
}

// parse reads a YAML document; an empty file is an empty mapping.
func (d *decoder) parse(text string) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		d.errs = append(d.errs, yamlError(d.path, err))
		return nil
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	return doc.Content[0]
}

// yamlError turns "yaml: line 3: ..." into a positioned error.
func yamlError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ": ")
		return Errorf(Pos{Path: path, Line: line}, "%s", rest)
	}
	return Errorf(Pos{Path: path}, "%s", msg)
}

// mapping calls fn for each key of a mapping node, reporting keys not in allowed.
func (d *decoder) mapping(n *yaml.Node, what string, allowed []string, fn func(key string, k, v *yaml.Node)) {
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return // an empty key: nothing declared
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case seen[k.Value]:
			d.errorf(k, "duplicate key %q in %s", k.Value, what)
		case allowed != nil && !contains(allowed, k.Value):
			d.errorf(k, "unknown key %q in %s%s (want one of: %s)", k.Value, what,
				hint(k.Value, allowed), strings.Join(allowed, ", "))
		default:
			fn(k.Value, k, v)
		}
		seen[k.Value] = true
	}
}

func (d *decoder) str(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be a string", what)
		return ""
	}
	return n.Value
}

// strList accepts a sequence of scalars or a single scalar.
func (d *decoder) strList(n *yaml.Node, what string) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s must be a list", what)
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, item := range n.Content {
		out = append(out, d.str(item, what+" item"))
	}
	return out
}

// value decodes a node to plain Go values (string, int, float64, bool, []any, map[string]any).
func (d *decoder) value(n *yaml.Node) any {
	var v any
	if err := n.Decode(&v); err != nil {
		d.errorf(n, "%v", err)
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type yamlNode = yaml.Node
