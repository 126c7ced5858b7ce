package table_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/table"
)

func TestFormat(t *testing.T) {
	ts := time.Date(2026, 1, 31, 12, 30, 5, 123_456_000, time.UTC)
	tenth, fifth := 0.1, 0.2
	tests := []struct {
		name   string
		v      any
		dbType string
		want   string
	}{
		{"Null", nil, "BIGINT", "NULL"},
		{"Int", int64(-42), "BIGINT", "-42"},
		{"Int32", int32(7), "INTEGER", "7"},
		{"Float", 1.5, "DOUBLE", "1.5"},
		{"FloatShortest", tenth + fifth, "DOUBLE", "0.30000000000000004"},
		{"FloatWhole", 10.0, "DOUBLE", "10"},
		{"FloatLarge", 1.38e9, "DOUBLE", "1.38e+09"},
		{"Float32", float32(0.5), "FLOAT", "0.5"},
		{"NaN", math.NaN(), "DOUBLE", "nan"},
		{"Inf", math.Inf(1), "DOUBLE", "inf"},
		{"NegInf", math.Inf(-1), "DOUBLE", "-inf"},
		{"Bool", true, "BOOLEAN", "true"},
		{"String", "it's", "VARCHAR", "it's"},
		{"Bytes", []byte("raw"), "BLOB", "raw"},
		{"Date", time.Date(2024, 12, 23, 0, 0, 0, 0, time.UTC), "DATE", "2024-12-23"},
		{"Timestamp", ts, "TIMESTAMP", "2026-01-31 12:30:05.123456"},
		{"TimestampWhole", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), "TIMESTAMP", "2026-01-31 00:00:00"},
		{"TimestampZoneToUTC", time.Date(2026, 1, 31, 1, 0, 0, 0, time.FixedZone("+02", 7200)), "TIMESTAMPTZ", "2026-01-30 23:00:00"},
		{"List", []any{int64(1), nil, 2.5}, "BIGINT[]", "[1, NULL, 2.5]"},
		{"NestedList", []any{[]any{"a"}, []any{}}, "VARCHAR[][]", "[[a], []]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, table.Format(tt.v, tt.dbType, "NULL")); diff != "" {
				t.Errorf("Format(%#v, %q) (-want +got):\n%s", tt.v, tt.dbType, diff)
			}
		})
	}
}

func testTable() *table.Table {
	return &table.Table{
		Columns: []string{"day", "wallet", "fee_stx", "ok", "seen_at"},
		Types:   []string{"DATE", "VARCHAR", "DOUBLE", "BOOLEAN", "TIMESTAMP"},
		Rows: [][]any{
			{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "SP1,\"x\"", 1.5, true, time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)},
			{time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), "SPé", math.NaN(), nil, nil},
		},
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name, format string
		table        *table.Table
		want         string
	}{
		{"Text", "table", testTable(), `day         wallet   fee_stx  ok    seen_at
----------  -------  -------  ----  -------------------
2026-01-01  SP1,"x"  1.5      true  2026-01-01 10:00:00
2026-01-02  SPé      nan      NULL  NULL
(2 rows)
`},
		{"TextDefault", "", &table.Table{Columns: []string{"n"}, Types: []string{"BIGINT"}, Rows: [][]any{{int64(1)}}},
			"n\n-\n1\n(1 row)\n"},
		{"TextEmpty", "table", &table.Table{Columns: []string{"a", "bb"}, Types: []string{"BIGINT", "VARCHAR"}},
			"a  bb\n-  --\n(0 rows)\n"},
		{"CSV", "csv", testTable(), `day,wallet,fee_stx,ok,seen_at
2026-01-01,"SP1,""x""",1.5,true,2026-01-01 10:00:00
2026-01-02,SPé,nan,,
`},
		{"CSVEmpty", "csv", &table.Table{Columns: []string{"a"}, Types: []string{"BIGINT"}}, "a\n"},
		{"JSON", "json", testTable(), `[
  {"day": "2026-01-01", "wallet": "SP1,\"x\"", "fee_stx": 1.5, "ok": true, "seen_at": "2026-01-01 10:00:00"},
  {"day": "2026-01-02", "wallet": "SPé", "fee_stx": null, "ok": null, "seen_at": null}
]
`},
		{"JSONEmpty", "json", &table.Table{Columns: []string{"a"}, Types: []string{"BIGINT"}}, "[]\n"},
		{"JSONValues", "json", &table.Table{
			Columns: []string{"n", "inf", "blob", "list"},
			Types:   []string{"BIGINT", "DOUBLE", "BLOB", "BIGINT[]"},
			Rows:    [][]any{{int64(9007199254740993), math.Inf(-1), []byte("ab"), []any{int64(1), nil}}},
		}, "[\n  {\"n\": 9007199254740993, \"inf\": null, \"blob\": \"ab\", \"list\": [1,null]}\n]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.table.Write(&b, tt.format); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("Write(%q) (-want +got):\n%s", tt.format, diff)
			}
		})
	}
}

func TestWrite_UnknownFormat(t *testing.T) {
	err := testTable().Write(&strings.Builder{}, "xml")
	if diff := cmp.Diff(`unknown format "xml" (want table, csv or json)`, errString(err)); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
