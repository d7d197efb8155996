package service

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// Merchants are merchant management's use cases. An employee sees their
// own group's part: its employees, its sale menus and the merchants bound
// to them ("a merchant bound to a sale menu of this group is this group's
// merchant"); of a merchant several groups share, they change only the
// group's restaurants and bindings (writable, ourBinding), and never the
// group's last hold on it (keepsMerchant). The merchant's own fields
// (company name, finance status, managers) are the merchant's: any group
// that holds it may change them, as the legacy edit screen did. ADMIN sees
// and changes every group's. Cities, areas, stations and labels are shared
// by every group.
type Merchants struct {
	tx       *db.Handle
	store    *db.MerchantStore
	accounts *db.AccountStore
	tokens   *auth.Tokens // export links
}

// scope is the group whose part the caller sees: nil for ADMIN.
func (s *Merchants) scope(ctx context.Context) (*int64, error) {
	v, err := signedIn(ctx)
	if err != nil || v.Role == db.RoleAdmin {
		return nil, err
	}
	e, err := s.store.Employee(ctx, v.AccountID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "account %q is no merchant-management employee", v.Username)
	}
	if err != nil {
		return nil, err
	}
	return &e.GroupID, nil
}

// MerchantIndex is what the merchant screens open with; a list that was
// not asked for is nil.
type MerchantIndex struct {
	Cities          []*db.City
	Stations        []*db.Station
	AccountManagers []*db.Employee
	SalesManagers   []*db.Employee
	SaleMenus       []*db.SaleMenu
}

// IndexParts names the lists of the index a reader asks for and the
// edges of theirs read with them (others are left to the loaders).
type IndexParts struct {
	Cities, Stations, AccountManagers, SalesManagers, SaleMenus bool
	CityAreas, EmployeeGroups, MenuStations, MenuGroups         bool
}

// Index reads the lists of the index that p asks for, for the caller's group.
func (s *Merchants) Index(ctx context.Context, p IndexParts) (*MerchantIndex, error) {
	var idx MerchantIndex
	var err error
	asked := func(part bool) bool { return part && err == nil }
	if asked(p.Cities) {
		idx.Cities, err = s.Cities(ctx, p.CityAreas)
	}
	if asked(p.Stations) {
		idx.Stations, err = s.Stations(ctx)
	}
	if asked(p.AccountManagers) {
		idx.AccountManagers, err = s.Employees(ctx, db.EmployeeFilter{AccountManager: true}, p.EmployeeGroups)
	}
	if asked(p.SalesManagers) {
		idx.SalesManagers, err = s.Employees(ctx, db.EmployeeFilter{SalesManager: true}, p.EmployeeGroups)
	}
	if asked(p.SaleMenus) {
		idx.SaleMenus, err = s.SaleMenus(ctx, p.MenuStations, p.MenuGroups)
	}
	return &idx, err
}

// Cities lists every city, with its areas when asked.
func (s *Merchants) Cities(ctx context.Context, areas bool) ([]*db.City, error) {
	cities, err := s.store.Cities(ctx)
	if err == nil && areas {
		err = s.store.LoadCityAreas(ctx, cities...)
	}
	return cities, err
}

// Stations lists every station.
func (s *Merchants) Stations(ctx context.Context) ([]*db.Station, error) {
	return s.store.Stations(ctx, nil)
}

// Employees lists the caller's group's employees that f keeps, with their
// group when asked.
func (s *Merchants) Employees(ctx context.Context, f db.EmployeeFilter, group bool) ([]*db.Employee, error) {
	var err error
	if f.GroupID, err = s.scope(ctx); err != nil {
		return nil, err
	}
	return s.store.Employees(ctx, f, group)
}

// SaleMenus lists the caller's group's sale menus, with the stations that
// offer each and its group when asked.
func (s *Merchants) SaleMenus(ctx context.Context, stations, group bool) ([]*db.SaleMenu, error) {
	scope, err := s.scope(ctx)
	if err != nil {
		return nil, err
	}
	menus, err := s.store.SaleMenus(ctx, db.SaleMenuFilter{GroupID: scope}, group)
	if err != nil || !stations {
		return menus, err
	}
	return menus, s.store.LoadMenuStations(ctx, menus...)
}

