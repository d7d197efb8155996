package service

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// Partners holds the B2B partner platform's use cases: enterprises and
// partner accounts, listings, CRM customers, relations, discounts and goods
// lists. A partner account acts for its own enterprise; ADMIN (the
// operator) names the enterprise it acts for.
type Partners struct {
	tx       *db.Handle
	store    *db.PartnerStore
	accounts *db.AccountStore
	goods    *db.ShopGoodsStore
	// credentials must forget an account whose password or active flag
	// changes, once the change is committed.
	credentials *Credentials
}

// Acting is the enterprise the viewer acts for: a partner's own, which
// given (the enterprise a request names) must be when it is set; ADMIN
// must name one, and any is its.
func (s *Partners) Acting(ctx context.Context, given *int64) (int64, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return 0, err
	}
	if v.Role == db.RoleAdmin {
		if given == nil {
			return 0, apperr.Invalidf("ADMIN acts for no enterprise of its own: name one").At("enterpriseId")
		}
		_, err := s.store.Enterprise(ctx, *given)
		return *given, err
	}
	p, err := s.own(ctx, v)
	if err != nil {
		return 0, err
	}
	if given != nil && *given != p.EnterpriseID {
		return 0, apperr.New(apperr.Forbidden, apperr.ReasonOtherEnterprise,
			"account %q works for enterprise %d, not %d", v.Username, p.EnterpriseID, *given).At("enterpriseId")
	}
	return p.EnterpriseID, nil
}

// own is the viewer's partner profile; an account without one (ADMIN's)
// works for no enterprise.
func (s *Partners) own(ctx context.Context, v *auth.Viewer) (*db.PartnerProfile, error) {
	p, err := s.store.ProfileOf(ctx, v.AccountID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "account %q belongs to no enterprise", v.Username)
	}
	return p, err
}

// scope is the enterprise whose rows the viewer may change when the
// request names none: a partner's own; nil (any) for ADMIN.
func (s *Partners) scope(ctx context.Context) (*int64, error) {
	v, err := signedIn(ctx)
	if err != nil || v.Role == db.RoleAdmin {
		return nil, err
	}
	p, err := s.own(ctx, v)
	if err != nil {
		return nil, err
	}
	return &p.EnterpriseID, nil
}

// MaxPartnerText bounds every text the partner platform stores.
const MaxPartnerText = 100

// partnerText is a text of an input, by the field it came in.
type partnerText struct {
	field, value string
	required     bool // not blank
}

// checkTexts refuses a required text that is blank and any text over
// MaxPartnerText characters.
func checkTexts(texts ...partnerText) error {
	for _, t := range texts {
		if t.required && strings.TrimSpace(t.value) == "" {
			return apperr.Invalidf("%s must not be blank", t.field).At("%s", t.field)
		}
		if n := utf8.RuneCountInString(t.value); n > MaxPartnerText {
			return apperr.Invalidf("%s is at most %d characters, got %d", t.field, MaxPartnerText, n).At("%s", t.field)
		}
	}
	return nil
}

// Registration and accounts

// NewPartner is what a partner registers with; nil fields are not given.
type NewPartner struct {
	Username, Password, RealName           string
	Email, NickName, Sex, Education, Birth *string
}

// mobileNumber is a mainland mobile number, a partner's username.
var mobileNumber = regexp.MustCompile(`^1[0-9]{10}$`)

func (n NewPartner) check() error {
	if !mobileNumber.MatchString(n.Username) {
		return apperr.Invalidf("the username is an 11-digit mobile number starting with 1, got %q", n.Username).At("username")
	}
	if n.Password == "" {
		return apperr.Invalidf("a password is required").At("password")
	}
	return checkTexts(partnerText{"realName", n.RealName, true}, partnerText{"email", textOf(n.Email), false},
		partnerText{"nickName", textOf(n.NickName), false}, partnerText{"sex", textOf(n.Sex), false},
		partnerText{"education", textOf(n.Education), false}, partnerText{"birth", textOf(n.Birth), false})
}

