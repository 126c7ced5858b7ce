package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/duck"
)

// runDirect builds the models of out/run_results.json, in its order, from out/compiled/ with
// plain CREATE OR REPLACE statements: the SQL alone, without compiling, planning, staging
// swaps or bookkeeping. It uses wv's default DuckDB settings.
func runDirect(ctx context.Context, path string) error {
	b, err := os.ReadFile("out/run_results.json")
	if err != nil {
		return err
	}
	var rr struct {
		Results []struct {
			Model, Relation, Materialized string
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &rr); err != nil {
		return err
	}
	db, err := duck.Open(path, duck.Options{MemoryLimit: duck.DefaultMemoryLimit()})
	if err != nil {
		return err
	}
	defer db.Close()
	for _, r := range rr.Results {
		layer := strings.Split(r.Relation, ".")[0]
		sql, err := os.ReadFile(filepath.Join("out", "compiled", layer, r.Model+".sql"))
		if err != nil {
			return err
		}
		kind := "table"
		if r.Materialized == "view" {
			kind = "view"
		}
		stmt := fmt.Sprintf("create or replace %s %s as %s", kind, r.Relation, sql)
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", r.Relation, err)
		}
	}
	return nil
}
