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
// a row's place in the order the list's store reads it in, with its time
// when timed (the list is ordered by time, then id).
type CursorList[T any] struct {
	name  string
	timed bool
	key   func(*T) db.Key
}

// idList is a list ordered by id alone.
func idList[T any](name string, id func(*T) int64) CursorList[T] {
	return CursorList[T]{name: name, key: func(row *T) db.Key { return db.Key{ID: id(row)} }}
}

// createdList is a list ordered by creation time, then id.
func createdList[T any](name string, key func(*T) (time.Time, int64)) CursorList[T] {
	return CursorList[T]{name: name, timed: true, key: func(row *T) db.Key {
		at, id := key(row)
		return db.Key{Time: &at, ID: id}
	}}
}

// The lists read by cursors, by their page fields' names.
var (
	PharmaOrderCursors = idList("pharmaOrders", func(o *db.PharmaOrder) int64 { return o.ID })
	ShopGoodsCursors   = createdList("shopGoodsList",
		func(g *db.ShopGoods) (time.Time, int64) { return g.CreatedAt, g.ID })
	ShopOrderCursors = createdList("shopOrders",
		func(o *db.ShopOrder) (time.Time, int64) { return o.CreatedAt, o.ID })
	RestaurantCursors = createdList("restaurants",
		func(r *db.Restaurant) (time.Time, int64) { return r.CreatedAt, r.ID })
	EnterpriseCursors      = idList("enterprises", func(e *db.Enterprise) int64 { return e.ID })
	ListingCursors         = idList("partnerListings", func(l *db.PartnerListing) int64 { return l.ID })
	PartnerCustomerCursors = idList("partnerCustomers", func(c *db.PartnerCustomer) int64 { return c.ID })
	RelationCursors        = idList("partnerRelations", func(r *db.PartnerRelation) int64 { return r.ID })
	DiscountCursors        = idList("partnerDiscounts", func(d *db.PartnerDiscount) int64 { return d.ID })
	OrderLineCursors       = createdList("partnerOrderLines",
		func(l *db.PartnerOrderLine) (time.Time, int64) { return l.CreatedAt, l.ID })
	ReminderCursors = idList("partnerReminders", func(r *db.PartnerReminder) int64 { return r.ID })
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

// decode reads a cursor of the list: exactly the fields of its layout,
// keyed as written (encoding/json would match keys ignoring case), with a
// time exactly when the list is timed, of a year the stores can hold.
func (l CursorList[T]) decode(s string) (db.Key, error) {
	refused := apperr.Invalidf("after is not a cursor of %s", l.name).At("after")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return db.Key{}, refused
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil || !l.layoutHas(fields) {
		return db.Key{}, refused
	}
	var c cursor
	if json.Unmarshal(raw, &c) != nil || c.V != cursorVersion || c.List != l.name || c.ID < 1 || (c.T != nil) != l.timed {
		return db.Key{}, refused
	}
	key := db.Key{ID: c.ID}
	if c.T != nil {
		at := c.T.UTC()
		if at.Year() < 1 || at.Year() > 9999 {
			return db.Key{}, refused
		}
		key.Time = &at
	}
	return key, nil
}

// layoutHas tells whether a cursor's fields are exactly its layout's.
func (l CursorList[T]) layoutHas(fields map[string]json.RawMessage) bool {
	want := []string{"v", "l", "id"}
	if l.timed {
		want = append(want, "t")
	}
	for _, name := range want {
		if _, ok := fields[name]; !ok {
			return false
		}
	}
	return len(fields) == len(want)
}

// Cursor is the cursor of a row of the list.
func (l CursorList[T]) Cursor(row *T) string {
	key := l.key(row)
	raw, _ := json.Marshal(cursor{V: cursorVersion, List: l.name, T: key.Time, ID: key.ID}) // plain fields always marshal
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
