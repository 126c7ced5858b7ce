package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
)

type lsCmd struct {
	selectFlags
	Explain bool `help:"Show the run order, materialization and why each model is selected."`
	JSON    bool `name:"json" help:"Print a JSON array (order, model, relation, path, materialized, tags, refs, reasons)."`
}

type lsEntry struct {
	Order        int      `json:"order"`
	Model        string   `json:"model"`
	Relation     string   `json:"relation"`
	Path         string   `json:"path"`
	Materialized string   `json:"materialized"`
	Tags         []string `json:"tags"`
	Refs         []string `json:"refs"`
	Reasons      []string `json:"reasons"`
}

func (c *lsCmd) Run(ctx context.Context, a *app) error {
	res, _, err := a.compiled(c.Vars)
	if err != nil {
		return err
	}
	p, err := a.plan(ctx, res, c.selectFlags, nil)
	if err != nil {
		return err
	}
	var entries []lsEntry
	for i, s := range p.Steps {
		m := s.Model
		entries = append(entries, lsEntry{i + 1, m.Name, m.Relation(), m.Path, m.Config.Materialized,
			nonNil(m.Config.Tags), nonNil(m.Refs), s.Reasons})
	}
	switch {
	case c.JSON:
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(nonNilEntries(entries))
	case c.Explain:
		tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		for _, e := range entries {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.Order, e.Relation, e.Materialized, strings.Join(e.Reasons, "; "))
		}
		return tw.Flush()
	}
	for _, e := range entries {
		fmt.Fprintln(a.stdout, e.Relation)
	}
	if len(entries) == 0 {
		fmt.Fprintln(a.stderr, "nothing selected: no model is modified since its last successful build")
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilEntries(e []lsEntry) []lsEntry {
	if e == nil {
		return []lsEntry{}
	}
	return e
}
