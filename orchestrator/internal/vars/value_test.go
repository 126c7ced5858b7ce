package vars_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

func TestValue_SQLLiteral(t *testing.T) {
	tests := []struct {
		name string
		v    vars.Value
		want string
	}{
		{"Int", vars.Int(30), "30"},
		{"IntNegative", vars.Int(-5), "-5"},
		{"Float", vars.Float(1.5), "cast(1.5 as double)"},
		{"FloatWhole", vars.Float(10), "cast(10 as double)"},
		{"FloatLarge", vars.Float(1.38e9), "cast(1.38e+09 as double)"},
		{"FloatSmall", vars.Float(0.0001), "cast(0.0001 as double)"},
		{"FloatNegative", vars.Float(-2.25), "cast(-2.25 as double)"},
		{"BoolTrue", vars.Bool(true), "true"},
		{"BoolFalse", vars.Bool(false), "false"},
		{"String", vars.Str("contract_call"), "'contract_call'"},
		{"StringQuote", vars.Str("it's"), "'it''s'"},
		{"StringQuotes", vars.Str("''"), "''''''"},
		{"StringInjection", vars.Str("x'; drop table t; --"), "'x''; drop table t; --'"},
		{"StringEmpty", vars.Str(""), "''"},
		{"StringBackslash", vars.Str(`a\b`), `'a\b'`},
		{"Date", vars.Date{Time: day(2024, 12, 23)}, "date '2024-12-23'"},
		{"Timestamp", vars.Timestamp{Time: time.Date(2026, 1, 31, 12, 30, 5, 0, time.UTC)},
			"timestamp '2026-01-31 12:30:05'"},
		{"TimestampMidnight", vars.Timestamp{Time: day(2026, 1, 31)}, "timestamp '2026-01-31 00:00:00'"},
		{"TimestampMicros", vars.Timestamp{Time: time.Date(2026, 1, 31, 12, 30, 5, 123_456_789, time.UTC)},
			"timestamp '2026-01-31 12:30:05.123456'"},
		{"TimestampMillis", vars.Timestamp{Time: time.Date(2026, 1, 31, 12, 30, 5, 250_000_000, time.UTC)},
			"timestamp '2026-01-31 12:30:05.25'"},
		{"TimestampZoneToUTC", vars.Timestamp{Time: time.Date(2026, 1, 31, 1, 0, 0, 0, time.FixedZone("+02", 7200))},
			"timestamp '2026-01-30 23:00:00'"},
		{"ListInt", vars.List[vars.Int]{15, 30}, "[15, 30]"},
		{"ListFloat", vars.List[vars.Float]{1, 2.5}, "[cast(1 as double), cast(2.5 as double)]"},
		{"ListString", vars.List[vars.Str]{"a", "b'c"}, "['a', 'b''c']"},
		{"ListDate", vars.List[vars.Date]{{Time: day(2024, 1, 1)}}, "[date '2024-01-01']"},
		{"ListIntEmpty", vars.List[vars.Int]{}, "cast([] as bigint[])"},
		{"ListIntNil", vars.List[vars.Int](nil), "cast([] as bigint[])"},
		{"ListFloatEmpty", vars.List[vars.Float]{}, "cast([] as double[])"},
		{"ListStringEmpty", vars.List[vars.Str]{}, "cast([] as varchar[])"},
		{"ListDateEmpty", vars.List[vars.Date]{}, "cast([] as date[])"},
		{"NullInt", vars.Null{Of: vars.TypeInt}, "cast(null as bigint)"},
		{"NullFloat", vars.Null{Of: vars.TypeFloat}, "cast(null as double)"},
		{"NullBool", vars.Null{Of: vars.TypeBool}, "cast(null as boolean)"},
		{"NullString", vars.Null{Of: vars.TypeString}, "cast(null as varchar)"},
		{"NullDate", vars.Null{Of: vars.TypeDate}, "cast(null as date)"},
		{"NullTimestamp", vars.Null{Of: vars.TypeTimestamp}, "cast(null as timestamp)"},
		{"NullList", vars.Null{Of: listInt}, "cast(null as bigint[])"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.v.String()); diff != "" {
				t.Errorf("String() (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValue_Type(t *testing.T) {
	tests := []struct {
		v    vars.Value
		want vars.Type
	}{
		{vars.Int(1), vars.TypeInt},
		{vars.Float(1), vars.TypeFloat},
		{vars.Bool(true), vars.TypeBool},
		{vars.Str("x"), vars.TypeString},
		{vars.Date{}, vars.TypeDate},
		{vars.Timestamp{}, vars.TypeTimestamp},
		{vars.List[vars.Int]{}, listInt},
		{vars.List[vars.Float]{}, listFloat},
		{vars.List[vars.Str]{}, listString},
		{vars.List[vars.Date]{}, listDate},
		{vars.Null{Of: listString}, listString},
	}
	for _, tt := range tests {
		t.Run(tt.want.String(), func(t *testing.T) {
			if got := tt.v.Type(); got != tt.want {
				t.Errorf("%#v.Type() = %s, want %s", tt.v, got, tt.want)
			}
		})
	}
}

func TestParseType_Names(t *testing.T) {
	tests := []struct {
		in      string
		want    vars.Type
		str, sq string
	}{
		{"int", vars.TypeInt, "int", "bigint"},
		{"float", vars.TypeFloat, "float", "double"},
		{"bool", vars.TypeBool, "bool", "boolean"},
		{"string", vars.TypeString, "string", "varchar"},
		{"date", vars.TypeDate, "date", "date"},
		{"timestamp", vars.TypeTimestamp, "timestamp", "timestamp"},
		{" INT ", vars.TypeInt, "int", "bigint"},
		{"list[int]", listInt, "list[int]", "bigint[]"},
		{"list[float]", listFloat, "list[float]", "double[]"},
		{"list[string]", listString, "list[string]", "varchar[]"},
		{"List[Date]", listDate, "list[date]", "date[]"},
		{"list[ int ]", listInt, "list[int]", "bigint[]"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := vars.ParseType(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || got.String() != tt.str || got.SQL() != tt.sq {
				t.Errorf("ParseType(%q) = %#v (%s, %s), want %#v (%s, %s)", tt.in, got, got, got.SQL(), tt.want, tt.str, tt.sq)
			}
		})
	}
}

func TestParseType_Errors(t *testing.T) {
	const want = "unknown type %q (want one of: int, float, bool, string, date, timestamp, list[int], list[float], list[string], list[date])"
	for _, in := range []string{"integer", "", "list[]", "list[bool]", "list[list[int]]", "list[timestamp]", "list[int", "map[string]"} {
		t.Run(in, func(t *testing.T) {
			got, err := vars.ParseType(in)
			if err == nil {
				t.Fatalf("ParseType(%q) = %s, want an error", in, got)
			}
			if diff := cmp.Diff(fmt.Sprintf(want, in), err.Error()); diff != "" {
				t.Errorf("ParseType(%q) error (-want +got):\n%s", in, diff)
			}
		})
	}
}
