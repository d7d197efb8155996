package httpx

import (
	"encoding/json"
	"maps"
	"slices"

	orderedmap "github.com/wk8/go-ordered-map/v2"
)

// appendJSON appends v as json.Marshal writes it, in one pass. The legacy
// answers nest ordered maps (their members in the legacy servers' order)
// several levels deep; json.Marshal would marshal each ordered map's values
// on their own and compact every nested map's output again at each level
// above it, which cost the compat routes a sixth of their CPU.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '{')
		for i, k := range slices.Sorted(maps.Keys(v)) { // json.Marshal's order
			if b, err = appendMember(b, i, k, v[k]); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	case *orderedmap.OrderedMap[string, any]:
		b = append(b, '{')
		i := 0
		for p := v.Oldest(); p != nil; p = p.Next() {
			if b, err = appendMember(b, i, p.Key, p.Value); err != nil {
				return b, err
			}
			i++
		}
		return append(b, '}'), nil
	case []any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	}
	raw, err := json.Marshal(v)
	return append(b, raw...), err
}

func appendMember(b []byte, i int, key string, v any) ([]byte, error) {
	if i > 0 {
		b = append(b, ',')
	}
	b, err := appendJSON(b, key)
	if err != nil {
		return b, err
	}
	return appendJSON(append(b, ':'), v)
}
