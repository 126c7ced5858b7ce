package report

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestKindFormat(t *testing.T) {
	tests := []struct {
		name string
		k    kind
		v    any
		unit bool
		want string
	}{
		{"Null", kindSTX, nil, true, "—"},
		{"NaN", kindNum, math.NaN(), false, "—"},
		{"Zero", kindNum, 0.0, false, "0"},
		{"Small", kindSTX, 0.0899276, true, "0.08993 STX"},
		{"Tiny", kindBTC, 0.000705430859, true, "0.0007054 BTC"},
		{"Tens", kindSTX, 49.868707, false, "49.87"},
		{"Large", kindNum, 12345.678, false, "12,346"},
		{"Negative", kindNum, -0.0030323901, false, "-0.003032"},
		{"NoTrailingZeros", kindNum, 0.5, false, "0.5"},
		{"Int", kindCount, int64(1234567), false, "1,234,567"},
		{"Int32", kindCount, int32(7), false, "7"},
		{"HugeInt", kindCount, big.NewInt(2400), false, "2,400"},
		{"Pct", kindPct, 39.097744, false, "39.1%"},
		{"Frac", kindFrac, 0.2526, false, "25.3%"},
		{"Mult", kindMult, 0.8219, false, "0.82×"},
		{"Days", kindDays, int64(30), false, "30d"},
		{"SatsAsBTC", kindSats, int64(1391334635), true, "13.91 BTC"},
		{"BTCInSats", kindInSat, 9.605e-7, true, "96.05 sats"},
		{"Date", kindDate, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), false, "2026-06-30"},
		{"Text", kindText, "<b>", false, "<b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.k.format(tt.v, tt.unit)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("format(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestKindFormat_NotANumber(t *testing.T) {
	if _, err := kindSTX.format("12", true); err == nil {
		t.Error("formatting a string as STX: no error")
	}
	if _, err := kindDate.format(12, false); err == nil {
		t.Error("formatting a number as a date: no error")
	}
}

func TestUSDText(t *testing.T) {
	for in, want := range map[float64]string{4.138505: "$4.14", 1234.5: "$1,234.50", 0.17531: "$0.1753", -2: "-$2.00", 0: "$0"} {
		if got := usdText(in); got != want {
			t.Errorf("usdText(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 0.0008, []float64{0, 0.0002, 0.0004, 0.0006, 0.0008}},
		{0, 1.1, []float64{0, 0.25, 0.5, 0.75, 1, 1.25}},
		{0, 100, []float64{0, 20, 40, 60, 80, 100}},
		{0, 0, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{-3, 7, []float64{-4, -2, 0, 2, 4, 6, 8}},
	}
	for _, tt := range tests {
		got, _, _ := niceTicks(tt.lo, tt.hi, 5)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("niceTicks(%v, %v) (-want +got):\n%s", tt.lo, tt.hi, diff)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	from := dayOf(time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC))
	to := dayOf(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	var labels []string
	for _, tk := range timeTicks(from, to, scale{from, to, 0, 576}.at) {
		labels = append(labels, tk.label)
	}
	want := []string{"Dec 2025", "Feb 2026", "Apr", "Jun", "Aug", "Oct"}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("month labels (-want +got):\n%s", diff)
	}
}

func TestBucket(t *testing.T) {
	for v, want := range map[float64]int{0: 0, 4.99: 0, 5: 1, 49.9: 6, 74.9: 8, 75: 9, 100: 9} {
		if got := bucket(v); got != want {
			t.Errorf("bucket(%v) = %d, want %d", v, got, want)
		}
	}
}
