package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/big"
	"strings"

	"github.com/wv-analytics/wv/orchestrator/internal/stacks"
)

// Kinds of derived identifiers; each kind is a separate namespace of hash32.
const (
	kindTx uint64 = iota + 1
	kindBlock
	kindBurnBlock
	kindOrphanBurnBlock
	kindWallet
	kindMiner
	kindSponsor
	kindRecipient
)

// hash32 derives 32 random-looking bytes from (seed, kind, n). The first 8 bytes are a
// bijection of n, so distinct n never collide within one seed and kind.
func hash32(seed, kind, n uint64) [32]byte {
	var out [32]byte
	w := mix(n ^ mix(seed^kind*0x9e3779b97f4a7c15))
	for i := range 4 {
		binary.BigEndian.PutUint64(out[i*8:], w)
		w = mix(w + 0x9e3779b97f4a7c15)
	}
	return out
}

// hexID is "0x" and 64 lower-case hex digits, the form of Stacks tx ids and block hashes.
func hexID(b [32]byte) string {
	var buf [66]byte
	buf[0], buf[1] = '0', 'x'
	hex.Encode(buf[2:], b[:])
	return string(buf[:])
}

// burnHashHex is a Bitcoin-looking block hash: 0x, 20 hex zeros (the proof of work), 44 hex.
func burnHashHex(b [32]byte) string {
	s := hexID(b)
	return "0x" + strings.Repeat("0", 20) + s[22:]
}

// address is the Stacks address of account n of a kind (wallet, miner, sponsor).
func address(seed, kind, n uint64, version byte) string {
	h := hash32(seed, kind, n)
	return stacks.Address(version, [20]byte(h[:20]))
}

// btcAddress is a Bitcoin address with a valid checksum: P2WPKH (bc1q...) for even n, P2SH
// (3...) for odd n, the two kinds PoX reward recipients mostly use.
func btcAddress(seed, n uint64) string {
	h := hash32(seed, kindRecipient, n)
	if n%2 == 0 {
		return bech32P2WPKH(h[:20])
	}
	return base58Check(0x05, h[:20])
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// bech32P2WPKH encodes a witness v0 key hash for mainnet (BIP 173).
func bech32P2WPKH(program []byte) string {
	data := []byte{0}
	acc, bits := 0, 0
	for _, b := range program {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			data = append(data, byte(acc>>bits&31))
		}
	}
	if bits > 0 {
		data = append(data, byte(acc<<(5-bits)&31))
	}
	values := append([]byte{3, 3, 0, 2, 3}, data...) // "bc" expanded
	polymod := bech32Polymod(append(values, 0, 0, 0, 0, 0, 0)) ^ 1
	var sb strings.Builder
	sb.WriteString("bc1")
	for _, d := range data {
		sb.WriteByte(bech32Charset[d])
	}
	for i := range 6 {
		sb.WriteByte(bech32Charset[polymod>>(5*(5-i))&31])
	}
	return sb.String()
}

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if top>>i&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// base58Check encodes version + payload + 4 checksum bytes in Bitcoin's base58.
func base58Check(version byte, payload []byte) string {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	data := append([]byte{version}, payload...)
	first := sha256.Sum256(data)
	second := sha256.Sum256(first[:])
	data = append(data, second[:4]...)
	n := new(big.Int).SetBytes(data)
	var out []byte
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, big.NewInt(58), mod)
		out = append(out, alphabet[mod.Int64()])
	}
	for _, b := range data {
		if b != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}
