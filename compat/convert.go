package compat

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	orderedmap "github.com/wk8/go-ordered-map/v2"

	"github.com/onegraph/server/enum"
)

// reply turns the operation's data (objects as obj, numbers as float64;
// ids are GraphQL strings) into what the envelope carries.
type reply func(c *call, data any) (any, error)

// conv rewrites the member key of o into its legacy form. It reads only
// that member (whose own members are converted already) and may set others
// beside it.
type conv func(o obj, key string) error

// convs are a route's conversions by member name, at any depth.
type convs map[string]conv

// with is cv and one more conversion.
func (cv convs) with(key string, f conv) convs {
	out := maps.Clone(cv)
	out[key] = f
	return out
}

// shape converts the data and answers the member at path (dot-separated;
// "" for all of it).
func shape(path string, cv convs) reply {
	return func(_ *call, data any) (any, error) {
		if err := cv.apply(data); err != nil {
			return nil, err
		}
		for _, k := range strings.Split(path, ".") {
			if k != "" {
				data = member(data, k)
			}
		}
		return data, nil
	}
}

// member is v's member key, or nil where v is no object.
func member(v any, key string) any {
	m, _ := v.(obj)
	return m[key]
}

// apply converts v from the leaves up: each member's own members before
// the member. Members a conversion adds are not converted again.
func (cv convs) apply(v any) error {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if err := cv.apply(e); err != nil {
				return err
			}
		}
	case obj:
		for _, k := range slices.Collect(maps.Keys(v)) {
			if err := cv.apply(v[k]); err != nil {
				return err
			}
			if f := cv[k]; f != nil {
				if err := f(v, k); err != nil {
					return fmt.Errorf("%s: %w", k, err)
				}
			}
		}
	}
	return nil
}

// val is a conversion of the member's value alone.
func val(f func(v any) (any, error)) conv {
	return func(o obj, key string) (err error) {
		o[key], err = f(o[key])
		return err
	}
}

// chain applies conversions one after the other.
func chain(cs ...conv) conv {
	return func(o obj, key string) error {
		for _, f := range cs {
			if err := f(o, key); err != nil {
				return err
			}
		}
		return nil
	}
}

// legacyNum reads a GraphQL ID (a string) as the number legacy clients were
// sent; null and numbers stay as they are.
func legacyNum(v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return v, nil
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return json.Number(s), err
}

var (
	num = val(legacyNum) // an id
	// orZero is a parent id, 0 at the top level (null in GraphQL).
	orZero = val(func(v any) (any, error) {
		if v == nil {
			return 0, nil
		}
		return legacyNum(v)
	})
	// last is the last id of a list (a category path), or null.
	last = val(func(v any) (any, error) {
		list, _ := v.([]any)
		if len(list) == 0 {
			return nil, nil
		}
		return legacyNum(list[len(list)-1])
	})
	text = val(func(v any) (any, error) { return fmt.Sprint(v), nil }) // as some examples show numbers
	unix = onTime(func(t time.Time) any { return t.Unix() })           // unix seconds
	// lift replaces an object member by its own members.
	lift conv = func(o obj, key string) error {
		m, _ := o[key].(obj)
		delete(o, key)
		maps.Copy(o, m)
		return nil
	}
)

// named is an enum name in the words of names (a legacy label).
func named(names map[string]string) conv {
	return val(func(v any) (any, error) {
		name, ok := names[scalar(v)]
		if !ok {
			return nil, fmt.Errorf("no label for %v", v)
		}
		return name, nil
	})
}

// twoDecimals is an amount (a Money, which decodes as a float64) with exactly two
// decimals, 100.50 rather than 100.5, as the legacy servers wrote amounts.
// A float64 carries two decimals exactly in its shortest form below 2^53
// fen, so formatting it gives back the decimal text it was read from.
var twoDecimals = val(func(v any) (any, error) {
	f, ok := v.(float64)
	if !ok {
		return nil, fmt.Errorf("amount %v is no number", v)
	}
	return json.Number(strconv.FormatFloat(f, 'f', 2, 64)), nil
})

// code is an enum name as its legacy code.
func code[C comparable](codec *enum.Codec[C]) conv {
	return val(func(v any) (any, error) {
		s, _ := v.(string)
		return codec.Code(s)
	})
}

// flag is a boolean as the legacy values for true and false.
func flag(yes, no any) conv {
	return val(func(v any) (any, error) {
		if v == true {
			return yes, nil
		}
		return no, nil
	})
}

// copyTo sets the member name beside the key to the key's value.
func copyTo(name string) conv {
	return func(o obj, key string) error {
		o[name] = o[key]
		return nil
	}
}

// beside sets the member name beside the key to v.
func beside(name string, v any) conv {
	return func(o obj, _ string) error {
		o[name] = v
		return nil
	}
}

// unlessNull is f on a value that is not null.
func unlessNull(f conv) conv {
	return func(o obj, key string) error {
		if o[key] == nil {
			return nil
		}
		return f(o, key)
	}
}

// orMinusOne is a null id as -1, as the original wrote "no role".
var orMinusOne = val(func(v any) (any, error) {
	if v == nil {
		return -1, nil
	}
	return legacyNum(v)
})

// pluck is one member of an object member (null stays null).
func pluck(name string) conv {
	return val(func(v any) (any, error) { return member(v, name), nil })
}

// join writes a list as one string: its elements, or their member.
func join(name, sep string) conv {
	return val(func(v any) (any, error) {
		list, _ := v.([]any)
		parts := make([]string, len(list))
		for i, e := range list {
			if m, ok := e.(obj); ok {
				e = m[name]
			}
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, sep), nil
	})
}

// legacyTimestamp is how the legacy servers wrote times: UTC, milliseconds.
const legacyTimestamp = "2006-01-02T15:04:05.000Z"

// timeAs is a time in a layout, in a zone.
func timeAs(layout string, zone *time.Location) conv {
	return onTime(func(t time.Time) any { return t.In(zone).Format(layout) })
}

func onTime(f func(t time.Time) any) conv {
	return val(func(v any) (any, error) {
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		return f(t), err
	})
}

// inOrder writes an object whose members are all in one of orders in that
// order, as the legacy server wrote the objects it built from structs; any
// other alphabetically, as it (and encoding/json) wrote maps.
func inOrder(r reply, orders ...[]string) reply {
	return func(c *call, data any) (any, error) {
		v, err := r(c, data)
		return ordered(v, orders), err
	}
}

func ordered(v any, orders [][]string) any {
	switch v := v.(type) {
	case []any:
		for i, e := range v {
			v[i] = ordered(e, orders)
		}
	case obj:
		for k, e := range v {
			v[k] = ordered(e, orders)
		}
		for _, order := range orders {
			om := orderedmap.New[string, any](len(v))
			for _, k := range order {
				if e, ok := v[k]; ok {
					om.Set(k, e)
				}
			}
			if om.Len() > 0 && om.Len() == len(v) { // every member has its place
				return om
			}
		}
	}
	return v
}
