package stacks

import (
	"fmt"
	"strings"
)

// Contract names follow Clarity's CONTRACT_NAME_REGEX: a letter, then letters, digits, '-' or
// '_'. Deploys since Stacks 2.0 are limited to 40 characters, but nodes still accept contract
// principals with names of up to 128 bytes for backwards compatibility, and so do we: a
// validator of chain data must not reject what the chain accepts.
const maxContractName = 128

// ValidPrincipal reports whether s is a standard principal (an SP, SM, ST or SN address with a
// correct checksum, in canonical upper-case form) or a contract principal ("<address>.<name>").
// The error says what is wrong.
func ValidPrincipal(s string) error {
	addr, name, isContract := strings.Cut(s, ".")
	if _, _, err := ParseAddress(addr); err != nil {
		return err
	}
	if isContract {
		return validContractName(s, name)
	}
	return nil
}

// ParseAddress decodes a standard principal into its version byte and hash160.
func ParseAddress(s string) (version byte, hash160 [20]byte, err error) {
	if len(s) < 3 || s[0] != 'S' {
		return 0, hash160, fmt.Errorf("address %q: want \"S\", a network letter (P, M, T or N) and c32 data", s)
	}
	version = uint8(digit(s[1]))
	if version != MainnetSingleSig && version != MainnetMultiSig && version != TestnetSingleSig && version != TestnetMultiSig {
		return 0, hash160, fmt.Errorf("address %q: network letter %q is not P, M, T or N", s, s[1])
	}
	data := s[2:]
	for i := range len(data) {
		if digit(data[i]) < 0 {
			return 0, hash160, fmt.Errorf("address %q: character %q at offset %d is not c32 (0-9 and upper-case A-Z without I, L, O, U)", s, data[i], i+2)
		}
	}
	b := c32Decode(data)
	if len(b) != 24 {
		return 0, hash160, fmt.Errorf("address %q: wrong length: %d characters of data decode to %d bytes, want 24 (a 20-byte hash and a 4-byte checksum)", s, len(data), len(b))
	}
	copy(hash160[:], b)
	if sum := checksum(version, b[:20]); string(sum[:]) != string(b[20:]) {
		return 0, hash160, fmt.Errorf("address %q: bad checksum (a mistyped, missing or extra character?)", s)
	}
	if want := Address(version, hash160); want != s {
		return 0, hash160, fmt.Errorf("address %q: not in canonical form, want %q", s, want)
	}
	return version, hash160, nil
}

func validContractName(principal, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("contract principal %q: empty contract name after the dot", principal)
	case len(name) > maxContractName:
		return fmt.Errorf("contract principal %q: contract name has %d characters, at most %d", principal, len(name), maxContractName)
	case !isLetter(name[0]):
		return fmt.Errorf("contract principal %q: contract name must start with a letter", principal)
	}
	for i := range len(name) {
		if c := name[i]; !isLetter(c) && !('0' <= c && c <= '9') && c != '-' && c != '_' {
			return fmt.Errorf("contract principal %q: character %q in the contract name is not a letter, digit, '-' or '_'", principal, c)
		}
	}
	return nil
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
