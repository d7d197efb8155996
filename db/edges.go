package db

import "github.com/onegraph/server/apperr"

// Edge helpers: a list's edges are read in one statement per edge for all
// its rows, then set on each row here.

// keysOf returns the distinct keys of the rows, in first-seen order.
func keysOf[T any](rows []*T, key func(*T) int64) []int64 {
	seen := make(map[int64]bool, len(rows))
	keys := make([]int64, 0, len(rows))
	for _, r := range rows {
		if k := key(r); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// attachOne sets each row's to-one edge to the target whose id is the
// row's key; a key with no target is NOT_FOUND of what (a broken reference).
func attachOne[R, T any](rows []*R, key func(*R) int64, targets []*T, id func(*T) int64, set func(*R, *T), what apperr.Entity) error {
	byID := make(map[int64]*T, len(targets))
	for _, t := range targets {
		byID[id(t)] = t
	}
	for _, r := range rows {
		t, ok := byID[key(r)]
		if !ok {
			return apperr.Missing(what, key(r))
		}
		set(r, t)
	}
	return nil
}

// attachMany sets each row's to-many edge to the children whose parent is
// the row, keeping the children's order; a row with none gets an empty list.
func attachMany[R, C any](rows []*R, key func(*R) int64, children []*C, parent func(*C) int64, set func(*R, []*C)) {
	byParent := make(map[int64][]*C, len(rows))
	for _, c := range children {
		byParent[parent(c)] = append(byParent[parent(c)], c)
	}
	for _, r := range rows {
		cs := byParent[key(r)]
		if cs == nil {
			cs = []*C{}
		}
		set(r, cs)
	}
}

// joinedOne checks a to-one edge read by a join (bun's Relation, a LEFT
// JOIN, leaves the edge nil when its row is not there): a row whose key
// found no target is NOT_FOUND of what (a broken reference), as attachOne
// has it.
func joinedOne[R, T any](rows []*R, key func(*R) int64, target func(*R) *T, what apperr.Entity) error {
	for _, r := range rows {
		if target(r) == nil {
			return apperr.Missing(what, key(r))
		}
	}
	return nil
}