func (s *Merchants) Labels(ctx context.Context) ([]*db.MerchantLabel, error) {
	return s.store.Labels(ctx)
}

// idInText reads a legacy merchant id (K073655) or restaurant id (S281196)
// typed into the search text.
var idInText = regexp.MustCompile(`^([KkSs])0*(\d{1,18})$`)

// Restaurants searches the caller's group's restaurants, newest first, and
// loads the edges e asks for.
func (s *Merchants) Restaurants(ctx context.Context, f db.RestaurantFilter, p *db.Paging, e db.RestaurantEdges) ([]*db.Restaurant, int, error) {
	var err error
	if f.GroupID, err = s.scope(ctx); err != nil {
		return nil, 0, err
	}
	if err := checkFilter(f); err != nil {
		return nil, 0, err
	}
	readSearchText(&f)
	if f.After != nil && f.GroupID != nil {
		// The cursor must be a restaurant the caller may see (or one that
		// was, deleted since): another group's would tell where its
		// restaurants stand.
		merchant, err := s.store.MerchantOf(ctx, *f.After)
		if err == nil {
			err = s.inGroup(ctx, merchant, *f.GroupID, apperr.Missing(apperr.EntityRestaurant, *f.After).At("after"))
		}
		if err != nil {
			return nil, 0, err
		}
	}
	return pageWithEdges(ctx, f, p, e, s.store.Restaurants, s.store.LoadRestaurantEdges)
}

// checkFilter refuses a search the store should not run.
func checkFilter(f db.RestaurantFilter) error {
	if f.Text == nil {
		return nil
	}
	return checkSearch(*f.Text, "query")
}

// readSearchText trims the search text and reads the legacy merchant or
// restaurant id it may be, which then matches besides the text.
func readSearchText(f *db.RestaurantFilter) {
	if f.Text == nil {
		return
	}
	text := strings.TrimSpace(*f.Text)
	f.Text = &text
	if m := idInText.FindStringSubmatch(text); m != nil {
		id, _ := strconv.ParseInt(m[2], 10, 64)
		if strings.EqualFold(m[1], "K") {
			f.MerchantID = &id
		} else {
			f.RestaurantID = &id
		}
	}
}

// Restaurant reads one of the caller's group's restaurants with the edges
// e asks for.
func (s *Merchants) Restaurant(ctx context.Context, id int64, e db.RestaurantEdges) (*db.Restaurant, error) {
	r, _, err := s.visible(ctx, id)
	if err == nil {
		err = s.store.LoadRestaurantEdges(ctx, e, r)
	}
	return r, err
}

// visible reads a restaurant the caller may see: one of a merchant of the
// caller's group.
// It returns the caller's group too (nil for ADMIN).
func (s *Merchants) visible(ctx context.Context, id int64) (*db.Restaurant, *int64, error) {
	group, err := s.scope(ctx)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.store.Restaurant(ctx, id)
	if err != nil || group == nil {
		return r, group, err
	}
	return r, group, s.inGroup(ctx, r.MerchantID, *group, apperr.Missing(apperr.EntityRestaurant, id))
}

// inGroup refuses with refusal unless the merchant is the group's.
func (s *Merchants) inGroup(ctx context.Context, merchantID, group int64, refusal *apperr.Error) error {
	in, err := s.store.InGroup(ctx, merchantID, group)
	if err == nil && !in {
		return refusal
	}
	return err
}

// writable reads a restaurant the caller may change: one they may see
// that, for an employee, is bound to one of their group's sale menus or
// to none. A restaurant bound to other groups' sale menus only is those
// groups' to change, though its merchant is shared.
//
// With whole (a delete, which takes every binding with it), every binding
// must be the group's: another group's would lose its hold unasked.
//
// The merchant's row is locked for the rest of the transaction, so two
// changes of one merchant's bindings run one after the other and the
// check that a group keeps its hold (keepsMerchant) sees the other's
// outcome (Postgres; SQLite runs one writer at a time anyway).
func (s *Merchants) writable(ctx context.Context, id int64, whole bool) (*db.Restaurant, *int64, error) {
	r, group, err := s.visible(ctx, id)
	if err == nil {
		err = s.store.LockMerchant(ctx, r.MerchantID)
	}
	if err != nil || group == nil {
		return r, group, err
	}
	all, ours, err := s.store.BindingsOf(ctx, id, *group)
	if err == nil && all > 0 && (ours == 0 || whole && ours < all) {
		err = apperr.New(apperr.Forbidden, apperr.ReasonOtherGroup, "restaurant %d is bound to other groups' sale menus", id)
	}
	return r, group, err
}

