// Package apperr is the one error vocabulary of the server. Stores and
// services return these; the GraphQL layer maps them once to error
// extensions and each legacy envelope maps them once to its own codes.
// Codes, reasons and entities are constants, so a mapping table that names
// one that does not exist fails to compile or fails its test (Known*).
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code is the kind of failure, as clients see it in `extensions.code`.
type Code string

const (
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	InvalidInput    Code = "INVALID_INPUT"
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	Unavailable     Code = "UNAVAILABLE"       // the database cannot be reached; try again later
	TooManyAttempts Code = "TOO_MANY_ATTEMPTS" // too many failed sign-ins; try again after RetryAfter
	Internal        Code = "INTERNAL"          // anything unexpected; logged, never detailed
	Timeout         Code = "TIMEOUT"           // the operation ran past its deadline
	// A document or operation over one of the request limits (README
	// "Limits and security"); it was not run.
	TokenLimit      Code = "TOKEN_LIMIT"
	DepthLimit      Code = "DEPTH_LIMIT"
	AliasLimit      Code = "ALIAS_LIMIT"
	DirectiveLimit  Code = "DIRECTIVE_LIMIT"
	FieldLimit      Code = "FIELD_LIMIT"
	ComplexityLimit Code = "COMPLEXITY_LIMIT"
	// SubscriptionLimit refuses a subscription past the most one websocket
	// connection may hold open.
	SubscriptionLimit Code = "SUBSCRIPTION_LIMIT"
	// CSRFRejected refuses a cookie-authenticated GraphQL request a page of
	// another site could have made the browser send.
	CSRFRejected Code = "CSRF_REJECTED"
	// PersistedQueryNotFound answers a request that names its document by
	// a hash the server does not know: an Apollo client then sends the
	// document with its hash (Automatic Persisted Queries).
	PersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND"
	// GraphQLValidation is gqlgen's code for a document or variables the
	// schema refuses; the server never returns it itself.
	GraphQLValidation Code = "GRAPHQL_VALIDATION_FAILED"
)

// Codes lists every code a client can see.
var Codes = []Code{NotFound, Conflict, InvalidInput, Unauthenticated, Forbidden, Unavailable, TooManyAttempts,
	Internal, Timeout, TokenLimit, DepthLimit, AliasLimit, DirectiveLimit, FieldLimit, ComplexityLimit, CSRFRejected,
	GraphQLValidation, SubscriptionLimit, PersistedQueryNotFound}

// Reason refines a code where clients must tell cases apart.
type Reason string

const (
	ReasonDuplicate       Reason = "DUPLICATE"        // a unique name is taken
	ReasonInUse           Reason = "IN_USE"           // another row still references it
	ReasonBadCredentials  Reason = "BAD_CREDENTIALS"  // unknown user or wrong password
	ReasonInactive        Reason = "INACTIVE"         // the account is disabled
	ReasonWrongRole       Reason = "WRONG_ROLE"       // the account may not use this app
	ReasonNoRole          Reason = "NO_ROLE"          // the account has no role in this app
	ReasonMissingRight    Reason = "MISSING_RIGHT"    // the role lacks the operation's right
	ReasonBuiltin         Reason = "BUILTIN"          // the built-in admin (or its role) cannot be changed so
	ReasonSelf            Reason = "SELF"             // an account cannot do this to itself (delete, disable)
	ReasonOutranked       Reason = "OUTRANKED"        // the target account or role holds a right the caller lacks
	ReasonNotImage        Reason = "NOT_IMAGE"        // an upload is not a picture
	ReasonTooLarge        Reason = "TOO_LARGE"        // an upload is too big (bytes or pixels)
	ReasonNotUpload       Reason = "NOT_UPLOAD"       // a picture path outside the temporary uploads
	ReasonBadTransition   Reason = "BAD_TRANSITION"   // the state machine does not go from here to there
	ReasonPriceMismatch   Reason = "PRICE_MISMATCH"   // a price differs from the goods' current one, or a total from its lines' sum
	ReasonNotUnder        Reason = "NOT_UNDER"        // an area is not under the city or area given with it
	ReasonNotOffered      Reason = "NOT_OFFERED"      // the station does not offer the sale menu
	ReasonOtherGroup      Reason = "OTHER_GROUP"      // the restaurant or binding is another group's to change
	ReasonLastBinding     Reason = "LAST_BINDING"     // it would leave the merchant in none of the caller's group's sale menus
	ReasonOutOfStock      Reason = "OUT_OF_STOCK"     // a listing has fewer units than a line asks for
	ReasonBlocked         Reason = "BLOCKED"          // the seller's black or white list bars the buyer from the goods
	ReasonWrongParty      Reason = "WRONG_PARTY"      // the move is the other side's of the order (buyer or seller)
	ReasonOtherEnterprise Reason = "OTHER_ENTERPRISE" // the caller acts for an enterprise not its own
	ReasonPartialReplay   Reason = "PARTIAL_REPLAY"   // some of an order's timestamps were seen, some not

	// ReasonUntrusted refuses, in trusted documents mode, a document that
	// is not in the manifest.
	ReasonUntrusted Reason = "UNTRUSTED_DOCUMENT"
)

