package project_test

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

func file(text string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(text)} }

func ptr(f float64) *float64 { return &f }

func pos(path string, line, col int) project.Pos {
	return project.Pos{Path: path, Line: line, Col: col}
}

const validWV = `name: demo
vars:
  as_of:
    type: timestamp
    default: now
    description: The clock.
  data_start:
    type: date
    default: 2024-12-23
  max_days:
    type: int
    default: 365
    gt: 0
  windows:
    type: list[int]
    default: [15, 30]
    gt: 0
  empty_windows:
    type: list[int]
    default: []
  band_days:
    type: int
    default: null
    gt: 0
  funded_min:
    type: float
    default: 10
    ge: 0
    le: 1000
  mature_only:
    type: bool
    default: true
  label:
    type: string
    default: it's
  tx_types:
    type: list[string]
    default: [token_transfer, contract_call]
  start_at:
    type: timestamp
    default: 2026-01-01T10:00:00+02:00
sources:
  raw: [transactions, blocks]
  ext: prices
`

func validFS() fstest.MapFS {
	return fstest.MapFS{
		"wv.yml":                        file(validWV),
		"models/staging/stg_tx.sql":     file(`select * from {{ source "raw" "transactions" }}`),
		"models/staging/stg_blocks.sql": file(`select * from {{ source "raw" "blocks" }}`),
		"models/staging/stg_tx.yml": file(`description: One row per transaction.
tags: [core, staging]
columns:
  - name: tx_id
    description: The transaction id.
    tests: [not_null, unique]
  - name: kind
    tests:
      - accepted_values: {values: [a, b], severity: warn}
tests:
  - expression: {expr: "fee >= 0", where: "kind = 'a'"}
unit_tests:
  - name: keeps_rows
    description: Keeps every row.
    vars: {max_days: 30, windows: [7, 14], band_days: null}
    given:
      raw.transactions: |
        tx_id,kind
        1,a
    expect: |
      tx_id
      1
`),
		"models/staging/stg_tx.test.sql":   file(`{{ define "no_future" }}select 1 where false{{ end }}`),
		"models/staging/README.md":         file("ignored"),
		"models/staging/.hidden.sql":       file("ignored"),
		"models/intermediate/int_fees.sql": file(`select * from {{ ref "stg_tx" }}`),
		"models/marts/fees.sql":            file(`select * from {{ ref "int_fees" }}`),
		"models/marts/fees.yml": file(`materialized: incremental
unique_key: [tx_id, day]
tags: finance
`),
		"models/marts/fees_view.sql": file(`select 1`),
		"models/marts/fees_view.yml": file("materialized: view\n"),
		"macros/util.sql":            file(`{{ define "cols" }}a, b{{ end }}`),
		"macros/more/deep.sql":       file(`{{ define "deep" }}1{{ end }}`),
		"macros/README.md":           file("ignored"),
		"seeds/labels.csv":           file("address,label\n"),
		"seeds/labels.yml": file(`description: Known addresses.
columns:
  - name: address
    type: varchar
  - name: since
    type: DATE
    description: First seen.
  - name: n
    type: bigint
    tests: [not_null]
`),
		"seeds/notes.txt":     file("ignored"),
		"seeds/old/older.csv": file("ignored: seeds live in seeds/ only"),
	}
}

