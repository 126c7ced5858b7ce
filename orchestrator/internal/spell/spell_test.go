package spell_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/spell"
)

func TestClosest(t *testing.T) {
	models := []string{"stg_transactions", "stg_blocks", "int_fees", "fees", "daily_fees"}
	tests := []struct {
		name, in   string
		candidates []string
		want       string
	}{
		{"OneTypo", "stg_blokcs", models, "stg_blocks"},
		{"SwapIsOneEdit", "lable", []string{"label", "address"}, "label"},
		{"SwapShortName", "fees", []string{"fese"}, "fese"},
		{"SwapInMiddle", "lbael", []string{"label"}, "label"},
		{"SwapNotReused", "abc", []string{"ca"}, ""},
		{"MissingLetter", "fes", models, "fees"},
		{"ExtraLetter", "feees", models, "fees"},
		{"Exact", "fees", models, "fees"},
		{"TooFar", "revenue", models, ""},
		{"ShortNameOneEdit", "ab", []string{"ax"}, "ax"},
		{"ShortNameTwoEdits", "ab", []string{"xy"}, ""},
		{"TieBrokenByName", "cat", []string{"hat", "bat", "cut"}, "bat"},
		{"NearestWins", "materialised", []string{"description", "materialized", "tags"}, "materialized"},
		{"LimitIsAThird", "abcdefghi", []string{"abcdefxyz"}, "abcdefxyz"},
		{"BeyondAThird", "abcdefghi", []string{"abcdewxyz"}, ""},
		{"NoCandidates", "fees", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spell.Closest(tt.in, tt.candidates); got != tt.want {
				t.Errorf("Closest(%q, %q) = %q, want %q", tt.in, tt.candidates, got, tt.want)
			}
		})
	}
}

func TestHint(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"max_dyas", ` (did you mean "max_days"?)`},
		{"nothing_like_it", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, spell.Hint(tt.in, []string{"max_days", "windows"})); diff != "" {
				t.Errorf("Hint(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
