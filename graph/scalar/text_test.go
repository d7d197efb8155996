package scalar

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMarkBadText(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":"ok"}`:                 `{"a":"ok"}`,
		"{\"a\":\"x\xffy\"}":         `{"a":"x\u0000y"}`,
		"{\"a\":\"\xe4\xb8\"}":       `{"a":"\u0000\u0000"}`, // a cut rune: each byte
		`{"a":"\ud800"}`:             `{"a":"\u0000"}`,
		`{"a":"\uDC00x"}`:            `{"a":"\u0000x"}`,
		`{"a":"\ud800\u0041"}`:       `{"a":"\u0000\u0041"}`,
		`{"a":"\ud800\ud83d\ude00"}`: `{"a":"\u0000\ud83d\ude00"}`,
		`{"a":"\ud83d\ude00"}`:       `{"a":"\ud83d\ude00"}`,
		`{"a":"\\ud800"}`:            `{"a":"\\ud800"}`,
		`{"a":"\"\ud800"}`:           `{"a":"\"\u0000"}`,
		`{"\ud800":1}`:               `{"\u0000":1}`,
		`{"a":1} \ud800`:             `{"a":1} \ud800`, // outside a string: JSON refuses it anyway
		"{\"a\":1}\xff":              `{"a":1}\u0000`,
		"{\"a\":\"\uFFFD\"}":         "{\"a\":\"\uFFFD\"}",
	} {
		if got := string(markBadText([]byte(in), false)); got != want {
			t.Errorf("markBadText(%q) = %q, want %q", in, got, want)
		}
	}
}

// json.Marshal writes invalid UTF-8 as the escape \ufffd and U+FFFD itself
// as its bytes; MarkMended marks the escape only.
func TestMarkMended(t *testing.T) {
	raw, _ := json.Marshal(map[string]string{"a": "x\xffy", "b": "\uFFFD", "c": `\ufffd`})
	want := `{"a":"x\u0000y","b":"` + "\uFFFD" + `","c":"\\ufffd"}`
	if got := string(MarkMended(raw)); got != want {
		t.Errorf("MarkMended(%s) = %s, want %s", raw, got, want)
	}
}

// Whatever the body, marking leaves JSON in valid UTF-8 that decodes to U+FFFD only
// where the body spelt U+FFFD itself, and does not change whether it is
// JSON.
func FuzzMarkBadText(f *testing.F) {
	for _, s := range []string{`{"a":"\ud800"}`, "{\"a\":\"\xff\"}", `["\\", "\ud83d\ude00", "\"\udfff"]`, `"\u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out := markBadText(b, false)
		if json.Valid(out) && !utf8.Valid(out) {
			t.Fatalf("%q marked as %q: not UTF-8", b, out)
		}
		if json.Valid(out) != json.Valid(b) {
			t.Fatalf("%q marked as %q: JSON validity changed", b, out)
		}
		var v any
		if json.Unmarshal(out, &v) == nil && !strings.Contains(string(b), "\uFFFD") && !strings.Contains(strings.ToLower(string(b)), `\ufffd`) {
			if raw, _ := json.Marshal(v); strings.Contains(string(raw), "\uFFFD") {
				t.Fatalf("%q marked as %q still decodes to U+FFFD", b, out)
			}
		}
	})
}