// ourBinding refuses, for an employee, a binding to another group's sale
// menu.
func ourBinding(group *int64, b *db.SaleMenuBinding) error {
	if group != nil && b.SaleMenu.GroupID != *group {
		return apperr.New(apperr.Forbidden, apperr.ReasonOtherGroup, "binding %d is to another group's sale menu", b.ID)
	}
	return nil
}

// keepsMerchant refuses a change after which the merchant would be bound
// to none of the employee's group's sale menus: the group would lose it,
// with every other restaurant of it.
func (s *Merchants) keepsMerchant(ctx context.Context, group *int64, merchantID int64) error {
	if group == nil {
		return nil
	}
	return s.inGroup(ctx, merchantID, *group, apperr.New(apperr.Conflict, apperr.ReasonLastBinding,
		"merchant %d would be bound to none of your group's sale menus", merchantID))
}

// NewMerchant is the account and merchant fields of a new merchant.
type NewMerchant struct {
	Username, Password string
	Phone              string
}

// AddRestaurant adds a restaurant to a merchant of the caller's group, or
// to a new merchant made from newMerchant with the patch's merchant
// fields, and binds each sale menu at the lowest-numbered station that
// offers it; one transaction.
func (s *Merchants) AddRestaurant(ctx context.Context, merchantID *int64, newMerchant *NewMerchant, p RestaurantPatch, saleMenuIDs []int64) (*db.Restaurant, error) {
	if (merchantID == nil) == (newMerchant == nil) {
		return nil, apperr.Invalidf("give either an existing merchant or a new one").At("merchantId")
	}
	if len(saleMenuIDs) > MaxSaleMenusPerAdd {
		return nil, apperr.Invalidf("at most %d sale menus at once", MaxSaleMenusPerAdd).At("saleMenuIds")
	}
	// bcrypt takes tens of milliseconds: not while the transaction holds
	// the write lock (SQLite) or a connection.
	var hash string
	if newMerchant != nil {
		var err error
		if hash, err = newMerchant.passwordHash(); err != nil {
			return nil, err
		}
	}
	r := &db.Restaurant{
		Review: reviewPending, SettleWay: settleGoodsFirst, SettlementCycle: cycleDaily, CreditMode: creditByCycle,
		DateBasis: basisOrderDate,
	}
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		group, err := s.scope(ctx)
		if err != nil {
			return err
		}
		var m *db.Merchant
		if merchantID != nil {
			if m, err = s.store.Merchant(ctx, *merchantID); err != nil {
				return err
			}
			if group != nil {
				if in, err := s.store.InGroup(ctx, m.ID, *group); err != nil || !in {
					return cmpErr(err, apperr.Missing(apperr.EntityMerchant, m.ID))
				}
			}
		} else {
			m = &db.Merchant{CustomerType: merchantShop, FinanceStatus: financeActive}
			// A merchant is a group's through its sale menus: one the
			// employee makes without any would be nobody's in the group.
			if group != nil && len(saleMenuIDs) == 0 {
				return apperr.Invalidf("a new merchant needs one of your group's sale menus").At("saleMenuIds")
			}
		}
		p.merchantFields = newMerchant != nil
		if err := s.apply(ctx, group, r, m, p); err != nil {
			return nestMerchantField(err)
		}
		if newMerchant != nil {
			if err := s.createMerchant(ctx, m, *newMerchant, hash); err != nil {
				return err
			}
		}
		r.MerchantID = m.ID
		if err := s.store.CreateRestaurant(ctx, r); err != nil {
			return err
		}
		bindings, err := s.firstStations(ctx, group, r.ID, saleMenuIDs)
		if err == nil {
			err = s.store.Bind(ctx, bindings)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// newMerchantFields are the fields of a new merchant that an add's input
// nests under "merchant", as NewMerchant's are.
var newMerchantFields = []string{"companyName", "type", "financeStatus", "whitelisted", "accountManagerId", "salesManagerId"}

// nestMerchantField names a new merchant's field at fault by its place in
// an add's input ("merchant.accountManagerId").
func nestMerchantField(err error) error {
	if e, ok := apperr.As(err); ok && slices.Contains(newMerchantFields, e.Field) {
		e.Field = "merchant." + e.Field
	}
	return err
}

// MaxSaleMenusPerAdd bounds the sale menus a restaurant is added with.
const MaxSaleMenusPerAdd = 50

// passwordHash checks the new merchant's username and password and hashes
// the password.
func (n NewMerchant) passwordHash() (string, error) {
	if strings.TrimSpace(n.Username) == "" {
		return "", apperr.Invalidf("a new merchant needs a username").At("merchant.username")
	}
	if n.Password == "" {
		return "", apperr.Invalidf("a new merchant needs a password").At("merchant.password")
	}
	hash, err := auth.HashPassword(n.Password)
	if e, ok := apperr.As(err); ok {
		e.At("merchant.password")
	}
	return hash, err
}

// createMerchant adds the merchant's account (role MERCHANT, with the
// password's hash) and the merchant.
func (s *Merchants) createMerchant(ctx context.Context, m *db.Merchant, n NewMerchant, hash string) error {
	a := &db.Account{Username: n.Username, PasswordHash: hash, Mobile: n.Phone, Role: db.RoleMerchant, Active: true}
	if err := s.accounts.Create(ctx, a); err != nil {
		return atField(err, "merchant.username")
	}
	m.ID = a.ID
	return s.store.CreateMerchant(ctx, m)
}

// firstStations binds each sale menu at the lowest-numbered station that
// offers it; every one must be the group's.
func (s *Merchants) firstStations(ctx context.Context, group *int64, restaurantID int64, saleMenuIDs []int64) ([]*db.SaleMenuBinding, error) {
	if len(saleMenuIDs) == 0 {
		return nil, nil
	}
	menus, err := s.store.SaleMenus(ctx, db.SaleMenuFilter{GroupID: group, IDs: saleMenuIDs}, false)
	if err != nil {
		return nil, err
	}
	known := map[int64]bool{}
	for _, m := range menus {
		known[m.ID] = true
	}
	offers, err := s.store.Offers(ctx, db.SaleMenuFilter{GroupID: group, IDs: saleMenuIDs})
	if err != nil {
		return nil, err
	}
	first := map[int64]int64{}
	for _, o := range offers { // by station: the first seen is the lowest
		if _, ok := first[o.SaleMenuID]; !ok {
			first[o.SaleMenuID] = o.StationID
		}
	}
	bindings := make([]*db.SaleMenuBinding, 0, len(saleMenuIDs))
	seen := map[int64]bool{}
	for i, id := range saleMenuIDs {
		switch station, offered := first[id]; {
		case !known[id]:
			return nil, apperr.Missing(apperr.EntitySaleMenu, id).At("saleMenuIds.%d", i)
		case !offered:
			return nil, apperr.New(apperr.InvalidInput, apperr.ReasonNotOffered, "no station offers sale menu %d", id).At("saleMenuIds.%d", i)
		case !seen[id]:
			seen[id] = true
			bindings = append(bindings, &db.SaleMenuBinding{RestaurantID: restaurantID, StationID: station, SaleMenuID: id})
		}
	}
	return bindings, nil
}

// UpdateRestaurant changes the fields p gives of a restaurant of the
// caller's group and of its merchant, in one transaction.
func (s *Merchants) UpdateRestaurant(ctx context.Context, id int64, p RestaurantPatch) (*db.Restaurant, error) {
	var r *db.Restaurant
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		var group *int64
		if r, group, err = s.writable(ctx, id, false); err != nil {
			return err
		}
		m, err := s.store.Merchant(ctx, r.MerchantID)
		if err != nil {
			return err
		}
		p.merchantFields = true
		rCols, mCols, err := p.apply(r, m)
		if err == nil {
			err = s.check(ctx, group, r, m, mCols)
		}
		if err == nil {
			err = s.store.UpdateMerchant(ctx, m, mCols...)
		}
		if err == nil {
			err = s.store.UpdateRestaurant(ctx, r, rCols...)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// apply sets p on a new restaurant and its merchant and checks them.
func (s *Merchants) apply(ctx context.Context, group *int64, r *db.Restaurant, m *db.Merchant, p RestaurantPatch) error {
	_, mCols, err := p.apply(r, m)
	if err != nil {
		return err
	}
	return s.check(ctx, group, r, m, mCols)
}

// DeleteRestaurant marks a restaurant of the caller's group deleted.
func (s *Merchants) DeleteRestaurant(ctx context.Context, id int64) error {
	return s.tx.Run(ctx, func(ctx context.Context) error {
		r, group, err := s.writable(ctx, id, true)
		if err == nil {
			err = s.store.DeleteRestaurant(ctx, id)
		}
		if err == nil {
			err = s.keepsMerchant(ctx, group, r.MerchantID)
		}
		return err
	})
}

// Bind binds a sale menu of the caller's group at a station that offers
// it to a restaurant of the group.
func (s *Merchants) Bind(ctx context.Context, restaurantID, stationID, saleMenuID int64) (*db.SaleMenuBinding, error) {
	var b *db.SaleMenuBinding
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		_, group, err := s.writable(ctx, restaurantID, false)
		if err == nil {
			err = s.checkOffer(ctx, group, stationID, saleMenuID)
		}
		if err != nil {
			return err
		}
		b = &db.SaleMenuBinding{RestaurantID: restaurantID, StationID: stationID, SaleMenuID: saleMenuID}
		if err := s.store.Bind(ctx, []*db.SaleMenuBinding{b}); err != nil {
			return err
		}
		b, err = s.store.Binding(ctx, restaurantID, b.ID)
		return err
	})
	return b, err
}

// ChangeBinding points a restaurant's binding at another station and sale
// menu.
func (s *Merchants) ChangeBinding(ctx context.Context, restaurantID, bindingID, stationID, saleMenuID int64) (*db.SaleMenuBinding, error) {
	var b *db.SaleMenuBinding
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		_, group, err := s.writable(ctx, restaurantID, false)
		if err != nil {
			return err
		}
		if b, err = s.store.Binding(ctx, restaurantID, bindingID); err != nil {
			return err
		}
		if err = ourBinding(group, b); err != nil {
			return err
		}
		if err = s.checkOffer(ctx, group, stationID, saleMenuID); err != nil {
			return err
		}
		b.StationID, b.SaleMenuID = stationID, saleMenuID
		if err = s.store.Rebind(ctx, b); err != nil {
			return err
		}
		b, err = s.store.Binding(ctx, restaurantID, bindingID)
		return err
	})
	return b, err
}

