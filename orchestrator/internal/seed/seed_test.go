package seed_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/project"
	"github.com/wv-analytics/wv/orchestrator/internal/seed"
)

const path = "seeds/labels.csv"

func testSeed(cols ...string) *project.Seed {
	s := &project.Seed{Name: "labels", Path: path, ConfigPath: "seeds/labels.yml"}
	for _, c := range cols {
		name, typ, _ := strings.Cut(c, " ")
		s.Columns = append(s.Columns, project.Column{Name: name, Type: typ})
	}
	return s
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestRead_Rows(t *testing.T) {
	tests := []struct {
		name string
		seed *project.Seed
		csv  string
		want [][]any
	}{
		{"EveryType", testSeed("s varchar", "b bigint", "i integer", "d double", "ok boolean", "day date", "ts timestamp"),
			"s,b,i,d,ok,day,ts\n" +
				"hello,-9000000000,42,1.5,true,2024-12-23,2026-01-31 12:00:00\n" +
				"x,0,-2147483648,1e3,FALSE,2024-02-29,2026-01-31T12:00:00+01:00\n",
			[][]any{
				{"hello", int64(-9000000000), int64(42), 1.5, true, day(2024, 12, 23), time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)},
				{"x", int64(0), int64(-2147483648), 1000.0, false, day(2024, 2, 29), time.Date(2026, 1, 31, 11, 0, 0, 0, time.UTC)},
			}},
		{"HeaderTrimmed", testSeed("a varchar", "b bigint"), " a ,\tb \n1,2\n", [][]any{{"1", int64(2)}}},
		{"BOM", testSeed("a varchar", "b bigint"), "\ufeffa,b\nx,1\n", [][]any{{"x", int64(1)}}},
		{"BOMQuotedHeader", testSeed("a varchar", "b bigint"), "\ufeff\"a\",\"b\"\nx,1\n", [][]any{{"x", int64(1)}}},
		{"OtherOrder", testSeed("a varchar", "b bigint", "c boolean"), "c,a,b\ntrue,x,1\nf,y,2\n",
			[][]any{{"x", int64(1), true}, {"y", int64(2), false}}},
		{"EmptyCellsAreNull", testSeed("a varchar", "b bigint", "c date", "d double", "e boolean", "f timestamp"),
			"a,b,c,d,e,f\n,,,,,\n  , ,\t, , , \n",
			[][]any{{nil, nil, nil, nil, nil, nil}, {nil, nil, nil, nil, nil, nil}}},
		{"CellsTrimmed", testSeed("a varchar", "b bigint"), "a,b\n  x y  , 7 \n", [][]any{{"x y", int64(7)}}},
		{"QuotedCells", testSeed("a varchar", "b bigint"), "a,b\n\"x, \"\"y\"\"\",3\n\"multi\nline\",4\n",
			[][]any{{`x, "y"`, int64(3)}, {"multi\nline", int64(4)}}},
		{"HeaderOnly", testSeed("a varchar"), "a\n", nil},
		{"CRLF", testSeed("a varchar", "b bigint"), "a,b\r\nx,1\r\n", [][]any{{"x", int64(1)}}},
		{"BooleanSpellings", testSeed("b boolean"), "b\nTrue\n1\n0\nt\nF\n",
			[][]any{{true}, {true}, {false}, {true}, {false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := seed.Read(tt.seed, strings.NewReader(tt.csv), path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Seed != tt.seed {
				t.Errorf("Table.Seed = %p, want %p", got.Seed, tt.seed)
			}
			if diff := cmp.Diff(tt.want, got.Rows); diff != "" {
				t.Errorf("Rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRead_Errors(t *testing.T) {
	two := testSeed("address varchar", "label varchar")
	tests := []struct {
		name string
		seed *project.Seed
		csv  string
		want string
	}{
		{"EmptyFile", two, "", "seeds/labels.csv:1: empty file: want a header row (address,label)"},
		{"MissingColumn", two, "address\nx\n",
			`seeds/labels.csv:1: missing column "label" (the header must name: address,label)`},
		{"UnknownColumn", two, "address,lable\nx,y\n",
			"seeds/labels.csv:1: missing column \"label\" (the header must name: address,label)\n" +
				`seeds/labels.csv:1: unknown column "lable" (header field 2) (did you mean "label"?); seeds/labels.yml declares: address,label`},
		{"ExtraColumn", two, "address,label,notes\nx,y,z\n",
			`seeds/labels.csv:1: unknown column "notes" (header field 3); seeds/labels.yml declares: address,label`},
		{"DuplicateColumn", two, "address,label,address\nx,y,z\n",
			`seeds/labels.csv:1: column "address" appears twice in the header`},
		{"WrongFieldCount", two, "address,label\nx,y\nx\nx,y,z\n",
			"seeds/labels.csv:3: wrong number of fields (the header has a different count)\n" +
				"seeds/labels.csv:4: wrong number of fields (the header has a different count)"},
		{"BadQuote", two, "address,label\nx,\"y\n", "seeds/labels.csv:2: extraneous or missing \" in quoted-field"},
		{"BadBigint", testSeed("n bigint"), "n\n1\n1.5\n", `seeds/labels.csv:3: column n: "1.5" is not a BIGINT`},
		{"BadInteger", testSeed("n integer"), "n\n2147483648\n", `seeds/labels.csv:2: column n: "2147483648" is not an INTEGER`},
		{"BadDouble", testSeed("x double"), "x\nabc\n", `seeds/labels.csv:2: column x: "abc" is not a finite number`},
		{"Inf", testSeed("x double"), "x\ninf\n-Infinity\n",
			"seeds/labels.csv:2: column x: \"inf\" is not a finite number\n" +
				`seeds/labels.csv:3: column x: "-Infinity" is not a finite number`},
		{"NaN", testSeed("x double"), "x\nNaN\n", `seeds/labels.csv:2: column x: "NaN" is not a finite number`},
		{"HexFloat", testSeed("x double"), "x\n0x1p-2\n0X10\n",
			"seeds/labels.csv:2: column x: \"0x1p-2\" is not a finite number\n" +
				`seeds/labels.csv:3: column x: "0X10" is not a finite number`},
		{"BadDate", testSeed("d date"), "d\n2024-02-30\n23/12/2024\n",
			"seeds/labels.csv:2: column d: \"2024-02-30\" is not a date (want YYYY-MM-DD)\n" +
				`seeds/labels.csv:3: column d: "23/12/2024" is not a date (want YYYY-MM-DD)`},
		{"BadBool", testSeed("b boolean"), "b\nyes\n", `seeds/labels.csv:2: column b: "yes" is not true or false`},
		{"BadTimestamp", testSeed("ts timestamp"), "ts\nnoon\n",
			`seeds/labels.csv:2: column ts: want a timestamp like 2026-01-31T00:00:00Z or "2026-01-31 00:00:00", got "noon"`},
		{"UnsupportedType", testSeed("x money"), "x\n1\n", `seeds/labels.csv:2: column x: unsupported type "money"`},
		{"LineOfRecordAfterMultilineCell", testSeed("a varchar", "n bigint"), "a,n\n\"two\nlines\",1\nx,oops\n",
			`seeds/labels.csv:4: column n: "oops" is not a BIGINT`},
		{"SeveralCellsOneRow", testSeed("n bigint", "d date"), "n,d\nx,y\n",
			"seeds/labels.csv:2: column n: \"x\" is not a BIGINT\n" +
				`seeds/labels.csv:2: column d: "y" is not a date (want YYYY-MM-DD)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := seed.Read(tt.seed, strings.NewReader(tt.csv), path, nil)
			if err == nil {
				t.Fatalf("Read succeeded, want error:\n%s", tt.want)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRead_ErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("n\n")
	for i := range 25 {
		fmt.Fprintf(&b, "bad%d\n", i)
	}
	_, err := seed.Read(testSeed("n bigint"), strings.NewReader(b.String()), path, nil)
	if err == nil {
		t.Fatal("Read succeeded, want errors")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 21 {
		t.Fatalf("got %d error lines, want 20 plus a summary:\n%s", len(lines), err)
	}
	want := []string{
		`seeds/labels.csv:2: column n: "bad0" is not a BIGINT`,
		`seeds/labels.csv:21: column n: "bad19" is not a BIGINT`,
		"seeds/labels.csv: ... and 5 more problems",
	}
	if diff := cmp.Diff(want, []string{lines[0], lines[19], lines[20]}); diff != "" {
		t.Errorf("capped errors (-want +got):\n%s", diff)
	}
}

func TestRead_ValidRowsKeptWithErrors(t *testing.T) {
	got, err := seed.Read(testSeed("n bigint"), strings.NewReader("n\n1\nx\n3\n"), path, nil)
	if err == nil {
		t.Fatal("Read succeeded, want an error")
	}
	if diff := cmp.Diff([][]any{{int64(1)}, {nil}, {int64(3)}}, got.Rows); diff != "" {
		t.Errorf("Rows (-want +got):\n%s", diff)
	}
}

func TestCell(t *testing.T) {
	tests := []struct {
		typ, text string
		want      any
	}{
		{"varchar", " a b ", "a b"},
		{"bigint", "9223372036854775807", int64(9223372036854775807)},
		{"integer", "2147483647", int64(2147483647)},
		{"double", "-0.25", -0.25},
		{"double", "1E-3", 0.001},
		{"boolean", "TRUE", true},
		{"date", "2024-12-23", day(2024, 12, 23)},
		{"timestamp", "2026-01-31", day(2026, 1, 31)},
		{"bigint", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"/"+tt.text, func(t *testing.T) {
			got, err := seed.Cell(tt.typ, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Cell(%q, %q) (-want +got):\n%s", tt.typ, tt.text, diff)
			}
		})
	}
}
