// Package apperr is the one error vocabulary of the server. Stores and
// resolvers return these; the GraphQL layer maps them once to error
// extensions and each legacy envelope maps them once to its own codes.
package apperr

import (
	"errors"
	"fmt"
)

// Code is the kind of failure, as clients see it in `extensions.code`.
type Code string

const (
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	InvalidInput    Code = "INVALID_INPUT"
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
)

// Reasons refine a code where clients must tell cases apart.
const (
	ReasonDuplicate      = "DUPLICATE"       // a unique name is taken
	ReasonInUse          = "IN_USE"          // another row still references it
	ReasonBadCredentials = "BAD_CREDENTIALS" // unknown user or wrong password
	ReasonInactive       = "INACTIVE"        // the account is disabled
	ReasonWrongRole      = "WRONG_ROLE"      // the account may not use this app
	ReasonNoRole         = "NO_ROLE"         // the account has no role in this app
	ReasonMissingRight   = "MISSING_RIGHT"   // the role lacks the operation's right
	ReasonBuiltin        = "BUILTIN"         // the built-in admin cannot be changed so
)

// Error is a failure the caller can act on. Message is English and meant for
// developers; legacy envelopes choose their own wording from Code and Reason.
type Error struct {
	Code    Code
	Reason  string
	Entity  string // for NOT_FOUND: which kind of thing is missing ("customer")
	Message string
}

func (e *Error) Error() string { return e.Message }

func New(code Code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// Missing says that the entity what with this id does not exist.
func Missing(what string, id any) *Error {
	e := New(NotFound, "", "%s %v does not exist", what, id)
	e.Entity = what
	return e
}

func Invalidf(format string, args ...any) *Error {
	return New(InvalidInput, "", format, args...)
}

// As returns the *Error inside err, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
