package scalar

import (
	"bytes"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/apperr"
)

// The built-in String and Int, bound here (gqlgen.yml) so that every input
// of theirs, from a literal, a variable or a legacy route, is checked once.

// MarshalString writes a String as gqlgen does.
func MarshalString(s string) graphql.Marshaler { return graphql.MarshalString(s) }

// UnmarshalString reads a String input; it must be valid UTF-8 without NUL:
// Postgres refuses NUL in text, and invalid bytes would be stored as they
// are by SQLite and refused by Postgres. Invalid text that a JSON decoder
// would have mended is turned into NUL before decoding (MarkBadText).
func UnmarshalString(v any) (string, error) {
	s, err := graphql.UnmarshalString(v)
	if err != nil {
		return "", apperr.Invalidf("%s", err)
	}
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return "", errBadText
	}
	return s, nil
}

var errBadText = apperr.Invalidf("a string must be valid UTF-8 without NUL characters")

// MarshalInt writes an Int as gqlgen does.
func MarshalInt(i int) graphql.Marshaler { return graphql.MarshalInt(i) }

// UnmarshalInt reads an Int input in the 32-bit range the GraphQL spec
// gives Int; gqlgen's own Int takes any 64-bit value, and its validation
// does not check the range of literals.
func UnmarshalInt(v any) (int, error) {
	i, err := graphql.UnmarshalInt32(v)
	if err != nil {
		return 0, apperr.Invalidf("Int must be a 32-bit signed integer: %s", err)
	}
	return int(i), nil
}

// MarkBadText turns, in a JSON body, each invalid UTF-8 byte and each lone
// surrogate escape ("\ud800") into the escape \u0000. encoding/json, which
// gqlgen and the legacy routes decode with, would quietly read them as
// U+FFFD; as NUL they reach UnmarshalString, which refuses them in the
// caller's own format (a GraphQL error, a legacy envelope), so no surface
// needs a check of its own. Outside a string the escape is a syntax error,
// as the byte was. Forms are not JSON: their values keep their bytes, which
// UnmarshalString checks. The body is already bounded (app's limitBody);
// an error reading it is handed on after what was read.
func MarkBadText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); r.Body != nil && r.Body != http.NoBody &&
			mt != "application/x-www-form-urlencoded" && mt != "multipart/form-data" {
			raw, err := io.ReadAll(r.Body)
			rest := io.Reader(failing{err})
			if err == nil {
				rest = http.NoBody
			}
			r.Body = readCloser{io.MultiReader(bytes.NewReader(markBadText(raw, false)), rest), r.Body}
		}
		next.ServeHTTP(w, r)
	})
}

type readCloser struct {
	io.Reader
	io.Closer
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// MarkMended marks, in JSON written by json.Marshal, the \ufffd escapes it
// writes for invalid UTF-8 (a real U+FFFD it writes as it is), as
// MarkBadText marks bad text: for values that reach GraphQL without a JSON
// body (the legacy routes' forms and query strings, run in-process).
func MarkMended(raw []byte) []byte { return markBadText(raw, true) }

// markBadText returns b, or a copy with its bad text marked; mended: also
// the escape \ufffd.
func markBadText(b []byte, mended bool) []byte {
	var out []byte // nil until something is marked
	inString := false
	for i := 0; i < len(b); {
		n, bad := 1, false
		switch c := b[i]; {
		case c >= utf8.RuneSelf:
			var r rune
			r, n = utf8.DecodeRune(b[i:])
			bad = r == utf8.RuneError && n == 1
		case c == '"':
			inString = !inString
		case c == '\\' && inString:
			n, bad = escape(b[i:], mended)
		}
		if bad && out == nil {
			out = append(make([]byte, 0, len(b)+8), b[:i]...)
		}
		switch {
		case bad:
			out = append(out, `\u0000`...)
		case out != nil:
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	if out == nil {
		return b
	}
	return out
}

// escape reads the escape at the start of b: its length, and whether it is
// bad (a surrogate without its pair; with mended, \ufffd too).
func escape(b []byte, mended bool) (n int, bad bool) {
	r, ok := hex4(b)
	switch {
	case !ok && len(b) > 1 && b[1] >= utf8.RuneSelf:
		// No escape: JSON refuses the body, so it stays as it is.
		_, w := utf8.DecodeRune(b[1:])
		return 1 + w, false
	case !ok:
		return min(2, len(b)), false
	case !utf16.IsSurrogate(r):
		return 6, mended && r == utf8.RuneError
	case r < 0xDC00:
		if r2, ok := hex4(b[6:]); ok && r2 >= 0xDC00 && r2 <= 0xDFFF {
			return 12, false
		}
	}
	return 6, true
}

// hex4 reads a \uXXXX escape at the start of b.
func hex4(b []byte) (r rune, ok bool) {
	var v [2]byte
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	if _, err := hex.Decode(v[:], b[2:6]); err != nil {
		return 0, false
	}
	return rune(v[0])<<8 | rune(v[1]), true
}