// Register creates an active PARTNER account (its mobile number the
// username), a new enterprise named after the real name, and the profile
// that ties them, in one transaction.
func (s *Partners) Register(ctx context.Context, n NewPartner) (*db.PartnerProfile, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	// bcrypt takes tens of milliseconds: not inside the transaction.
	hash, err := auth.HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	a := &db.Account{Username: n.Username, PasswordHash: hash, Role: db.RolePartner, Active: true,
		Mobile: n.Username, Email: textOf(n.Email), Nickname: n.NickName, Birthdate: n.Birth}
	p := &db.PartnerProfile{RealName: n.RealName, Sex: textOf(n.Sex), Education: textOf(n.Education)}
	err = s.tx.Run(ctx, func(ctx context.Context) error {
		if err := s.accounts.Create(ctx, a); err != nil {
			return atField(err, "username")
		}
		e := &db.Enterprise{Name: n.RealName}
		if err := s.store.CreateEnterprise(ctx, e); err != nil {
			return err
		}
		p.AccountID, p.EnterpriseID = a.ID, e.ID
		return s.store.CreateProfile(ctx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// MyProfile is the signed-in partner's profile.
func (s *Partners) MyProfile(ctx context.Context) (*db.PartnerProfile, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	return s.own(ctx, v)
}

// Account reads an account (a profile's).
func (s *Partners) Account(ctx context.Context, id int64) (*db.Account, error) {
	return s.accounts.ByID(ctx, id)
}

// partnerAccount reads an account that must be a PARTNER one.
func (s *Partners) partnerAccount(ctx context.Context, id int64) (*db.Account, error) {
	a, err := s.accounts.ByID(ctx, id)
	if err != nil {
		return nil, atField(err, "accountId")
	}
	if a.Role != db.RolePartner {
		return nil, apperr.New(apperr.InvalidInput, apperr.ReasonWrongRole,
			"account %d is a %s account, not a PARTNER one", id, a.Role).At("accountId")
	}
	return a, nil
}

// AttachAccount puts a PARTNER account in an enterprise (the operator's
// move): its profile's enterprise, or a new profile.
func (s *Partners) AttachAccount(ctx context.Context, accountID, enterpriseID int64) (*db.PartnerProfile, error) {
	var p *db.PartnerProfile
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := s.partnerAccount(ctx, accountID); err != nil {
			return err
		}
		if err := s.store.EnterpriseExists(ctx, enterpriseID); err != nil {
			return atField(err, "enterpriseId")
		}
		var err error
		p, err = s.store.AttachAccount(ctx, accountID, enterpriseID)
		return err
	})
	return p, err
}

// SetAccountActive enables or disables a PARTNER account; once that is
// committed, the credentials cache forgets the account.
func (s *Partners) SetAccountActive(ctx context.Context, accountID int64, active bool) (*db.Account, error) {
	var a *db.Account
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if a, err = s.partnerAccount(ctx, accountID); err != nil {
			return err
		}
		a.Active = active
		return s.store.SetActive(ctx, accountID, active)
	})
	if err != nil {
		return nil, err
	}
	s.credentials.Drop(accountID)
	return a, nil
}

// Enterprises

// EnterprisePatch holds the enterprise fields to set (Opt.Set); the name
// may not become blank, and no field null.
type EnterprisePatch struct {
	Name, Address, Tell, LegalMan Opt[string]
}

// apply sets the patch on e, checks it, and returns the columns that
// changed.
func (p EnterprisePatch) apply(e *db.Enterprise) ([]string, error) {
	pr := &patcher{}
	requireAll(pr, requiredField[string]{&e.Name, p.Name, "name", "name"},
		requiredField[string]{&e.Address, p.Address, "address", "address"},
		requiredField[string]{&e.Tell, p.Tell, "tell", "tell"},
		requiredField[string]{&e.LegalMan, p.LegalMan, "legal_man", "legalMan"})
	if pr.err != nil {
		return nil, pr.err
	}
	return pr.cols, checkTexts(partnerText{"name", e.Name, true}, partnerText{"address", e.Address, false},
		partnerText{"tell", e.Tell, false}, partnerText{"legalMan", e.LegalMan, false})
}

// Enterprises lists the enterprises f keeps, by id: any partner's to read.
func (s *Partners) Enterprises(ctx context.Context, f db.EnterpriseFilter, p *db.Paging) ([]*db.Enterprise, int, error) {
	if err := checkSearch(f.Search, "filter.search"); err != nil {
		return nil, 0, err
	}
	return listPage(ctx, f, p, s.store.Enterprises)
}

func (s *Partners) Enterprise(ctx context.Context, id int64) (*db.Enterprise, error) {
	return s.store.Enterprise(ctx, id)
}

