package stacks

import (
	"encoding/hex"
	"strings"
	"testing"
)

func hash160(t *testing.T, s string) [20]byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 20 {
		t.Fatalf("bad test hash %q", s)
	}
	return [20]byte(b)
}

// The vectors of stacks-core's c32.rs test_addresses, plus the principal in the Clarity value
// 0x0516... of shared/reference/data-sources.md (delegate-to of a pox-4 call).
func TestAddress(t *testing.T) {
	tests := []struct {
		version byte
		hash    string
		want    string
	}{
		{22, "a46ff88886c2ef9762d970b4d2c63678835bd39d", "SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7"},
		{22, "0000000000000000000000000000000000000000", "SP000000000000000000002Q6VF78"},
		{22, "0000000000000000000000000000000000000001", "SP00000000000000000005JA84HQ"},
		{22, "1000000000000000000000000000000000000001", "SP80000000000000000000000000000004R0CMNV"},
		{22, "1000000000000000000000000000000000000000", "SP800000000000000000000000000000033H8YKK"},
		{0, "a46ff88886c2ef9762d970b4d2c63678835bd39d", "S02J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKPVKG2CE"},
		{0, "0000000000000000000000000000000000000000", "S0000000000000000000002AA028H"},
		{31, "0000000000000000000000000000000000000001", "SZ00000000000000000005HZ3DVN"},
		{20, "a46ff88886c2ef9762d970b4d2c63678835bd39d", "SM2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQVX8X0G"},
		{20, "1000000000000000000000000000000000000000", "SM80000000000000000000000000000000JGSYGV"},
		{26, "0000000000000000000000000000000000000001", "ST000000000000000000042DB08Y"},
		{26, "1000000000000000000000000000000000000001", "ST80000000000000000000000000000006BYJ4R4"},
		{21, "a46ff88886c2ef9762d970b4d2c63678835bd39d", "SN2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKP6D2ZK9"},
		{21, "1000000000000000000000000000000000000000", "SN800000000000000000000000000000006H75AK"},
		{22, "8207b8d68c1f2b56152f5a0b65848fbe2a5b53b7", "SP210FE6PHGFJPNGN5XD0PSC4HYZ2MPTKPY205A29"},
	}
	for _, tt := range tests {
		if got := Address(tt.version, hash160(t, tt.hash)); got != tt.want {
			t.Errorf("Address(%d, %s) = %s, want %s", tt.version, tt.hash, got, tt.want)
		}
	}
}

// c32.rs test_simple.
func TestC32Encode(t *testing.T) {
	tests := map[string]string{
		"a46ff88886c2ef9762d970b4d2c63678835bd39d": "MHQZH246RBQSERPSE2TD5HHPF21NQMWX",
		"": "",
		"0000000000000000000000000000000000000000": "00000000000000000000",
		"1000000000000000000000000000000000000001": "20000000000000000000000000000001",
		"01":       "1",
		"22":       "12",
		"0001":     "01",
		"000001":   "001",
		"00000001": "0001",
		"10":       "G",
		"0100":     "80",
		"1000":     "400",
		"010000":   "2000",
		"100000":   "10000",
		"01000000": "G0000",
		"10000000": "800000",
	}
	for in, want := range tests {
		b, _ := hex.DecodeString(in)
		got := c32Encode(b)
		if got != want {
			t.Errorf("c32Encode(%s) = %q, want %q", in, got, want)
		}
		if back := hex.EncodeToString(c32Decode(got)); back != in {
			t.Errorf("c32Decode(%q) = %s, want %s", got, back, in)
		}
	}
}

// Principals that appear in shared/reference/data-sources.md.
func TestValidPrincipal(t *testing.T) {
	for _, s := range []string{
		"SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N",
		"SP2JCTHSRJ3TTTCG3ACGJ2YK5SJD1KY777QGD4CGT",
		"SPE1CXQRSBCZ8WE3NYJ4TSV30X48NBZBKAMW1H9Q",
		"SPSABBQK05S7T1E85GZ6C57C009T8B7HJGRMN4K5",
		"SP210FE6PHGFJPNGN5XD0PSC4HYZ2MPTKPY205A29",
		"SP000000000000000000002Q6VF78",
		"SP000000000000000000002Q6VF78.pox-4",
		"SM3VDXK3WZZSA84XXFKAFAF15NNZX32CTSG82JFQ4.sbtc-token",
		"ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RQ.my_contract-2",
		"SP2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKNRV9EJ7." + strings.Repeat("a", 128),
	} {
		if err := ValidPrincipal(s); err != nil {
			t.Errorf("ValidPrincipal(%s): %v", s, err)
		}
	}
}

func TestValidPrincipalErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5M", "bad checksum"},                          // last char changed
		{"SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5", "bad checksum"},                           // last char dropped
		{"SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5NN", "wrong length"},                         // extra char
		{"SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N2SAG0G05Y", "wrong length"},                 // far too long
		{"SP2SAG0G05", "wrong length"},                                                         // far too short
		{"SP2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYMUN", `character 'U' at offset 39 is not c32`}, // U is not c32
		{"sp2sag0g05yrej1yxsgd2emhwxnwch5yn09hxym5n", `want "S"`},
		{"SP2sag0g05yrej1yxsgd2emhwxnwch5yn09hxym5n", `character 's' at offset 3`},
		{"SX2SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N", `network letter 'X' is not P, M, T or N`},
		{"SP02SAG0G05YREJ1YXSGD2EMHWXNWCH5YN09HXYM5N", "wrong length"}, // extra leading zero
		{"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", `want "S"`},
		{"", `want "S"`},
		{"SP000000000000000000002Q6VF78.", "empty contract name"},
		{"SP000000000000000000002Q6VF78.4pox", "must start with a letter"},
		{"SP000000000000000000002Q6VF78.pox.4", `character '.' in the contract name`},
		{"SP000000000000000000002Q6VF78.po x", `character ' ' in the contract name`},
		{"SP000000000000000000002Q6VF78." + strings.Repeat("a", 129), "129 characters, at most 128"},
		{"SP000000000000000000002Q6VF79.pox-4", "bad checksum"},
	}
	for _, tt := range tests {
		err := ValidPrincipal(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidPrincipal(%q) = %v, want an error containing %q", tt.in, err, tt.want)
		}
	}
}

func TestParseAddressRoundTrip(t *testing.T) {
	h := hash160(t, "00000000000000000000000000000000000000ff")
	for _, v := range []byte{MainnetSingleSig, MainnetMultiSig, TestnetSingleSig, TestnetMultiSig} {
		s := Address(v, h)
		gotV, gotH, err := ParseAddress(s)
		if err != nil || gotV != v || gotH != h {
			t.Errorf("ParseAddress(%s) = %d, %x, %v; want %d, %x", s, gotV, gotH, err, v, h)
		}
	}
}
