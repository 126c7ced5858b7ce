package vars_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/vars"
)

func ptr(f float64) *float64 { return &f }

func TestBounds_Check(t *testing.T) {
	tests := []struct {
		name   string
		bounds vars.Bounds
		v      vars.Value
		want   string // "" means no error
	}{
		{"GTOK", vars.Bounds{GT: ptr(0)}, vars.Int(1), ""},
		{"GTEqual", vars.Bounds{GT: ptr(0)}, vars.Int(0), "0 must be > 0"},
		{"GTNegative", vars.Bounds{GT: ptr(0)}, vars.Int(-3), "-3 must be > 0"},
		{"GEEqual", vars.Bounds{GE: ptr(0)}, vars.Float(0), ""},
		{"GEBelow", vars.Bounds{GE: ptr(1)}, vars.Float(0.5), "0.5 must be >= 1"},
		{"LEEqual", vars.Bounds{LE: ptr(100)}, vars.Int(100), ""},
		{"LEAbove", vars.Bounds{LE: ptr(100)}, vars.Float(100.5), "100.5 must be <= 100"},
		{"GEAndLEInside", vars.Bounds{GE: ptr(0), LE: ptr(1)}, vars.Float(0.5), ""},
		{"GEAndLEAbove", vars.Bounds{GE: ptr(0), LE: ptr(1)}, vars.Float(2), "2 must be <= 1"},
		{"FractionalBound", vars.Bounds{GT: ptr(0.5)}, vars.Float(0.5), "0.5 must be > 0.5"},
		{"ListAllOK", vars.Bounds{GT: ptr(0)}, vars.List[vars.Int]{15, 30}, ""},
		{"ListElement", vars.Bounds{GT: ptr(0)}, vars.List[vars.Int]{15, 0, -1}, "0 must be > 0"},
		{"ListFloatElement", vars.Bounds{LE: ptr(1)}, vars.List[vars.Float]{0.5, 1.5}, "1.5 must be <= 1"},
		{"ListEmpty", vars.Bounds{GT: ptr(0)}, vars.List[vars.Int]{}, ""},
		{"NoBounds", vars.Bounds{}, vars.Int(-100), ""},
		{"NullNotChecked", vars.Bounds{GT: ptr(0)}, vars.Null{Of: vars.TypeInt}, ""},
		{"StringNotChecked", vars.Bounds{GT: ptr(0)}, vars.Str("x"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if err := tt.bounds.Check(tt.v); err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check(%v) (-want +got):\n%s", tt.v, diff)
			}
		})
	}
}