// Unbind removes a restaurant's binding.
func (s *Merchants) Unbind(ctx context.Context, restaurantID, bindingID int64) error {
	return s.tx.Run(ctx, func(ctx context.Context) error {
		r, group, err := s.writable(ctx, restaurantID, false)
		if err != nil {
			return err
		}
		b, err := s.store.Binding(ctx, restaurantID, bindingID)
		if err == nil {
			err = ourBinding(group, b)
		}
		if err == nil {
			err = s.store.Unbind(ctx, restaurantID, bindingID)
		}
		if err == nil {
			err = s.keepsMerchant(ctx, group, r.MerchantID)
		}
		return err
	})
}

// checkOffer checks that the station exists and offers the sale menu, one
// of the caller's group's.
func (s *Merchants) checkOffer(ctx context.Context, group *int64, stationID, saleMenuID int64) error {
	stations, err := s.store.Stations(ctx, []int64{stationID})
	if err != nil {
		return err
	}
	if len(stations) == 0 {
		return apperr.Missing(apperr.EntityStation, stationID).At("stationId")
	}
	menus, err := s.store.SaleMenus(ctx, db.SaleMenuFilter{GroupID: group, IDs: []int64{saleMenuID}}, false)
	if err != nil {
		return err
	}
	if len(menus) == 0 {
		return apperr.Missing(apperr.EntitySaleMenu, saleMenuID).At("saleMenuId")
	}
	offered, err := s.store.Offered(ctx, stationID, saleMenuID)
	if err == nil && !offered {
		err = apperr.New(apperr.InvalidInput, apperr.ReasonNotOffered,
			"station %d does not offer sale menu %d", stationID, saleMenuID).At("saleMenuId")
	}
	return err
}

