package report

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// none is how a page shows NULL (and NaN).
const none = "—"

// number converts a query value to float64: ok is false for NULL and NaN; a value that is not
// a number is an error, so a template formatting the wrong column fails loudly.
func number(v any) (f float64, ok bool, err error) {
	switch x := v.(type) {
	case nil:
		return 0, false, nil
	case float64:
		f = x
	case float32:
		f = float64(x)
	case int:
		f = float64(x)
	case int8:
		f = float64(x)
	case int16:
		f = float64(x)
	case int32:
		f = float64(x)
	case int64:
		f = float64(x)
	case uint8:
		f = float64(x)
	case uint16:
		f = float64(x)
	case uint32:
		f = float64(x)
	case uint64:
		f = float64(x)
	case *big.Int:
		if x == nil {
			return 0, false, nil
		}
		f, _ = new(big.Float).SetInt(x).Float64()
	case interface{ Float64() float64 }: // DECIMAL
		f = x.Float64()
	default:
		return 0, false, fmt.Errorf("%v (%T) is not a number", v, v)
	}
	return f, !math.IsNaN(f), nil
}

// sig formats f with about four significant digits, thousands separators and no trailing
// zeros: 215.8, 0.08993, 0.0007054, 12,346.
func sig(f float64) string {
	if f == 0 || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	decimals := 3 - int(math.Floor(math.Log10(math.Abs(f))))
	decimals = max(decimals, 0)
	return group(trimZeros(strconv.FormatFloat(f, 'f', decimals, 64)))
}

// fixed formats f with a fixed number of decimals and thousands separators.
func fixed(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0.0"
	}
	return group(s)
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// group puts thousands separators into the integer part of a formatted number.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if hasFrac {
		whole += "." + frac
	}
	return sign + whole
}

// A kind says how a column's values are shown: in tables, tooltips and on axes.
type kind string

const (
	kindNum   kind = "num"    // four significant digits
	kindSTX   kind = "stx"    // STX amount
	kindBTC   kind = "btc"    // BTC amount
	kindSats  kind = "sats"   // sats, shown as BTC
	kindInSat kind = "insats" // BTC, shown in sats (small NV amounts)
	kindPct   kind = "pct"    // a percentage (0..100)
	kindFrac  kind = "frac"   // a fraction (0..1), shown as a percentage
	kindCount kind = "count"  // whole number
	kindMult  kind = "mult"   // a multiple, 0.82×
	kindDays  kind = "days"   // a window length, 30d
	kindDate  kind = "date"   // a day
	kindText  kind = "text"   // as is
)

var kinds = map[string]kind{}

func init() {
	for _, k := range []kind{kindNum, kindSTX, kindBTC, kindSats, kindInSat, kindPct, kindFrac, kindCount, kindMult, kindDays, kindDate, kindText} {
		kinds[string(k)] = k
	}
}

// display converts a stored value to the unit it is shown in (sats to BTC, fractions to %).
func (k kind) display(f float64) float64 {
	switch k {
	case kindSats:
		return f / 1e8
	case kindFrac:
		return f * 100
	case kindInSat:
		return f * 1e8
	}
	return f
}

// text formats a value already converted by display; unit adds the unit (STX, BTC).
func (k kind) text(f float64, unit bool) string {
	switch k {
	case kindPct, kindFrac:
		return fixed(f, 1) + "%"
	case kindCount:
		return fixed(f, 0)
	case kindMult:
		return fixed(f, 2) + "×"
	case kindDays:
		return fixed(f, 0) + "d"
	case kindSTX:
		return withUnit(sig(f), " STX", unit)
	case kindBTC, kindSats:
		return withUnit(sig(f), " BTC", unit)
	case kindInSat:
		return withUnit(sig(f), " sats", unit)
	}
	return sig(f)
}

func withUnit(s, u string, on bool) string {
	if on {
		return s + u
	}
	return s
}

// format shows one stored value of this kind; NULL is "—".
func (k kind) format(v any, unit bool) (string, error) {
	switch k {
	case kindText:
		return textOf(v), nil
	case kindDate:
		return dateOf(v)
	}
	f, ok, err := number(v)
	if err != nil || !ok {
		return none, err
	}
	return k.text(k.display(f), unit), nil
}

func textOf(v any) string {
	switch x := v.(type) {
	case nil:
		return none
	case time.Time:
		return x.UTC().Format(time.DateOnly)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func dateOf(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return none, nil
	case time.Time:
		return x.UTC().Format(time.DateOnly), nil
	}
	return "", fmt.Errorf("%v (%T) is not a date", v, v)
}

func timestampOf(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return none, nil
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04 UTC"), nil
	}
	return "", fmt.Errorf("%v (%T) is not a timestamp", v, v)
}

// usdText formats a dollar amount: $1,234.56, $0.1753.
func usdText(f float64) string {
	if math.Abs(f) >= 1 {
		return strings.Replace("$"+fixed(f, 2), "$-", "-$", 1)
	}
	return strings.Replace("$"+sig(f), "$-", "-$", 1)
}
