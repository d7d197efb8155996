// Package scalar binds GraphQL scalars to Go types.
package scalar

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/apperr"
)

// MarshalInt64ID writes a database id as a GraphQL ID (a string).
func MarshalInt64ID(id int64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(strconv.FormatInt(id, 10))) //nolint:errcheck // gqlgen's writer pattern
	})
}

// UnmarshalInt64ID accepts an ID given as a string or a number.
func UnmarshalInt64ID(v any) (int64, error) {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	case int64:
		return v, nil
	case int:
		return int64(v), nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, apperr.Invalidf("%v is not an id", v)
	}
	return id, nil
}