// check checks a restaurant and its merchant as they are to be written:
// the texts a restaurant needs, the city, its area and the area's street,
// the label, the managers being set (mCols, the merchant's columns that
// change: employees of the caller's group who may be so), the days and the
// date.
func (s *Merchants) check(ctx context.Context, group *int64, r *db.Restaurant, m *db.Merchant, mCols []string) error {
	for _, f := range []struct{ field, value string }{
		{"name", r.Name}, {"receiverName", r.ReceiverName}, {"receiverPhone", r.ReceiverPhone}, {"address", r.Address},
		{"companyName", m.CompanyName},
	} {
		if strings.TrimSpace(f.value) == "" {
			return apperr.Invalidf("%s must not be blank", f.field).At("%s", f.field)
		}
	}
	if err := checkNumbers(r); err != nil {
		return err
	}
	if ok, err := s.store.CityExists(ctx, r.CityCode); err != nil || !ok {
		return cmpErr(err, apperr.Missing(apperr.EntityCity, r.CityCode).At("cityCode"))
	}
	if err := s.checkAreas(ctx, r); err != nil {
		return err
	}
	if r.LabelID != nil {
		if ok, err := s.store.LabelExists(ctx, *r.LabelID); err != nil || !ok {
			return cmpErr(err, apperr.Missing(apperr.EntityLabel, *r.LabelID).At("labelId"))
		}
	}
	return s.checkManagers(ctx, group, m, mCols)
}

