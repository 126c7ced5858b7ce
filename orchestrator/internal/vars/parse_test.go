package vars_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

var (
	listInt    = vars.Type{Kind: vars.KindList, Elem: vars.KindInt}
	listFloat  = vars.Type{Kind: vars.KindList, Elem: vars.KindFloat}
	listString = vars.Type{Kind: vars.KindList, Elem: vars.KindString}
	listDate   = vars.Type{Kind: vars.KindList, Elem: vars.KindDate}
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParse_Values(t *testing.T) {
	tests := []struct {
		name string
		typ  vars.Type
		in   string
		want vars.Value
	}{
		{"Int", vars.TypeInt, "30", vars.Int(30)},
		{"IntSpaces", vars.TypeInt, " -7 ", vars.Int(-7)},
		{"Float", vars.TypeFloat, "1.5", vars.Float(1.5)},
		{"FloatExponent", vars.TypeFloat, "1.38e9", vars.Float(1.38e9)},
		{"FloatInteger", vars.TypeFloat, "10", vars.Float(10)},
		{"BoolTrue", vars.TypeBool, "true", vars.Bool(true)},
		{"BoolFalse", vars.TypeBool, "false", vars.Bool(false)},
		{"String", vars.TypeString, "token_transfer", vars.Str("token_transfer")},
		{"StringQuote", vars.TypeString, "it's", vars.Str("it's")},
		{"StringNullIsText", vars.TypeString, "null", vars.Str("null")},
		{"Date", vars.TypeDate, "2024-12-23", vars.Date{Time: day(2024, 12, 23)}},
		{"TimestampRFC3339", vars.TypeTimestamp, "2026-01-31T12:30:00Z",
			vars.Timestamp{Time: time.Date(2026, 1, 31, 12, 30, 0, 0, time.UTC)}},
		{"TimestampOffsetToUTC", vars.TypeTimestamp, "2026-01-31T12:30:00+02:00",
			vars.Timestamp{Time: time.Date(2026, 1, 31, 10, 30, 0, 0, time.UTC)}},
		{"TimestampSpace", vars.TypeTimestamp, "2026-01-31 12:30:05",
			vars.Timestamp{Time: time.Date(2026, 1, 31, 12, 30, 5, 0, time.UTC)}},
		{"TimestampFraction", vars.TypeTimestamp, "2026-01-31 12:30:05.25",
			vars.Timestamp{Time: time.Date(2026, 1, 31, 12, 30, 5, 250_000_000, time.UTC)}},
		{"TimestampMinutes", vars.TypeTimestamp, "2026-01-31T12:30",
			vars.Timestamp{Time: time.Date(2026, 1, 31, 12, 30, 0, 0, time.UTC)}},
		{"TimestampDateOnly", vars.TypeTimestamp, "2026-01-31", vars.Timestamp{Time: day(2026, 1, 31)}},
		{"ListInt", listInt, "15,30,60", vars.List[vars.Int]{15, 30, 60}},
		{"ListIntBracketsSpaces", listInt, " [15, 30 , 60] ", vars.List[vars.Int]{15, 30, 60}},
		{"ListIntOne", listInt, "7", vars.List[vars.Int]{7}},
		{"ListIntEmpty", listInt, "", vars.List[vars.Int]{}},
		{"ListIntEmptyBrackets", listInt, "[]", vars.List[vars.Int]{}},
		{"ListIntBlankBrackets", listInt, "[ ]", vars.List[vars.Int]{}},
		{"ListFloat", listFloat, "0.5,2", vars.List[vars.Float]{0.5, 2}},
		{"ListStringQuotesTrimmed", listString, `[token_transfer, "contract_call", 'smart_contract']`,
			vars.List[vars.Str]{"token_transfer", "contract_call", "smart_contract"}},
		{"ListStringEmpty", listString, "[]", vars.List[vars.Str]{}},
		{"ListDate", listDate, "2024-01-01,2024-02-29",
			vars.List[vars.Date]{{Time: day(2024, 1, 1)}, {Time: day(2024, 2, 29)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vars.Parse(tt.typ, tt.in)
			if err != nil {
				t.Fatalf("Parse(%s, %q): %v", tt.typ, tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%s, %q) (-want +got):\n%s", tt.typ, tt.in, diff)
			}
			if got.Type() != tt.typ {
				t.Errorf("Parse(%s, %q).Type() = %s", tt.typ, tt.in, got.Type())
			}
		})
	}
}

func TestParse_Errors(t *testing.T) {
	tests := []struct {
		name, in string
		typ      vars.Type
		want     string
	}{
		{"IntFraction", "1.5", vars.TypeInt, `want int, got "1.5"`},
		{"IntWord", "abc", vars.TypeInt, `want int, got "abc"`},
		{"IntEmpty", "", vars.TypeInt, `want int, got ""`},
		{"FloatWord", "one", vars.TypeFloat, `want a finite number, got "one"`},
		{"FloatInf", "inf", vars.TypeFloat, `want a finite number, got "inf"`},
		{"FloatNegInf", "-Infinity", vars.TypeFloat, `want a finite number, got "-Infinity"`},
		{"FloatNaN", "NaN", vars.TypeFloat, `want a finite number, got "NaN"`},
		{"FloatHex", "0x10", vars.TypeFloat, `want a finite number, got "0x10"`},
		{"FloatNegHex", "-0x1p4", vars.TypeFloat, `want a finite number, got "-0x1p4"`},
		{"FloatOverflow", "1e400", vars.TypeFloat, `want a finite number, got "1e400"`},
		{"Bool", "yes", vars.TypeBool, `want true or false, got "yes"`},
		{"DateMonth", "2024-13-01", vars.TypeDate, `want a date YYYY-MM-DD, got "2024-13-01"`},
		{"DateShape", "23/12/2024", vars.TypeDate, `want a date YYYY-MM-DD, got "23/12/2024"`},
		{"Timestamp", "yesterday", vars.TypeTimestamp,
			`want a timestamp like 2026-01-31T00:00:00Z or "2026-01-31 00:00:00", got "yesterday"`},
		{"ListItem", "15,x,60", listInt, `item 2: want int, got "x"`},
		{"ListEmptyItem", "15,,60", listInt, `item 2: want int, got ""`},
		{"ListSeveralItems", "a,1,b", listInt, "item 1: want int, got \"a\"\nitem 3: want int, got \"b\""},
		{"ListDate", "2024-01-01,soon", listDate, `item 2: want a date YYYY-MM-DD, got "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vars.Parse(tt.typ, tt.in)
			if err == nil {
				t.Fatalf("Parse(%s, %q) = %v, want error %q", tt.typ, tt.in, got, tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("Parse(%s, %q) error (-want +got):\n%s", tt.typ, tt.in, diff)
			}
		})
	}
}

func TestFromAny_Values(t *testing.T) {
	tests := []struct {
		name string
		typ  vars.Type
		in   any
		want vars.Value
	}{
		{"IntFromInt", vars.TypeInt, 365, vars.Int(365)},
		{"IntFromInt64", vars.TypeInt, int64(-2), vars.Int(-2)},
		{"IntFromUint64", vars.TypeInt, uint64(7), vars.Int(7)},
		{"IntFromLargeInt64", vars.TypeInt, int64(1)<<53 + 1, vars.Int(1<<53 + 1)},
		{"IntFromMaxInt", vars.TypeInt, math.MaxInt64, vars.Int(math.MaxInt64)},
		{"IntFromMinFloat", vars.TypeInt, -9.223372036854775808e18, vars.Int(-1 << 63)},
		{"IntFromWholeFloat", vars.TypeInt, 3.0, vars.Int(3)},
		{"IntFromString", vars.TypeInt, "12", vars.Int(12)},
		{"FloatFromInt", vars.TypeFloat, 10, vars.Float(10)},
		{"FloatFromFloat", vars.TypeFloat, 0.25, vars.Float(0.25)},
		{"FloatFromString", vars.TypeFloat, "2.5", vars.Float(2.5)},
		{"Bool", vars.TypeBool, true, vars.Bool(true)},
		{"BoolFromString", vars.TypeBool, "false", vars.Bool(false)},
		{"String", vars.TypeString, "contract_call", vars.Str("contract_call")},
		{"StringFromInt", vars.TypeString, 42, vars.Str("42")},
		{"StringFromFloat", vars.TypeString, 1.5, vars.Str("1.5")},
		{"DateFromString", vars.TypeDate, "2024-12-23", vars.Date{Time: day(2024, 12, 23)}},
		{"DateFromTime", vars.TypeDate, time.Date(2024, 12, 23, 18, 30, 0, 0, time.UTC),
			vars.Date{Time: day(2024, 12, 23)}},
		{"TimestampFromTime", vars.TypeTimestamp, time.Date(2026, 1, 1, 12, 0, 0, 0, time.FixedZone("x", 3600)),
			vars.Timestamp{Time: time.Date(2026, 1, 1, 11, 0, 0, 0, time.UTC)}},
		{"TimestampFromString", vars.TypeTimestamp, "2026-01-01 00:00:00",
			vars.Timestamp{Time: day(2026, 1, 1)}},
		{"ListInt", listInt, []any{15, 30, 60, 90}, vars.List[vars.Int]{15, 30, 60, 90}},
		{"ListIntEmpty", listInt, []any{}, vars.List[vars.Int]{}},
		{"ListFloatMixed", listFloat, []any{1, 2.5, "3"}, vars.List[vars.Float]{1, 2.5, 3}},
		{"ListString", listString, []any{"token_transfer", "contract_call"},
			vars.List[vars.Str]{"token_transfer", "contract_call"}},
		{"ListDate", listDate, []any{"2024-01-01", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)},
			vars.List[vars.Date]{{Time: day(2024, 1, 1)}, {Time: day(2024, 2, 1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vars.FromAny(tt.typ, tt.in)
			if err != nil {
				t.Fatalf("FromAny(%s, %#v): %v", tt.typ, tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromAny(%s, %#v) (-want +got):\n%s", tt.typ, tt.in, diff)
			}
		})
	}
}

func TestFromAny_Errors(t *testing.T) {
	tests := []struct {
		name string
		typ  vars.Type
		in   any
		want string
	}{
		{"IntFromFraction", vars.TypeInt, 1.5, "want int, got 1.5"},
		{"IntFromBool", vars.TypeInt, true, "want int, got true"},
		{"IntFromHugeFloat", vars.TypeInt, 1e20, "want int, got 1e+20"},
		{"IntFromHugeUint64", vars.TypeInt, uint64(1) << 63, "want int, got 9223372036854775808"},
		{"IntFromNull", vars.TypeInt, nil, "want int, got null"},
		{"IntFromList", vars.TypeInt, []any{1}, "want int, got a list"},
		{"StringFromMapping", vars.TypeString, map[string]any{"a": 1}, "want string, got a mapping"},
		{"BoolFromNumber", vars.TypeBool, 1, "want bool, got number 1"},
		{"DateFromNumber", vars.TypeDate, 20241223, "want date, got number 20241223"},
		{"DateFromBadString", vars.TypeDate, "2024-02-30", `want a date YYYY-MM-DD, got "2024-02-30"`},
		{"FloatFromString", vars.TypeFloat, "NaN", `want a finite number, got "NaN"`},
		{"FloatFromInf", vars.TypeFloat, math.Inf(1), "want a finite number, got +Inf"},
		{"FloatFromNaN", vars.TypeFloat, math.NaN(), "want a finite number, got NaN"},
		{"ListFloatInf", listFloat, []any{1.0, math.Inf(-1)}, "item 2: want a finite number, got -Inf"},
		{"ListFromScalar", listInt, 5, "want a list of int, got 5"},
		{"ListFromString", listString, "a,b", `want a list of string, got "a,b"`},
		{"ListFromNull", listInt, nil, "want a list of int, got null"},
		{"ListItems", listInt, []any{1, "x", 2.5}, "item 2: want int, got \"x\"\nitem 3: want int, got 2.5"},
		{"ListOfBool", vars.Type{Kind: vars.KindList, Elem: vars.KindBool}, []any{true}, "lists of bool are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vars.FromAny(tt.typ, tt.in)
			if err == nil {
				t.Fatalf("FromAny(%s, %#v) = %v, want error %q", tt.typ, tt.in, got, tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("FromAny(%s, %#v) error (-want +got):\n%s", tt.typ, tt.in, diff)
			}
		})
	}
}

func TestParseTimestamp_UTC(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-01-31T00:00:00Z", "2026-01-31T00:00:00Z"},
		{"2026-01-31T00:00:00.5-05:00", "2026-01-31T05:00:00.5Z"},
		{"2026-01-31 23:59", "2026-01-31T23:59:00Z"},
		{"2026-01-31T23:59:59", "2026-01-31T23:59:59Z"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := vars.ParseTimestamp(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Location() != time.UTC {
				t.Errorf("ParseTimestamp(%q) location = %v, want UTC", tt.in, got.Location())
			}
			if s := got.Format(time.RFC3339Nano); s != tt.want {
				t.Errorf("ParseTimestamp(%q) = %s, want %s", tt.in, s, tt.want)
			}
		})
	}
}