func TestLoad_Valid(t *testing.T) {
	got, err := project.Load(validFS())
	if err != nil {
		t.Fatal(err)
	}
	want := &project.Project{
		Name: "demo",
		Vars: []vars.Def{
			{Name: "as_of", Type: vars.TypeTimestamp, Description: "The clock.", DefaultNow: true},
			{Name: "data_start", Type: vars.TypeDate, Default: vars.Date{Time: time.Date(2024, 12, 23, 0, 0, 0, 0, time.UTC)}},
			{Name: "max_days", Type: vars.TypeInt, Default: vars.Int(365), Bounds: vars.Bounds{GT: ptr(0)}},
			{Name: "windows", Type: vars.Type{Kind: vars.KindList, Elem: vars.KindInt}, Default: vars.List[vars.Int]{15, 30},
				Bounds: vars.Bounds{GT: ptr(0)}},
			{Name: "empty_windows", Type: vars.Type{Kind: vars.KindList, Elem: vars.KindInt}, Default: vars.List[vars.Int]{}},
			{Name: "band_days", Type: vars.TypeInt, Default: vars.Null{Of: vars.TypeInt}, Nullable: true, Bounds: vars.Bounds{GT: ptr(0)}},
			{Name: "funded_min", Type: vars.TypeFloat, Default: vars.Float(10), Bounds: vars.Bounds{GE: ptr(0), LE: ptr(1000)}},
			{Name: "mature_only", Type: vars.TypeBool, Default: vars.Bool(true)},
			{Name: "label", Type: vars.TypeString, Default: vars.Str("it's")},
			{Name: "tx_types", Type: vars.Type{Kind: vars.KindList, Elem: vars.KindString},
				Default: vars.List[vars.Str]{"token_transfer", "contract_call"}},
			{Name: "start_at", Type: vars.TypeTimestamp, Default: vars.Timestamp{Time: time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)}},
		},
		Sources: map[string][]string{"raw": {"blocks", "transactions"}, "ext": {"prices"}},
		Models: []*project.Model{
			{Name: "fees", Layer: "marts", Path: "models/marts/fees.sql", SQL: `select * from {{ ref "int_fees" }}`,
				Config: project.Config{Path: "models/marts/fees.yml", Materialized: "incremental",
					UniqueKey: []string{"tx_id", "day"}, Tags: []string{"finance"}}},
			{Name: "fees_view", Layer: "marts", Path: "models/marts/fees_view.sql", SQL: `select 1`,
				Config: project.Config{Path: "models/marts/fees_view.yml", Materialized: "view"}},
			{Name: "int_fees", Layer: "intermediate", Path: "models/intermediate/int_fees.sql",
				SQL: `select * from {{ ref "stg_tx" }}`, Config: project.Config{Materialized: "table"}},
			{Name: "stg_blocks", Layer: "staging", Path: "models/staging/stg_blocks.sql",
				SQL: `select * from {{ source "raw" "blocks" }}`, Config: project.Config{Materialized: "view"}},
			{Name: "stg_tx", Layer: "staging", Path: "models/staging/stg_tx.sql",
				SQL:      `select * from {{ source "raw" "transactions" }}`,
				TestPath: "models/staging/stg_tx.test.sql",
				TestSQL:  `{{ define "no_future" }}select 1 where false{{ end }}`,
				Config: project.Config{
					Path:         "models/staging/stg_tx.yml",
					Description:  "One row per transaction.",
					Materialized: "view",
					Tags:         []string{"core", "staging"},
					Columns: []project.Column{
						{Name: "tx_id", Description: "The transaction id.", Pos: pos("models/staging/stg_tx.yml", 4, 5),
							Tests: []project.Test{
								{Name: "not_null", Column: "tx_id", Severity: "error", Args: map[string]any{}, Pos: pos("models/staging/stg_tx.yml", 6, 13)},
								{Name: "unique", Column: "tx_id", Severity: "error", Args: map[string]any{}, Pos: pos("models/staging/stg_tx.yml", 6, 23)},
							}},
						{Name: "kind", Pos: pos("models/staging/stg_tx.yml", 7, 5), Tests: []project.Test{
							{Name: "accepted_values", Column: "kind", Severity: "warn", Args: map[string]any{"values": []any{"a", "b"}},
								Pos: pos("models/staging/stg_tx.yml", 9, 9)},
						}},
					},
					Tests: []project.Test{
						{Name: "expression", Severity: "error", Args: map[string]any{"expr": "fee >= 0", "where": "kind = 'a'"},
							Pos: pos("models/staging/stg_tx.yml", 11, 5)},
					},
					UnitTests: []project.UnitTest{{
						Name:        "keeps_rows",
						Description: "Keeps every row.",
						Vars:        []vars.Override{{Name: "max_days", Value: "30"}, {Name: "windows", Value: "7,14"}, {Name: "band_days", Value: "null"}},
						Given: []project.Fixture{{Input: "raw.transactions", Rows: "tx_id,kind\n1,a\n",
							Pos: pos("models/staging/stg_tx.yml", 17, 25)}}, // the "|", not the first row
						Expect: project.Fixture{Rows: "tx_id\n1\n", Pos: pos("models/staging/stg_tx.yml", 20, 13)},
						Pos:    pos("models/staging/stg_tx.yml", 13, 5),
					}},
				}},
		},
		Macros: []*project.Macro{
			{Path: "macros/more/deep.sql", Text: `{{ define "deep" }}1{{ end }}`},
			{Path: "macros/util.sql", Text: `{{ define "cols" }}a, b{{ end }}`},
		},
		Seeds: []*project.Seed{{
			Name: "labels", Path: "seeds/labels.csv", ConfigPath: "seeds/labels.yml", Description: "Known addresses.",
			Columns: []project.Column{
				{Name: "address", Type: "varchar", Pos: pos("seeds/labels.yml", 3, 5)},
				{Name: "since", Type: "date", Description: "First seen.", Pos: pos("seeds/labels.yml", 5, 5)},
				{Name: "n", Type: "bigint", Pos: pos("seeds/labels.yml", 8, 5), Tests: []project.Test{
					{Name: "not_null", Column: "n", Severity: "error", Args: map[string]any{}, Pos: pos("seeds/labels.yml", 10, 13)},
				}},
			},
		}},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
}

