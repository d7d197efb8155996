package httpx

import (
	"encoding/json"
	"math"
	"testing"

	orderedmap "github.com/wk8/go-ordered-map/v2"
)

// appendJSON writes what json.Marshal writes, ordered maps included.
func TestAppendJSONWritesWhatJSONMarshalWrites(t *testing.T) {
	inner := orderedmap.New[string, any]()
	inner.Set("z", json.Number("1"))
	inner.Set("a", []any{"<b>&</b>", nil, 1.5, true})
	outer := orderedmap.New[string, any]()
	outer.Set("id", 7)
	outer.Set("rows", []any{inner, map[string]any{"b": "\u2028", "a": []any{}}})
	for _, v := range []any{
		nil, "", "中文 \"quoted\" \\ \n", json.Number("-0.5e3"), 3, int64(math.MaxInt64), 0.1, false,
		map[string]any{}, map[string]any(nil), []any(nil), []string{"x"},
		map[string]any{"b": 1, "a": map[string]any{"d": nil, "c": "<"}, "é": []any{outer}},
		outer, struct {
			Name string `json:"name"`
		}{"n"},
	} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendJSON(nil, v)
		if err != nil || string(got) != string(want) {
			t.Errorf("appendJSON(%#v) = %s, %v; want %s", v, got, err, want)
		}
	}
	if _, err := appendJSON(nil, map[string]any{"x": math.NaN()}); err == nil {
		t.Error("NaN written, want an error")
	}
}