// checkAreas checks that the area is a level-1 area of the city and the
// street a level-2 area under it.
func (s *Merchants) checkAreas(ctx context.Context, r *db.Restaurant) error {
	areas, err := s.store.Areas(ctx, []int64{r.AreaID, r.StreetID})
	if err != nil {
		return err
	}
	byID := map[int64]*db.Area{}
	for _, a := range areas {
		byID[a.ID] = a
	}
	area, street := byID[r.AreaID], byID[r.StreetID]
	switch {
	case area == nil:
		return apperr.Missing(apperr.EntityArea, r.AreaID).At("areaId")
	case street == nil:
		return apperr.Missing(apperr.EntityArea, r.StreetID).At("streetId")
	case area.ParentID != nil || area.CityCode != r.CityCode:
		return apperr.New(apperr.InvalidInput, apperr.ReasonNotUnder,
			"area %d is no district of city %s", area.ID, r.CityCode).At("areaId")
	case street.ParentID == nil || *street.ParentID != area.ID:
		return apperr.New(apperr.InvalidInput, apperr.ReasonNotUnder,
			"area %d is not under area %d", street.ID, area.ID).At("streetId")
	}
	return nil
}

// checkManagers checks that the managers being set (their columns are in
// mCols) are employees of the caller's group who may be so. Those the
// merchant keeps are not checked: a merchant of two groups may have the
// other group's.
func (s *Merchants) checkManagers(ctx context.Context, group *int64, m *db.Merchant, mCols []string) error {
	for _, mgr := range []struct {
		field, column string
		id            *int64
		f             db.EmployeeFilter
	}{
		{"accountManagerId", "account_manager_id", m.AccountManagerID, db.EmployeeFilter{AccountManager: true}},
		{"salesManagerId", "sales_manager_id", m.SalesManagerID, db.EmployeeFilter{SalesManager: true}},
	} {
		if mgr.id == nil || !slices.Contains(mCols, mgr.column) {
			continue
		}
		mgr.f.GroupID, mgr.f.IDs = group, []int64{*mgr.id}
		found, err := s.store.Employees(ctx, mgr.f, false)
		if err != nil || len(found) == 0 {
			return cmpErr(err, apperr.Missing(apperr.EntityEmployee, *mgr.id).At("%s", mgr.field))
		}
	}
	return nil
}