func TestLoad_Lookups(t *testing.T) {
	p, err := project.Load(validFS())
	if err != nil {
		t.Fatal(err)
	}
	type lookups struct {
		FeesRelation, SeedRelation string
		Missing                    bool
		VarType                    string
		VarMissing                 bool
	}
	d, ok := p.Var("windows")
	_, missing := p.Var("nope")
	got := lookups{
		FeesRelation: p.Model("fees").Relation(), SeedRelation: p.Seed("labels").Relation(),
		Missing: p.Model("nope") == nil && p.Seed("nope") == nil, VarType: d.Type.String(), VarMissing: !missing,
	}
	want := lookups{FeesRelation: "marts.fees", SeedRelation: "seed.labels", Missing: true, VarType: "list[int]", VarMissing: true}
	if diff := cmp.Diff(want, got); !ok || diff != "" {
		t.Errorf("lookups (-want +got):\n%s", diff)
	}
}

func TestLoad_DefaultMaterialized(t *testing.T) {
	fsys := fstest.MapFS{
		"wv.yml":                    file("name: x\n"),
		"models/staging/a.sql":      file("select 1"),
		"models/stage/b.sql":        file("select 1"),
		"models/intermediate/c.sql": file("select 1"),
		"models/marts/d.sql":        file("select 1"),
		"models/staging/e.sql":      file("select 1"),
		"models/staging/e.yml":      file("materialized: table\n"),
		"models/marts/f.sql":        file("select 1"),
		"models/marts/f.yml":        file("description: no materialized here\n"),
	}
	p, err := project.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range p.Models {
		got[m.Name] = m.Config.Materialized
	}
	want := map[string]string{"a": "view", "b": "table", "c": "table", "d": "table", "e": "table", "f": "table"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("materialized (-want +got):\n%s", diff)
	}
}

func TestLoad_EmptyFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"wv.yml":               file(""),
		"models/staging/a.sql": file(""),
		"models/staging/a.yml": file(""),
	}
	p, err := project.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Models) != 1 || p.Models[0].Config.Materialized != "view" || p.Name != "" || len(p.Vars) != 0 {
		t.Errorf("Load of empty files = %+v", p)
	}
}
