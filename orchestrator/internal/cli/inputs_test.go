package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wv-analytics/wv/orchestrator/internal/cli"
)

// Two valid principals from the demo chain.
const (
	addrA = "SM111ZXZMV0W3STY0VCQ2VR5AHK2PR22GY9KQBXGS"
	addrB = "SM116TN80J9H0HC0ANSYJS181KMFSCZJWTV4NMS65"
)

// TestInputs_Invalid feeds each invalid CAC, channel-map and incentives file to `wv seed` and
// checks the message (file:line and the rule), the exit status, and that the warehouse is
// unchanged.
func TestInputs_Invalid(t *testing.T) {
	dir := copyProject(t)
	mustWV(t, dir, "migrate")
	mustWV(t, dir, "seed")
	before := seedHashes(t, dir)

	tests := []struct {
		name, flag, csv, want string
	}{
		{"missing file", "--cac-file", "", "--cac-file " + filepath.Join(dir, "in.csv") + ": no such file or directory"},
		{"missing header", "--cac-file", "channel\npaid\n", `in.csv:1: missing column "cac_stx"`},
		{"misspelt header", "--cac-file", "channel,cac_stk\npaid,1\n", `in.csv:1: unknown column "cac_stk" (header field 2) (did you mean "cac_stx"?)`},
		{"cac not a number", "--cac-file", "channel,cac_stx\npaid,abc\n", `in.csv:2: column cac_stx: "abc" is not a finite number`},
		{"cac infinite", "--cac-file", "channel,cac_stx\npaid,inf\n", `in.csv:2: column cac_stx: "inf" is not a finite number`},
		{"cac NaN", "--cac-file", "channel,cac_stx\npaid,NaN\n", `in.csv:2: column cac_stx: "NaN" is not a finite number`},
		{"cac negative", "--cac-file", "channel,cac_stx\npaid,-0.5\n", `in.csv:2: column cac_stx: -0.5 is below the minimum 0`},
		{"empty channel", "--cac-file", "channel,cac_stx\n,1\n", `in.csv:2: column channel: empty; it is required`},
		{"duplicate channel", "--cac-file", "channel,cac_stx\npaid,1\norganic,0\npaid,2\n", `in.csv:4: column channel: "paid" is listed twice (also on line 2); it must be unique`},
		{"not a principal", "--channel-map-file", "address,activation_date,channel\nSP123,2025-01-01,paid\n", `in.csv:2: column address: not a Stacks principal`},
		{"bad date", "--channel-map-file", "address,activation_date,channel\n" + addrA + ",2025-13-01,paid\n", `in.csv:2: column activation_date: "2025-13-01" is not a date (want YYYY-MM-DD)`},
		{"two channels", "--channel-map-file", "address,activation_date,channel\n" + addrA + ",,paid\n" + addrB + ",,paid\n" + addrA + ",,organic\n",
			`in.csv:4: address "` + addrA + `" has channel "organic" here and "paid" on line 2; each address has one channel`},
		{"negative incentive", "--incentives-file", "address,paid_date,amount_stx\n" + addrA + ",2025-02-01,-3\n", `in.csv:2: column amount_stx: -3 is below the minimum 0`},
		{"paid before coverage", "--incentives-file", "address,paid_date,amount_stx\n" + addrA + ",2024-12-22,3\n", `in.csv:2: column paid_date: 2024-12-22 is before 2024-12-23 (data_start), the earliest allowed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := filepath.Join(dir, "in.csv")
			os.Remove(in)
			if tt.csv != "" {
				if err := os.WriteFile(in, []byte(tt.csv), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var stdout, stderr bytes.Buffer
			code := cli.Main(context.Background(), []string{"--project-dir", dir, "seed", tt.flag, in}, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) || !strings.Contains(stderr.String(), "nothing was loaded") && tt.csv != "" {
				t.Errorf("stderr does not say %q (and that nothing was loaded):\n%s", tt.want, stderr.String())
			}
			if diff := cmp.Diff(before, seedHashes(t, dir)); diff != "" {
				t.Errorf("the warehouse changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestInputs_ReplaceSeed checks a valid file given by flag replaces the seed, headers trimmed.
func TestInputs_ReplaceSeed(t *testing.T) {
	dir := copyProject(t)
	mustWV(t, dir, "migrate")
	in := filepath.Join(dir, "cac.csv")
	os.WriteFile(in, []byte(" channel , cac_stx \npaid,1.5\norganic,0\n"), 0o644)
	mustWV(t, dir, "seed", "--cac-file", in)
	out, _ := mustWV(t, dir, "sql", "-f", "csv", "select channel, cac_stx from seed.cac_by_channel order by channel")
	if want := "channel,cac_stx\norganic,0\npaid,1.5\n"; out != want {
		t.Errorf("seed.cac_by_channel = %q, want %q", out, want)
	}
}

// seedHashes fingerprints every seed table.
func seedHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range []string{"cac_by_channel", "address_channel_map", "incentives"} {
		h, _ := mustWV(t, dir, "sql", "-f", "csv", "select count(*) || ':' || coalesce(md5(string_agg(cast(t as varchar), ',' order by cast(t as varchar))), '') from seed."+table+" t")
		out[table] = strings.Fields(h)[1]
	}
	return out
}
