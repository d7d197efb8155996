package scalar

import (
	"encoding/json"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/apperr"
)

// Money is an amount in fen (0.01 yuan) in Go and the store, and yuan with
// two decimals on the wire, so no amount ever passes through a float.

// MarshalMoney writes fen as a JSON number of yuan with two decimals.
func MarshalMoney(fen int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, FormatMoney(fen)) //nolint:errcheck // gqlgen's writer pattern
	})
}

// FormatMoney writes fen as yuan with two decimals: 688593 is "6885.93".
func FormatMoney(fen int64) string {
	sign, abs := "", uint64(fen)
	if fen < 0 {
		sign, abs = "-", uint64(-fen)
	}
	return sign + strconv.FormatUint(abs/100, 10) + "." + strconv.FormatUint(abs%100+100, 10)[1:]
}

// UnmarshalMoney reads yuan given as a number or a numeric string with at
// most two decimals, exactly: the decimal text is read, not a float.
func UnmarshalMoney(v any) (int64, error) {
	var text string
	switch v := v.(type) {
	case json.Number:
		text = v.String()
	case string:
		text = strings.TrimSpace(v)
	case int64:
		text = strconv.FormatInt(v, 10)
	case int:
		text = strconv.Itoa(v)
	case float64: // a literal in a document; its shortest form is its decimal text
		text = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ParseMoney(text)
}

// ParseMoney reads decimal yuan text ("6885.93", "-1.5", "12") as fen;
// only plain decimals (no exponent, fraction, base prefix or underscore,
// which big.Rat would read).
func ParseMoney(text string) (int64, error) {
	r, ok := new(big.Rat).SetString(text)
	if !ok || !plainDecimal.MatchString(text) {
		return 0, apperr.Invalidf("%q is not an amount of money", text)
	}
	fen := r.Mul(r, big.NewRat(100, 1))
	if !fen.IsInt() || !fen.Num().IsInt64() || math.Abs(float64(fen.Num().Int64())) > maxFen {
		return 0, apperr.Invalidf("%q is not an amount of money with at most two decimals", text)
	}
	return fen.Num().Int64(), nil
}

var plainDecimal = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// maxFen bounds an amount: a trillion yuan is beyond any merchant.
const maxFen = 1e14
