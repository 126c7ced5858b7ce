// Package stacks knows the text forms of Stacks principals: c32check addresses ("SP...") and
// contract identifiers ("SP....name"). It follows stacks-core's stacks-common/src/address/c32.rs
// byte for byte, including how leading zero bytes are written.
package stacks

import (
	"crypto/sha256"
	"fmt"
	"slices"
)

// alphabet is Crockford's base 32 as c32 uses it: digits and upper-case letters without I, L, O, U.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Address versions of standard principals: the second letter of the address.
const (
	MainnetSingleSig byte = 22 // SP
	MainnetMultiSig  byte = 20 // SM
	TestnetSingleSig byte = 26 // ST
	TestnetMultiSig  byte = 21 // SN
)

// Address returns the c32check address "S" + version + c32(hash160 + checksum), where the
// checksum is the first 4 bytes of sha256(sha256(version + hash160)). version must be below 32
// (one c32 digit); Address panics otherwise, as that is a programming error.
func Address(version byte, hash160 [20]byte) string {
	if version >= 32 {
		panic(fmt.Sprintf("stacks: address version %d is not a c32 digit", version))
	}
	var data [24]byte
	copy(data[:], hash160[:])
	sum := checksum(version, hash160[:])
	copy(data[20:], sum[:])
	return "S" + string(alphabet[version]) + c32Encode(data[:])
}

func checksum(version byte, hash160 []byte) [4]byte {
	first := sha256.Sum256(append([]byte{version}, hash160...))
	second := sha256.Sum256(first[:])
	return [4]byte(second[:4])
}

// c32Encode writes in as a big-endian base-32 number, then one '0' per leading zero byte of in
// (the number itself drops them).
func c32Encode(in []byte) string {
	out := make([]byte, 0, len(in)*8/5+2+len(in))
	var carry byte
	var carryBits uint
	for i := len(in) - 1; i >= 0; i-- {
		v := in[i]
		low := v & (1<<(5-carryBits) - 1)
		out = append(out, alphabet[low<<carryBits+carry])
		carryBits += 3
		carry = v >> (8 - carryBits)
		if carryBits >= 5 {
			out = append(out, alphabet[carry&31])
			carryBits -= 5
			carry >>= 5
		}
	}
	if carryBits > 0 {
		out = append(out, alphabet[carry])
	}
	for len(out) > 0 && out[len(out)-1] == '0' {
		out = out[:len(out)-1]
	}
	for _, v := range in {
		if v != 0 {
			break
		}
		out = append(out, '0')
	}
	slices.Reverse(out)
	return string(out)
}

// c32Decode is the inverse of c32Encode. s must hold only alphabet characters.
func c32Decode(s string) []byte {
	out := make([]byte, 0, len(s)*5/8+1)
	var carry uint16
	var carryBits uint
	for i := len(s) - 1; i >= 0; i-- {
		carry |= uint16(digit(s[i])) << carryBits
		carryBits += 5
		if carryBits >= 8 {
			out = append(out, byte(carry))
			carryBits -= 8
			carry >>= 8
		}
	}
	if carryBits > 0 {
		out = append(out, byte(carry))
	}
	for len(out) > 0 && out[len(out)-1] == 0 {
		out = out[:len(out)-1]
	}
	for i := 0; i < len(s) && s[i] == '0'; i++ {
		out = append(out, 0)
	}
	slices.Reverse(out)
	return out
}

// digit is the value of c32 character c, or -1.
func digit(c byte) int {
	for i := range len(alphabet) {
		if alphabet[i] == c {
			return i
		}
	}
	return -1
}