// Reasons lists every reason.
var Reasons = []Reason{ReasonDuplicate, ReasonInUse, ReasonBadCredentials, ReasonInactive, ReasonWrongRole,
	ReasonNoRole, ReasonMissingRight, ReasonBuiltin, ReasonSelf, ReasonOutranked, ReasonNotImage, ReasonTooLarge, ReasonNotUpload, ReasonBadTransition,
	ReasonPriceMismatch, ReasonNotUnder, ReasonNotOffered, ReasonOtherGroup, ReasonLastBinding,
	ReasonOutOfStock, ReasonBlocked, ReasonWrongParty, ReasonOtherEnterprise, ReasonPartialReplay, ReasonUntrusted}

// Entity names the kind of thing a NOT_FOUND is about, in `extensions.entity`.
type Entity string

const (
	EntityAccount   Entity = "account"
	EntityCustomer  Entity = "customer"
	EntityMedicine  Entity = "medicine"
	EntityOrder     Entity = "order" // a pharma or a shop order: the operation says which
	EntityUser      Entity = "user"  // an account seen from the shop back office
	EntityRole      Entity = "role"
	EntityRight     Entity = "right"
	EntityCategory  Entity = "category"
	EntityAttribute Entity = "attribute"
	EntityGoods     Entity = "goods"
	EntityPicture   Entity = "picture"
	EntityUpload    Entity = "upload"
	// Merchant management.
	EntityCity            Entity = "city"
	EntityArea            Entity = "area"
	EntityStation         Entity = "station"
	EntityEmployee        Entity = "employee"
	EntitySaleMenu        Entity = "saleMenu"
	EntityLabel           Entity = "label"
	EntityMerchant        Entity = "merchant"
	EntityRestaurant      Entity = "restaurant"
	EntitySaleMenuBinding Entity = "saleMenuBinding"

	EntityEnterprise       Entity = "enterprise"
	EntityListing          Entity = "partnerListing" // a goods code of a seller
	EntityPartnerCustomer  Entity = "partnerCustomer"
	EntityRelation         Entity = "partnerRelation"
	EntityRelationKind     Entity = "relationKind"
	EntityDiscount         Entity = "partnerDiscount"
	EntityGoodsListEntry   Entity = "goodsListEntry"
	EntityPartnerOrder     Entity = "partnerOrder"
	EntityPartnerOrderLine Entity = "partnerOrderLine"
	EntityShipment         Entity = "shipment"
)

// Entities lists every entity.
var Entities = []Entity{EntityAccount, EntityCustomer, EntityMedicine, EntityOrder, EntityUser, EntityRole,
	EntityRight, EntityCategory, EntityAttribute, EntityGoods, EntityPicture, EntityUpload,
	EntityCity, EntityArea, EntityStation, EntityEmployee, EntitySaleMenu, EntityLabel, EntityMerchant, EntityRestaurant,
	EntitySaleMenuBinding, EntityEnterprise, EntityListing, EntityPartnerCustomer, EntityRelation, EntityRelationKind,
	EntityDiscount, EntityGoodsListEntry, EntityPartnerOrder, EntityPartnerOrderLine, EntityShipment}

// Error is a failure the caller can act on. Message is English and meant for
// developers; legacy envelopes choose their own wording from Code, Reason
// and Entity.
type Error struct {
	Code    Code
	Reason  Reason
	Entity  Entity // for NOT_FOUND: which kind of thing is missing
	Message string
	// Field is the input at fault, as a path of member names and list
	// indexes from 0 ("lines.2.price"), where a client must be told which
	// of many it sent: `extensions.field`.
	Field string
	// RetryAfter is, for TOO_MANY_ATTEMPTS, how long until the next attempt
	// is let through, in whole seconds.
	RetryAfter time.Duration
	cause      error // for UNAVAILABLE: what the driver said (logged, not shown)
}

func (e *Error) Error() string { return e.Message }

// At names the input at fault (Field), formatted; it returns e.
func (e *Error) At(format string, args ...any) *Error {
	e.Field = fmt.Sprintf(format, args...)
	return e
}

func (e *Error) Unwrap() error { return e.cause }

func New(code Code, reason Reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// Missing says that the entity what with this id does not exist.
func Missing(what Entity, id any) *Error {
	e := New(NotFound, "", "%s %v does not exist", what, id)
	e.Entity = what
	return e
}

func Invalidf(format string, args ...any) *Error {
	return New(InvalidInput, "", format, args...)
}

// Duplicate says that a unique value is taken.
func Duplicate(format string, args ...any) *Error {
	return New(Conflict, ReasonDuplicate, format, args...)
}

// Unreachable wraps a failure to reach the database.
func Unreachable(cause error) *Error {
	return &Error{Code: Unavailable, Message: "the database is unavailable, try again later", cause: cause}
}

// Throttled refuses what was attempted (the message says what) until
// retryAfter has passed, rounded up to whole seconds: never "in 0s".
func Throttled(what string, retryAfter time.Duration) *Error {
	retryAfter = (retryAfter + time.Second - 1).Truncate(time.Second)
	e := New(TooManyAttempts, "", "%s, try again in %v", what, retryAfter)
	e.RetryAfter = retryAfter
	return e
}

// As returns the *Error inside err, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is tells whether err is (or wraps) an *Error with this code.
func Is(err error, code Code) bool {
	e, ok := As(err)
	return ok && e.Code == code
}
