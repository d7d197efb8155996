// Package enum maps each enumeration between its GraphQL name and the code
// the database (and the legacy APIs, which share it) store. Every code is
// written out, never derived from a position, so reordering an enum in the
// SDL cannot change what is stored.
package enum

import "fmt"

// Codec is a two-way mapping between names and codes.
type Codec[C comparable] struct {
	what   string
	names  []string
	byName map[string]C
	byCode map[C]string
}

// Pair is one name and its code.
type Pair[C comparable] struct {
	Name string
	Code C
}

// New builds a codec; a name or a code given twice is a programming error.
func New[C comparable](what string, pairs ...Pair[C]) *Codec[C] {
	c := &Codec[C]{what: what, byName: make(map[string]C, len(pairs)), byCode: make(map[C]string, len(pairs))}
	for _, p := range pairs {
		if _, dup := c.byName[p.Name]; dup {
			panic(fmt.Sprintf("enum %s: name %s twice", what, p.Name))
		}
		if _, dup := c.byCode[p.Code]; dup {
			panic(fmt.Sprintf("enum %s: code %v twice", what, p.Code))
		}
		c.names = append(c.names, p.Name)
		c.byName[p.Name], c.byCode[p.Code] = p.Code, p.Name
	}
	return c
}

// Code returns the code of a name.
func (c *Codec[C]) Code(name string) (C, error) {
	code, ok := c.byName[name]
	if !ok {
		return code, fmt.Errorf("%s: unknown name %q", c.what, name)
	}
	return code, nil
}

// Name returns the name of a code.
func (c *Codec[C]) Name(code C) (string, error) {
	name, ok := c.byCode[code]
	if !ok {
		return "", fmt.Errorf("%s: unknown code %v", c.what, code)
	}
	return name, nil
}

// Names lists the names in the order they were given.
func (c *Codec[C]) Names() []string { return append([]string(nil), c.names...) }

// Valid tells whether code has a name.
func (c *Codec[C]) Valid(code C) bool {
	_, ok := c.byCode[code]
	return ok
}