// checkNumbers checks the settlement days (day of month 1 to 31, a
// reminder 1 to 7 days before), a date YYYY-MM-DD, a credit limit not
// below 0, and a place on the globe.
func checkNumbers(r *db.Restaurant) error {
	for _, c := range []struct {
		field string
		v     *float64
		limit float64
	}{{"latitude", r.Latitude, 90}, {"longitude", r.Longitude, 180}} {
		if c.v != nil && (*c.v < -c.limit || *c.v > c.limit) {
			return apperr.Invalidf("%s must be between -%v and %v, got %v", c.field, c.limit, c.limit, *c.v).At("%s", c.field)
		}
	}
	for _, d := range []struct {
		field    string
		v        *int
		min, max int
	}{{"beginDay", r.BeginDay, 1, 31}, {"settleDay", r.SettleDay, 1, 31}, {"remindDaysBefore", r.RemindDaysBefore, 1, 7}} {
		if d.v != nil && (*d.v < d.min || *d.v > d.max) {
			return apperr.Invalidf("%s must be between %d and %d, got %d", d.field, d.min, d.max, *d.v).At("%s", d.field)
		}
	}
	if r.EffectiveDate != nil {
		if _, err := time.Parse(time.DateOnly, *r.EffectiveDate); err != nil {
			return apperr.Invalidf("effectiveDate must be a date YYYY-MM-DD, got %q", *r.EffectiveDate).At("effectiveDate")
		}
	}
	if r.CreditLimit != nil && *r.CreditLimit < 0 {
		return apperr.Invalidf("creditLimit must not be below 0").At("creditLimit")
	}
	return nil
}

// cmpErr is err, or else the refusal (for a check that found nothing).
func cmpErr(err error, refusal *apperr.Error) error {
	if err != nil {
		return err
	}
	return refusal
}

// The defaults of a new restaurant and merchant.
var (
	reviewPending    = mustCode(enum.ReviewState, "PENDING")
	settleGoodsFirst = mustCode(enum.SettleWay, "GOODS_FIRST")
	cycleDaily       = mustCode(enum.SettlementCycle, "DAILY")
	creditByCycle    = mustCode(enum.CreditMode, "BY_CYCLE")
	basisOrderDate   = mustCode(enum.SettleDateBasis, "ORDER_DATE")
	merchantShop     = mustCode(enum.MerchantType, "SHOP")
	financeActive    = mustCode(enum.FinanceStatus, "ACTIVE")
)

func mustCode(c *enum.Codec[int], name string) int {
	code, err := c.Code(name)
	if err != nil {
		panic(err)
	}
	return code
}

// Opt is a change of one field: Set tells the field was given; a nil
// Value clears it (refused where the field cannot be empty).
type Opt[T any] struct {
	Set   bool
	Value *T
}

// To is an Opt that sets v.
func To[T any](v T) Opt[T] { return Opt[T]{Set: true, Value: &v} }

// RestaurantPatch is the fields of a restaurant and of its merchant to
// set; codes are those of package enum.
type RestaurantPatch struct {
	// The merchant's; on a restaurant added to an existing merchant they
	// are not applied (the merchant is changed through an update).
	CompanyName, Phone                                   Opt[string]
	MerchantType, FinanceStatus                          Opt[int]
	Whitelisted                                          Opt[bool]
	AccountManagerID, SalesManagerID                     Opt[int64]
	Name, RestaurantPhone, ReceiverName, ReceiverPhone   Opt[string]
	PayerName, PayerPhone, CityCode, Address, MapAddress Opt[string]
	AreaID, StreetID, LabelID, CreditLimit               Opt[int64]
	Latitude, Longitude                                  Opt[float64]
	Review, SettleWay, SettlementCycle, CreditMode       Opt[int]
	DateBasis, BeginDay, SettleDay, RemindDaysBefore     Opt[int]
	EffectiveDate                                        Opt[string]

	merchantFields bool
}

