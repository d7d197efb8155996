package service

import (
	"fmt"

	"github.com/onegraph/server/apperr"
)

// Machine is a state machine written as data: each state and the states
// it may move to. A state with no way out is final.
type Machine[S comparable] struct {
	what string
	next map[S][]S
}

// NewMachine builds a machine; every target must be a state of its own.
func NewMachine[S comparable](what string, next map[S][]S) Machine[S] {
	for from, tos := range next {
		for _, to := range tos {
			if _, ok := next[to]; !ok {
				panic(fmt.Sprintf("%s: %v moves to %v, which is not a state", what, from, to))
			}
		}
	}
	return Machine[S]{what: what, next: next}
}

// Can tells whether from may move to to.
func (m Machine[S]) Can(from, to S) bool {
	for _, s := range m.next[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Check refuses a move the machine does not have (INVALID_INPUT,
// BAD_TRANSITION).
func (m Machine[S]) Check(from, to S) error {
	if !m.Can(from, to) {
		return apperr.New(apperr.InvalidInput, apperr.ReasonBadTransition, "%s cannot go from %v to %v", m.what, from, to)
	}
	return nil
}

// Final tells whether nothing leaves s.
func (m Machine[S]) Final(s S) bool { return len(m.next[s]) == 0 }