// CreateEnterprise adds an enterprise (the operator's move); it needs a
// name.
func (s *Partners) CreateEnterprise(ctx context.Context, p EnterprisePatch) (*db.Enterprise, error) {
	if !p.Name.Set {
		return nil, apperr.Invalidf("an enterprise needs a name").At("name")
	}
	e := &db.Enterprise{}
	if _, err := p.apply(e); err != nil {
		return nil, err
	}
	if err := s.tx.Run(ctx, func(ctx context.Context) error { return s.store.CreateEnterprise(ctx, e) }); err != nil {
		return nil, err
	}
	return e, nil
}

// UpdateMyEnterprise sets what p gives of the signed-in partner's
// enterprise.
func (s *Partners) UpdateMyEnterprise(ctx context.Context, p EnterprisePatch) (*db.Enterprise, error) {
	var e *db.Enterprise
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		id, err := s.Acting(ctx, nil)
		if err == nil {
			e, err = s.store.Enterprise(ctx, id)
		}
		if err != nil {
			return err
		}
		cols, err := p.apply(e)
		if err != nil {
			return err
		}
		return s.store.UpdateEnterprise(ctx, e, cols...)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Relation kinds

func (s *Partners) RelationKinds(ctx context.Context) ([]*db.PartnerRelationKind, error) {
	return s.store.RelationKinds(ctx)
}

// AddRelationKind adds a relation kind (the operator's move); names are
// unique.
func (s *Partners) AddRelationKind(ctx context.Context, name string) (*db.PartnerRelationKind, error) {
	if err := checkTexts(partnerText{"name", name, true}); err != nil {
		return nil, err
	}
	k := &db.PartnerRelationKind{Name: name}
	err := s.tx.Run(ctx, func(ctx context.Context) error { return atField(s.store.CreateRelationKind(ctx, k), "name") })
	if err != nil {
		return nil, err
	}
	return k, nil
}

// Listings

// Shelf is a goods an enterprise lists (上架): its OE number, name, own
// goods code and brand, and its stock, price (fen) and quality.
type Shelf struct {
	EnterpriseID                              *int64 // the acting enterprise
	OENumber, Name, GoodsCode, Brand, Quality string
	Stock                                     int64
	Price                                     int64
}

// Bounds of a listing.
const (
	MaxStock        = 1_000_000_000
	MaxListingPrice = 1_000_000_000 // fen: 10,000,000.00 yuan
)

func (g Shelf) check() error {
	if err := checkTexts(partnerText{"oeNumber", g.OENumber, true}, partnerText{"name", g.Name, true},
		partnerText{"goodsCode", g.GoodsCode, true}, partnerText{"brand", g.Brand, false},
		partnerText{"quality", g.Quality, false}); err != nil {
		return err
	}
	if g.Stock < 0 || g.Stock > MaxStock {
		return apperr.Invalidf("stock must be between 0 and %d, got %d", MaxStock, g.Stock).At("stock")
	}
	if g.Price <= 0 || g.Price > MaxListingPrice {
		return apperr.Invalidf("price must be above 0 and at most 10000000.00").At("price")
	}
	return nil
}

// goodsInReview is the state the catalog's new goods start in, as the
// shop's own (ShopGoods.Create).
var goodsInReview = mustCode(enum.ShopGoodsState, "IN_REVIEW")

// Shelve lists a goods for the acting enterprise, in one transaction. A
// goods code the enterprise lists already gets the new stock, price and
// quality; its OE number, name and brand stay as first listed, since the
// listing's catalog goods (and the orders placed on it) were made from
// them. A new listing offers the catalog's goods of its OE number (see
// catalogGoods).
func (s *Partners) Shelve(ctx context.Context, g Shelf) (*db.PartnerListing, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	var l *db.PartnerListing
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		acting, err := s.Acting(ctx, g.EnterpriseID)
		if err != nil {
			return err
		}
		now := s.tx.Now()
		listed, err := s.store.Listing(ctx, acting, g.GoodsCode)
		if err == nil {
			l = listed
			l.Stock, l.PriceFen, l.Quality, l.UpdatedAt = g.Stock, g.Price, g.Quality, now
			return s.store.Restock(ctx, l)
		}
		if !apperr.Is(err, apperr.NotFound) {
			return err
		}
		l = &db.PartnerListing{EnterpriseID: acting, GoodsCode: g.GoodsCode, OENumber: g.OENumber, Name: g.Name,
			Brand: g.Brand, Quality: g.Quality, PriceFen: g.Price, Stock: g.Stock, CreatedAt: now, UpdatedAt: now}
		if l.GoodsID, err = s.catalogGoods(ctx, g); err != nil {
			return err
		}
		return s.store.Shelve(ctx, l)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// catalogGoods is the catalog goods of a new listing: the catalog holds one
// goods per OE number. That of another listing with the number, else the
// live goods named "<name> (OE <number>)", else new goods of that name at
// the listing's price, in review like any new goods.
func (s *Partners) catalogGoods(ctx context.Context, g Shelf) (int64, error) {
	name := fmt.Sprintf("%s (OE %s)", g.Name, g.OENumber)
	if err := s.store.LockOENumber(ctx, g.OENumber); err != nil {
		return 0, err
	}
	id, found, err := s.store.CatalogGoodsFor(ctx, g.OENumber, name)
	if err != nil || found {
		return id, err
	}
	now := s.goods.Now()
	goods := &db.ShopGoods{Name: name, Price: float64(g.Price) / 100, Introduction: fmt.Sprintf("OE %s · %s", g.OENumber, g.Brand),
		State: goodsInReview, CreatedAt: now, UpdatedAt: now}
	if err := s.store.AddCatalogGoods(ctx, goods); err != nil {
		return 0, err
	}
	return goods.ID, nil
}

// Listings lists the listings f keeps, every enterprise's, by id.
func (s *Partners) Listings(ctx context.Context, f db.ListingFilter, p *db.Paging) ([]*db.PartnerListing, int, error) {
	if err := checkSearch(f.Search, "filter.search"); err != nil {
		return nil, 0, err
	}
	return listPage(ctx, f, p, s.store.Listings)
}

// listing is the id of the enterprise's listing with this goods code, or
// nil for none given ("*": every goods).
func (s *Partners) listing(ctx context.Context, enterpriseID int64, goodsCode *string) (*int64, error) {
	if goodsCode == nil {
		return nil, nil
	}
	l, err := s.store.Listing(ctx, enterpriseID, *goodsCode)
	if err != nil {
		return nil, atField(err, "goodsCode")
	}
	return &l.ID, nil
}

// CRM customers

// CustomerPatch holds the customer fields to set (Opt.Set); the name may
// not become blank, and no field null.
type CustomerPatch struct {
	Name, Phone, Address, Trade Opt[string]
}

func (p CustomerPatch) apply(c *db.PartnerCustomer) ([]string, error) {
	pr := &patcher{}
	requireAll(pr, requiredField[string]{&c.Name, p.Name, "name", "name"},
		requiredField[string]{&c.Phone, p.Phone, "phone", "phone"},
		requiredField[string]{&c.Address, p.Address, "address", "address"},
		requiredField[string]{&c.Trade, p.Trade, "trade", "trade"})
	if pr.err != nil {
		return nil, pr.err
	}
	return pr.cols, checkTexts(partnerText{"name", c.Name, true}, partnerText{"phone", c.Phone, false},
		partnerText{"address", c.Address, false}, partnerText{"trade", c.Trade, false})
}

// Customers lists the acting enterprise's customers whose name, phone or
// trade contains search, by id.
func (s *Partners) Customers(ctx context.Context, given *int64, search string, p *db.Paging) ([]*db.PartnerCustomer, int, error) {
	acting, err := s.Acting(ctx, given)
	if err == nil {
		err = checkSearch(search, "filter.search")
	}
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, db.CustomerFilter{EnterpriseID: acting, Search: search}, p, s.store.Customers)
}

// AddCustomer adds a customer to the acting enterprise's CRM; it needs a
// name.
func (s *Partners) AddCustomer(ctx context.Context, given *int64, p CustomerPatch) (*db.PartnerCustomer, error) {
	if !p.Name.Set {
		return nil, apperr.Invalidf("a customer needs a name").At("name")
	}
	c := &db.PartnerCustomer{}
	if _, err := p.apply(c); err != nil {
		return nil, err
	}
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if c.EnterpriseID, err = s.Acting(ctx, given); err != nil {
			return err
		}
		return s.store.CreateCustomer(ctx, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateCustomer sets what p gives of a customer of the viewer's
// enterprise (ADMIN: of any); another enterprise's is NOT_FOUND.
func (s *Partners) UpdateCustomer(ctx context.Context, id int64, p CustomerPatch) (*db.PartnerCustomer, error) {
	var c *db.PartnerCustomer
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		scope, err := s.scope(ctx)
		if err == nil {
			c, err = s.store.Customer(ctx, scope, id)
		}
		if err != nil {
			return err
		}
		cols, err := p.apply(c)
		if err != nil {
			return err
		}
		return s.store.UpdateCustomer(ctx, c, cols...)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteCustomer deletes a customer of the viewer's enterprise (ADMIN: of
// any); another enterprise's is NOT_FOUND.
func (s *Partners) DeleteCustomer(ctx context.Context, id int64) error {
	return s.tx.Run(ctx, func(ctx context.Context) error {
		scope, err := s.scope(ctx)
		if err == nil {
			_, err = s.store.Customer(ctx, scope, id)
		}
		if err != nil {
			return err
		}
		return s.store.DeleteCustomer(ctx, id)
	})
}

// Relations

// Relations lists the acting enterprise's relations f keeps, by id.
func (s *Partners) Relations(ctx context.Context, given *int64, f db.RelationFilter, p *db.Paging) ([]*db.PartnerRelation, int, error) {
	var err error
	if f.EnterpriseID, err = s.Acting(ctx, given); err != nil {
		return nil, 0, err
	}
	return listPage(ctx, f, p, s.store.Relations)
}

// target checks that an enterprise named as the other side exists and is
// not the acting one.
func (s *Partners) target(ctx context.Context, acting, targetID int64) error {
	if targetID == acting {
		return apperr.Invalidf("enterprise %d cannot name itself", acting).At("targetId")
	}
	return atField(s.store.EnterpriseExists(ctx, targetID), "targetId")
}

// AddRelation classes a target enterprise for the acting one by a kind;
// one relation per target.
func (s *Partners) AddRelation(ctx context.Context, given *int64, targetID, kindID int64) (*db.PartnerRelation, error) {
	var r *db.PartnerRelation
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		acting, err := s.Acting(ctx, given)
		if err == nil {
			err = s.target(ctx, acting, targetID)
		}
		if err == nil {
			err = atField(s.store.RelationKindExists(ctx, kindID), "kindId")
		}
		if err != nil {
			return err
		}
		r = &db.PartnerRelation{EnterpriseID: acting, TargetID: targetID, KindID: kindID}
		return atField(s.store.CreateRelation(ctx, r), "targetId")
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ChangeRelation sets the kind of the acting enterprise's relation to a
// target.
func (s *Partners) ChangeRelation(ctx context.Context, given *int64, targetID, kindID int64) (*db.PartnerRelation, error) {
	var r *db.PartnerRelation
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		acting, err := s.Acting(ctx, given)
		if err == nil {
			r, err = s.store.Relation(ctx, acting, targetID)
			err = atField(err, "targetId")
		}
		if err == nil {
			err = atField(s.store.RelationKindExists(ctx, kindID), "kindId")
		}
		if err != nil {
			return err
		}
		r.KindID = kindID
		return s.store.SetRelationKind(ctx, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// DeleteRelation removes the acting enterprise's relation to a target and
// answers its id.
func (s *Partners) DeleteRelation(ctx context.Context, given *int64, targetID int64) (int64, error) {
	var id int64
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		acting, err := s.Acting(ctx, given)
		if err != nil {
			return err
		}
		r, err := s.store.Relation(ctx, acting, targetID)
		if err != nil {
			return atField(err, "targetId")
		}
		id = r.ID
		return s.store.DeleteRelation(ctx, id)
	})
	return id, err
}

// Discounts

// DiscountKey names a discount of the acting enterprise: a relation kind,
// and a goods code or (nil) every goods.
type DiscountKey struct {
	EnterpriseID *int64
	KindID       int64
	GoodsCode    *string
}

// MaxDiscount is no discount: 100.00% of the list price.
const MaxDiscount = 10000

func checkDiscount(discount int) error {
	if discount < 1 || discount > MaxDiscount {
		return apperr.Invalidf("a discount is 1 to %d hundredths of a percent, got %d", MaxDiscount, discount).At("discount")
	}
	return nil
}

// discountRow resolves a key to the discount row it names (without its
// id and discount): the kind must exist, and the goods code name a listing
// of the acting enterprise.
func (s *Partners) discountRow(ctx context.Context, k DiscountKey) (*db.PartnerDiscount, error) {
	acting, err := s.Acting(ctx, k.EnterpriseID)
	if err != nil {
		return nil, err
	}
	if err := atField(s.store.RelationKindExists(ctx, k.KindID), "kindId"); err != nil {
		return nil, err
	}
	listing, err := s.listing(ctx, acting, k.GoodsCode)
	return &db.PartnerDiscount{EnterpriseID: acting, KindID: k.KindID, ListingID: listing}, err
}

// AddDiscount sets what the acting enterprise charges a relation kind for
// a goods (or every goods), in hundredths of a percent; one per key.
func (s *Partners) AddDiscount(ctx context.Context, k DiscountKey, discount int) (*db.PartnerDiscount, error) {
	if err := checkDiscount(discount); err != nil {
		return nil, err
	}
	var d *db.PartnerDiscount
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if d, err = s.discountRow(ctx, k); err != nil {
			return err
		}
		d.Discount = discount
		return s.store.CreateDiscount(ctx, d)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// ChangeDiscount changes the discount the key names.
func (s *Partners) ChangeDiscount(ctx context.Context, k DiscountKey, discount int) (*db.PartnerDiscount, error) {
	if err := checkDiscount(discount); err != nil {
		return nil, err
	}
	var d *db.PartnerDiscount
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		key, err := s.discountRow(ctx, k)
		if err == nil {
			d, err = s.store.Discount(ctx, key.EnterpriseID, key.KindID, key.ListingID)
		}
		if err != nil {
			return err
		}
		d.Discount = discount
		return s.store.SetDiscount(ctx, d)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDiscount removes the discount the key names and answers its id.
func (s *Partners) DeleteDiscount(ctx context.Context, k DiscountKey) (int64, error) {
	var id int64
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		key, err := s.discountRow(ctx, k)
		if err != nil {
			return err
		}
		d, err := s.store.Discount(ctx, key.EnterpriseID, key.KindID, key.ListingID)
		if err != nil {
			return err
		}
		id = d.ID
		return s.store.DeleteDiscount(ctx, id)
	})
	return id, err
}

// Discounts lists the acting enterprise's discounts f keeps, by id.
func (s *Partners) Discounts(ctx context.Context, given *int64, f db.DiscountFilter, p *db.Paging) ([]*db.PartnerDiscount, int, error) {
	var err error
	if f.EnterpriseID, err = s.Acting(ctx, given); err != nil {
		return nil, 0, err
	}
	return listPage(ctx, f, p, s.store.Discounts)
}

// Goods lists

// GoodsListKey names an entry of the acting enterprise's black or white
// list (ListType db.ListBlack or db.ListWhite): a target enterprise, for a
// goods code or (nil) every goods.
type GoodsListKey struct {
	EnterpriseID *int64
	TargetID     int64
	GoodsCode    *string
	ListType     string
}

// entry resolves a key to the entry it names (without its id).
func (s *Partners) entry(ctx context.Context, k GoodsListKey) (*db.PartnerGoodsListEntry, error) {
	if k.ListType != db.ListBlack && k.ListType != db.ListWhite {
		return nil, apperr.Invalidf("a list is %q or %q, got %q", db.ListBlack, db.ListWhite, k.ListType).At("listType")
	}
	acting, err := s.Acting(ctx, k.EnterpriseID)
	if err != nil {
		return nil, err
	}
	listing, err := s.listing(ctx, acting, k.GoodsCode)
	return &db.PartnerGoodsListEntry{EnterpriseID: acting, ListingID: listing, TargetID: k.TargetID, ListType: k.ListType}, err
}

// AddGoodsListEntry puts a target enterprise on the acting enterprise's
// black or white list for a goods (or every goods); once per key.
func (s *Partners) AddGoodsListEntry(ctx context.Context, k GoodsListKey) (*db.PartnerGoodsListEntry, error) {
	var e *db.PartnerGoodsListEntry
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if e, err = s.entry(ctx, k); err != nil {
			return err
		}
		if err := s.target(ctx, e.EnterpriseID, e.TargetID); err != nil {
			return err
		}
		return s.store.CreateGoodsListEntry(ctx, e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// DeleteGoodsListEntry removes the entry the key names and answers its id.
func (s *Partners) DeleteGoodsListEntry(ctx context.Context, k GoodsListKey) (int64, error) {
	var id int64
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		key, err := s.entry(ctx, k)
		if err != nil {
			return err
		}
		e, err := s.store.GoodsListEntry(ctx, key)
		if err != nil {
			return err
		}
		id = e.ID
		return s.store.DeleteGoodsListEntry(ctx, id)
	})
	return id, err
}

// GoodsLists lists the acting enterprise's list entries f keeps, by id.
func (s *Partners) GoodsLists(ctx context.Context, given *int64, f db.GoodsListFilter, p *db.Paging) ([]*db.PartnerGoodsListEntry, int, error) {
	var err error
	if f.EnterpriseID, err = s.Acting(ctx, given); err != nil {
		return nil, 0, err
	}
	return listPage(ctx, f, p, s.store.GoodsLists)
}

// textOf is a text not given as empty.
func textOf(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