// apply sets the given fields on r and m and returns the columns of each
// that changed; a required field given as null is refused.
func (p RestaurantPatch) apply(r *db.Restaurant, m *db.Merchant) (rCols, mCols []string, err error) {
	pr := &patcher{}
	if p.merchantFields {
		required(pr, &m.CompanyName, p.CompanyName, "company_name", "companyName")
		required(pr, &m.CustomerType, p.MerchantType, "customer_type", "type")
		required(pr, &m.FinanceStatus, p.FinanceStatus, "finance_status", "financeStatus")
		required(pr, &m.Whitelisted, p.Whitelisted, "whitelisted", "whitelisted")
		nullable(pr, &m.AccountManagerID, p.AccountManagerID, "account_manager_id")
		nullable(pr, &m.SalesManagerID, p.SalesManagerID, "sales_manager_id")
		mCols, pr.cols = pr.cols, nil
	}
	type str = requiredField[string]
	requireAll(pr, str{&r.Name, p.Name, "name", "name"}, str{&r.Phone, p.RestaurantPhone, "phone", "phone"},
		str{&r.ReceiverName, p.ReceiverName, "receiver_name", "receiverName"},
		str{&r.ReceiverPhone, p.ReceiverPhone, "receiver_phone", "receiverPhone"},
		str{&r.PayerName, p.PayerName, "payer_name", "payerName"}, str{&r.PayerPhone, p.PayerPhone, "payer_phone", "payerPhone"},
		str{&r.CityCode, p.CityCode, "city_code", "cityCode"}, str{&r.Address, p.Address, "address", "address"},
		str{&r.MapAddress, p.MapAddress, "map_address", "mapAddress"})
	required(pr, &r.AreaID, p.AreaID, "area_id", "areaId")
	required(pr, &r.StreetID, p.StreetID, "street_id", "streetId")
	type code = requiredField[int]
	requireAll(pr, code{&r.Review, p.Review, "review_state", "review"}, code{&r.SettleWay, p.SettleWay, "settle_way", "settleWay"},
		code{&r.SettlementCycle, p.SettlementCycle, "settlement_cycle", "settlementCycle"},
		code{&r.CreditMode, p.CreditMode, "credit_mode", "creditMode"}, code{&r.DateBasis, p.DateBasis, "date_basis", "dateBasis"})
	nullable(pr, &r.LabelID, p.LabelID, "label_id")
	nullable(pr, &r.CreditLimit, p.CreditLimit, "credit_limit_fen")
	nullable(pr, &r.Latitude, p.Latitude, "latitude")
	nullable(pr, &r.Longitude, p.Longitude, "longitude")
	nullable(pr, &r.BeginDay, p.BeginDay, "begin_day")
	nullable(pr, &r.SettleDay, p.SettleDay, "settle_day")
	nullable(pr, &r.RemindDaysBefore, p.RemindDaysBefore, "remind_days")
	nullable(pr, &r.EffectiveDate, p.EffectiveDate, "effective_date")
	return pr.cols, mCols, pr.err
}

// patcher collects the columns a patch changed and its first refusal.
type patcher struct {
	cols []string
	err  error
}

// required sets a field that cannot be empty.
func required[T comparable](pr *patcher, dst *T, v Opt[T], column, field string) {
	switch {
	case !v.Set:
	case v.Value == nil:
		if pr.err == nil {
			pr.err = apperr.Invalidf("%s cannot be null", field).At("%s", field)
		}
	case *dst != *v.Value:
		*dst, pr.cols = *v.Value, append(pr.cols, column)
	}
}

// requiredField is a field that cannot be empty, with its column and its
// name in the input.
type requiredField[T comparable] struct {
	dst           *T
	v             Opt[T]
	column, field string
}

func requireAll[T comparable](pr *patcher, fields ...requiredField[T]) {
	for _, f := range fields {
		required(pr, f.dst, f.v, f.column, f.field)
	}
}

// nullable sets or clears a field that may be empty.
func nullable[T comparable](pr *patcher, dst **T, v Opt[T], column string) {
	if !v.Set || (*dst == nil && v.Value == nil) || (*dst != nil && v.Value != nil && **dst == *v.Value) {
		return
	}
	*dst, pr.cols = v.Value, append(pr.cols, column)
}

// LoadRestaurantEdges sets the edges e asks for on restaurants.
func (s *Merchants) LoadRestaurantEdges(ctx context.Context, e db.RestaurantEdges, rows ...*db.Restaurant) error {
	return s.store.LoadRestaurantEdges(ctx, e, rows...)
}
