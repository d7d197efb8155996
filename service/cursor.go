package service

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

// Cursor pages (the GraphQL connections): a list read first rows at a time
// after a cursor, the place of a row in the list's stable order (db.Key).
// A cursor is opaque to clients: base64url of a small versioned JSON that
// names its list, so one list's cursor is refused by another.

// CursorList is a list read by cursors: name goes into its cursors; key is
// a row's place in the order the list's store reads it in.
type CursorList[T any] struct {
	name string
	key  func(*T) db.Key
}

// idKey is the key of the lists ordered by id alone.
func idKey[T any](id func(*T) int64) func(*T) db.Key {
	return func(row *T) db.Key { return db.Key{ID: id(row)} }
}

// createdKey is the key of the lists ordered by creation time, then id.
func createdKey[T any](key func(*T) (time.Time, int64)) func(*T) db.Key {
	return func(row *T) db.Key {
		at, id := key(row)
		return db.Key{Time: at, ID: id}
	}
}

// The lists read by cursors, by their page fields' names.
var (
	PharmaOrderCursors = CursorList[db.PharmaOrder]{"pharmaOrders", idKey(func(o *db.PharmaOrder) int64 { return o.ID })}
	ShopGoodsCursors   = CursorList[db.ShopGoods]{"shopGoodsList",
		createdKey(func(g *db.ShopGoods) (time.Time, int64) { return g.CreatedAt, g.ID })}
	ShopOrderCursors = CursorList[db.ShopOrder]{"shopOrders",
		createdKey(func(o *db.ShopOrder) (time.Time, int64) { return o.CreatedAt, o.ID })}
	RestaurantCursors = CursorList[db.Restaurant]{"restaurants",
		createdKey(func(r *db.Restaurant) (time.Time, int64) { return r.CreatedAt, r.ID })}
	EnterpriseCursors = CursorList[db.Enterprise]{"enterprises", idKey(func(e *db.Enterprise) int64 { return e.ID })}
	ListingCursors    = CursorList[db.PartnerListing]{"partnerListings",
		idKey(func(l *db.PartnerListing) int64 { return l.ID })}
	PartnerCustomerCursors = CursorList[db.PartnerCustomer]{"partnerCustomers",
		idKey(func(c *db.PartnerCustomer) int64 { return c.ID })}
	RelationCursors = CursorList[db.PartnerRelation]{"partnerRelations",
		idKey(func(r *db.PartnerRelation) int64 { return r.ID })}
	DiscountCursors = CursorList[db.PartnerDiscount]{"partnerDiscounts",
		idKey(func(d *db.PartnerDiscount) int64 { return d.ID })}
	OrderLineCursors = CursorList[db.PartnerOrderLine]{"partnerOrderLines",
		createdKey(func(l *db.PartnerOrderLine) (time.Time, int64) { return l.CreatedAt, l.ID })}
	ReminderCursors = CursorList[db.PartnerReminder]{"partnerReminders",
		idKey(func(r *db.PartnerReminder) int64 { return r.ID })}
)

// cursorVersion is the layout of cursors; a cursor of another layout is
// refused as malformed.
const cursorVersion = 1

// cursor is what a cursor holds: its layout's version, its list's name and
// its row's key (T only for the lists ordered by time).
type cursor struct {
	V    int        `json:"v"`
	List string     `json:"l"`
	T    *time.Time `json:"t,omitempty"`
	ID   int64      `json:"id"`
}

// Page checks a cursor page request, first rows after the cursor after
// (nil: from the first row), and makes it the store's: one row more than
// first, which tells whether more follow (Slice). counted asks for the
// total of the list.
func (l CursorList[T]) Page(first int, after *string, counted bool) (*db.Paging, error) {
	if first < 1 || first > MaxPageSize {
		return nil, apperr.Invalidf("first must be between 1 and %d, got %d", MaxPageSize, first).At("first")
	}
	p := &db.Paging{Keyset: true, Size: first + 1, Uncounted: !counted}
	if after != nil {
		key, err := l.decode(*after)
		if err != nil {
			return nil, err
		}
		p.After = &key
	}
	return p, nil
}

func (l CursorList[T]) decode(s string) (db.Key, error) {
	var c cursor
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	if err != nil || c.V != cursorVersion || c.List != l.name {
		return db.Key{}, apperr.Invalidf("after is not a cursor of %s", l.name).At("after")
	}
	key := db.Key{ID: c.ID}
	if c.T != nil {
		key.Time = *c.T
	}
	return key, nil
}

// Cursor is the cursor of a row of the list.
func (l CursorList[T]) Cursor(row *T) string {
	key := l.key(row)
	c := cursor{V: cursorVersion, List: l.name, ID: key.ID}
	if !key.Time.IsZero() {
		c.T = &key.Time
	}
	raw, _ := json.Marshal(c) // a struct of plain fields always marshals
	return base64.RawURLEncoding.EncodeToString(raw)
}

// Slice is a page read with Page(first, ...): its first rows at most, and
// whether more follow.
func Slice[T any](rows []*T, first int) ([]*T, bool) {
	if len(rows) > first {
		return rows[:first], true
	}
	return rows, false
}