func TestParseOverride(t *testing.T) {
	tests := []struct {
		in      string
		want    vars.Override
		wantErr string
	}{
		{in: "max_days=30", want: vars.Override{Name: "max_days", Value: "30"}},
		{in: " max_days = 30", want: vars.Override{Name: "max_days", Value: " 30"}},
		{in: "windows=15,30", want: vars.Override{Name: "windows", Value: "15,30"}},
		{in: "expr=a=b", want: vars.Override{Name: "expr", Value: "a=b"}},
		{in: "label=", want: vars.Override{Name: "label", Value: ""}},
		{in: "max_days", wantErr: `--vars "max_days": want key=value`},
		{in: "=30", wantErr: `--vars "=30": want key=value`},
		{in: " =30", wantErr: `--vars " =30": want key=value`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := vars.ParseOverride(tt.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if diff := cmp.Diff(tt.wantErr, gotErr); diff != "" {
				t.Fatalf("ParseOverride(%q) error (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseOverride(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// testDefs mirrors a slice of the real wv.yml.
func testDefs() []vars.Def {
	return []vars.Def{
		{Name: "as_of", Type: vars.TypeTimestamp, DefaultNow: true},
		{Name: "data_start", Type: vars.TypeDate, Default: vars.Date{Time: day(2024, 12, 23)}},
		{Name: "max_days", Type: vars.TypeInt, Default: vars.Int(365), Bounds: vars.Bounds{GT: ptr(0)}},
		{Name: "windows", Type: listInt, Default: vars.List[vars.Int]{15, 30}, Bounds: vars.Bounds{GT: ptr(0)}},
		{Name: "band_days", Type: vars.TypeInt, Default: vars.Null{Of: vars.TypeInt}, Nullable: true, Bounds: vars.Bounds{GT: ptr(0)}},
		{Name: "funded_stx_min", Type: vars.TypeFloat, Default: vars.Float(10), Bounds: vars.Bounds{GE: ptr(0)}},
		{Name: "mature_only", Type: vars.TypeBool, Default: vars.Bool(true)},
		{Name: "user_tx_types", Type: listString, Default: vars.List[vars.Str]{"token_transfer"}},
		{Name: "label", Type: vars.TypeString, Default: vars.Str("wv")},
	}
}

// clock is a fixed "now" in a non-UTC zone with sub-second precision.
var clock = time.Date(2026, 2, 3, 14, 15, 16, 987_654_321, time.FixedZone("CET", 3600))

func TestResolve_Defaults(t *testing.T) {
	got, err := vars.Resolve(testDefs(), nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	want := vars.Values{
		"as_of":          vars.Timestamp{Time: time.Date(2026, 2, 3, 13, 15, 16, 0, time.UTC)},
		"data_start":     vars.Date{Time: day(2024, 12, 23)},
		"max_days":       vars.Int(365),
		"windows":        vars.List[vars.Int]{15, 30},
		"band_days":      vars.Null{Of: vars.TypeInt},
		"funded_stx_min": vars.Float(10),
		"mature_only":    vars.Bool(true),
		"user_tx_types":  vars.List[vars.Str]{"token_transfer"},
		"label":          vars.Str("wv"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Resolve (-want +got):\n%s", diff)
	}
}

func TestResolve_DefaultNowUsesClockTruncatedToSecond(t *testing.T) {
	got, err := vars.Resolve(testDefs(), nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	ts := got["as_of"].(vars.Timestamp)
	if ts.Location() != time.UTC || ts.Nanosecond() != 0 || !ts.Equal(clock.Truncate(time.Second)) {
		t.Errorf("as_of = %v, want %v in UTC", ts.Time, clock.Truncate(time.Second).UTC())
	}
	if diff := cmp.Diff("timestamp '2026-02-03 13:15:16'", ts.String()); diff != "" {
		t.Errorf("as_of SQL (-want +got):\n%s", diff)
	}
}

func TestResolve_Overrides(t *testing.T) {
	tests := []struct {
		name      string
		overrides []vars.Override
		want      map[string]string // var -> SQL literal
	}{
		{"Int", []vars.Override{{"max_days", "30"}}, map[string]string{"max_days": "30"}},
		{"LastWins", []vars.Override{{"max_days", "30"}, {"max_days", "60"}}, map[string]string{"max_days": "60"}},
		{"Timestamp", []vars.Override{{"as_of", "2026-01-31"}}, map[string]string{"as_of": "timestamp '2026-01-31 00:00:00'"}},
		{"TimestampKeepsFraction", []vars.Override{{"as_of", "2026-01-31T00:00:00.5Z"}},
			map[string]string{"as_of": "timestamp '2026-01-31 00:00:00.5'"}},
		{"Date", []vars.Override{{"data_start", "2025-01-01"}}, map[string]string{"data_start": "date '2025-01-01'"}},
		{"List", []vars.Override{{"windows", "7,14"}}, map[string]string{"windows": "[7, 14]"}},
		{"ListEmpty", []vars.Override{{"windows", "[]"}}, map[string]string{"windows": "cast([] as bigint[])"}},
		{"ListString", []vars.Override{{"user_tx_types", "contract_call, 'it''s'"}},
			map[string]string{"user_tx_types": "['contract_call', 'it''''s']"}},
		{"NullOnNullable", []vars.Override{{"band_days", "null"}}, map[string]string{"band_days": "cast(null as bigint)"}},
		{"NullableSet", []vars.Override{{"band_days", "15"}}, map[string]string{"band_days": "15"}},
		{"Float", []vars.Override{{"funded_stx_min", "0"}}, map[string]string{"funded_stx_min": "cast(0 as double)"}},
		{"Bool", []vars.Override{{"mature_only", "false"}}, map[string]string{"mature_only": "false"}},
		{"StringQuote", []vars.Override{{"label", "o'brien"}}, map[string]string{"label": "'o''brien'"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals, err := vars.Resolve(testDefs(), tt.overrides, clock)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for name := range tt.want {
				got[name] = vals[name].String()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Resolve (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolve_Errors(t *testing.T) {
	tests := []struct {
		name      string
		overrides []vars.Override
		want      string
	}{
		{"UnknownWithSuggestion", []vars.Override{{"max_dyas", "30"}},
			`--vars max_dyas: unknown var (did you mean "max_days"?)`},
		{"UnknownListsDeclared", []vars.Override{{"zzz", "1"}},
			"--vars zzz: unknown var (wv.yml declares: as_of, band_days, data_start, funded_stx_min, label, mature_only, max_days, user_tx_types, windows)"},
		{"WrongType", []vars.Override{{"max_days", "abc"}},
			`--vars max_days=abc: max_days is int: want int, got "abc"`},
		{"WrongTypeList", []vars.Override{{"windows", "15,x"}},
			`--vars windows=15,x: windows is list[int]: item 2: want int, got "x"`},
		{"BadTimestamp", []vars.Override{{"as_of", "now"}},
			`--vars as_of=now: as_of is timestamp: want a timestamp like 2026-01-31T00:00:00Z or "2026-01-31 00:00:00", got "now"`},
		{"Bound", []vars.Override{{"max_days", "0"}}, "--vars max_days=0: max_days is int: 0 must be > 0"},
		{"BoundOnListElement", []vars.Override{{"windows", "15,0"}}, "--vars windows=15,0: windows is list[int]: 0 must be > 0"},
		{"BoundOnFloat", []vars.Override{{"funded_stx_min", "-0.5"}},
			"--vars funded_stx_min=-0.5: funded_stx_min is float: -0.5 must be >= 0"},
		{"NullNotAllowed", []vars.Override{{"max_days", "null"}}, "--vars max_days=null: max_days is int: null is not allowed"},
		{"NullableStillBounded", []vars.Override{{"band_days", "0"}}, "--vars band_days=0: band_days is int: 0 must be > 0"},
		{"SeveralTogether", []vars.Override{{"max_days", "x"}, {"nope", "1"}, {"windows", "0"}, {"mature_only", "maybe"}},
			"--vars max_days=x: max_days is int: want int, got \"x\"\n" +
				"--vars nope: unknown var (did you mean \"note\"?)\n" +
				"--vars windows=0: windows is list[int]: 0 must be > 0\n" +
				"--vars mature_only=maybe: mature_only is bool: want true or false, got \"maybe\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defs := testDefs()
			if tt.name == "SeveralTogether" {
				defs = append(defs, vars.Def{Name: "note", Type: vars.TypeString, Default: vars.Str("")})
			}
			_, err := vars.Resolve(defs, tt.overrides, clock)
			if err == nil {
				t.Fatalf("Resolve(%v) succeeded, want error %q", tt.overrides, tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("Resolve error (-want +got):\n%s", diff)
			}
		})
	}
}
