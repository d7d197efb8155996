package service

import (
	"math"
	"testing"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

func TestMayHandOut(t *testing.T) {
	super, clerk := db.SuperAdminRoleID, int64(5)
	held := []*db.ShopRight{{ID: 101}, {ID: 103}}
	for _, c := range []struct {
		name    string
		caller  Caller
		rights  []int64
		wantErr string // "" for allowed
	}{
		{"no role", Caller{}, nil, "no shop role"},
		{"no role, rights", Caller{Held: held}, []int64{101}, "no shop role"},
		{"super-admin holds every right", Caller{RoleID: &super}, []int64{101, 999}, ""},
		{"held rights", Caller{RoleID: &clerk, Held: held}, []int64{103, 101}, ""},
		{"nothing to hand out", Caller{RoleID: &clerk, Held: held}, nil, ""},
		{"one not held", Caller{RoleID: &clerk, Held: held}, []int64{101, 111}, "you cannot hand out right 111, which you do not hold"},
		{"holds none", Caller{RoleID: &clerk}, []int64{101}, "you cannot hand out right 101, which you do not hold"},
	} {
		err := c.caller.MayHandOut(c.rights)
		if c.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.Forbidden || e.Reason != apperr.ReasonMissingRight || e.Message != c.wantErr {
			t.Errorf("%s: %v, want FORBIDDEN/MISSING_RIGHT %q", c.name, err, c.wantErr)
		}
	}
}

func TestCheckPage(t *testing.T) {
	for _, c := range []struct {
		p  *db.Paging
		ok bool
	}{
		{nil, true},
		{&db.Paging{Page: 1, Size: 1}, true},
		{&db.Paging{Page: 7, Size: MaxPageSize}, true},
		{&db.Paging{Page: 0, Size: 10}, false},
		{&db.Paging{Page: -1, Size: 10}, false},
		{&db.Paging{Page: 1, Size: 0}, false},
		{&db.Paging{Page: 1, Size: MaxPageSize + 1}, false},
		{&db.Paging{Page: math.MaxInt/MaxPageSize + 1, Size: MaxPageSize}, true},
		{&db.Paging{Page: math.MaxInt/MaxPageSize + 2, Size: MaxPageSize}, false},
		{&db.Paging{Page: 1 << 62, Size: 10}, false},
		// A cursor page reads one row more than it shows, no more.
		{&db.Paging{Keyset: true, Size: 1}, true},
		{&db.Paging{Keyset: true, Size: MaxPageSize + 1}, true},
		{&db.Paging{Keyset: true, Size: 0}, false},
		{&db.Paging{Keyset: true, Size: -1}, false},
		{&db.Paging{Keyset: true, Size: MaxPageSize + 2}, false},
	} {
		err := checkPage(c.p)
		if c.ok != (err == nil) || (err != nil && !apperr.Is(err, apperr.InvalidInput)) {
			t.Errorf("paging %+v: %v", c.p, err)
		}
	}
}

func TestOutranks(t *testing.T) {
	super, clerk, other := db.SuperAdminRoleID, int64(5), int64(6)
	held := []*db.ShopRight{{ID: 101}, {ID: 103}}
	for _, c := range []struct {
		name    string
		caller  Caller
		role    *int64
		rights  []int64
		wantErr string // "" for allowed; else FORBIDDEN with this message
	}{
		{"no role", Caller{}, nil, nil, "no shop role"},
		{"super-admin over super-admin", Caller{RoleID: &super}, &super, nil, ""},
		{"super-admin over any", Caller{RoleID: &super}, &other, []int64{999}, ""},
		{"over no role", Caller{RoleID: &clerk, Held: held}, nil, nil, ""},
		{"over a subset", Caller{RoleID: &clerk, Held: held}, &other, []int64{103}, ""},
		{"over an equal", Caller{RoleID: &clerk, Held: held}, &other, []int64{101, 103}, ""},
		{"over one right more", Caller{RoleID: &clerk, Held: held}, &other, []int64{101, 111}, "user 7 holds right 111, which you do not"},
		// Role 0's rights are not listed: it holds every right, always.
		{"over role 0", Caller{RoleID: &clerk, Held: held}, &super, nil, "only a super-admin may change user 7"},
	} {
		err := c.caller.Outranks(c.role, c.rights, "user 7")
		if c.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Forbidden || e.Message != c.wantErr {
			t.Errorf("%s: %v, want FORBIDDEN %q", c.name, err, c.wantErr)
		}
	}
}
