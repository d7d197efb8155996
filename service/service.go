// Package service holds the use cases of every domain, between the GraphQL
// resolvers (glue) and the stores (data access): the business rules, the
// state transitions as data, and the access policies. A use case that
// writes several rows runs in one transaction (db.Handle.Run), which every
// store call inside it joins through the context.
package service

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/media"
)

// Services are every domain's use cases.
type Services struct {
	Accounts    *Accounts
	Pharma      *Pharma
	ShopUsers   *ShopUsers
	ShopCatalog *ShopCatalog
	ShopGoods   *ShopGoods
	ShopOrders  *ShopOrders
	ShopReports *ShopReports
	Merchants   *Merchants
	Partners    *Partners
	// Credentials is the partner requests' sign-in cache (credentials.go).
	Credentials   *Credentials
	PartnerOrders *PartnerOrders
	Reminders     *Reminders
}

// Config is what the use cases need besides the stores.
type Config struct {
	Tokens     *auth.Tokens
	SessionTTL time.Duration
	Media      *media.Store // uploaded images and goods pictures
	// LoginThrottle holds back failed sign-ins; zero fields take
	// DefaultLoginThrottle's.
	LoginThrottle LoginThrottle
	// CredentialTTL is how long a partner sign-in is remembered
	// (Credentials), at most CredentialTTL; 0 or less remembers none.
	CredentialTTL time.Duration
	// Reminders delivers partner reminders live (the app picks one by store).
	Reminders ReminderBroker
}

func New(s *db.Stores, cfg Config) *Services {
	credentials := newCredentials(cfg.CredentialTTL)
	svc := &Services{
		Credentials: credentials,
		Accounts: &Accounts{tx: s.Handle, accounts: s.Accounts, tokens: cfg.Tokens, ttl: cfg.SessionTTL, credentials: credentials,
			throttle: &loginThrottle{cfg.LoginThrottle.withDefaults(), s.LoginFailures}},
		Pharma:      newPharma(s.Handle, s.Pharma),
		ShopUsers:   newShopUsers(s.Handle, s.ShopUsers, s.Accounts),
		ShopCatalog: &ShopCatalog{tx: s.Handle, store: s.ShopCatalog},
		ShopGoods:   &ShopGoods{tx: s.Handle, store: s.ShopGoods, catalog: s.ShopCatalog, media: cfg.Media},
		ShopOrders:  &ShopOrders{tx: s.Handle, store: s.ShopOrders, goods: s.ShopGoods},
		ShopReports: &ShopReports{store: s.ShopReports},
		Merchants:   &Merchants{tx: s.Handle, store: s.Merchants, accounts: s.Accounts, tokens: cfg.Tokens},
		Partners: &Partners{tx: s.Handle, store: s.Partners, accounts: s.Accounts, goods: s.ShopGoods,
			credentials: credentials},
	}
	svc.PartnerOrders = &PartnerOrders{tx: s.Handle, store: s.PartnerOrders, partners: svc.Partners, tracking: s.ShopOrders}
	svc.Reminders = &Reminders{tx: s.Handle, store: s.Reminders, enterprises: s.Partners, partners: svc.Partners, broker: cfg.Reminders}
	return svc
}

// signedIn is the request's viewer; nobody signed in is UNAUTHENTICATED.
func signedIn(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "", "sign in first")
	}
	return v, nil
}

// MaxSearchText bounds a search text.
const MaxSearchText = 100

// checkSearch refuses a search text over MaxSearchText characters, naming
// the input field it came in.
func checkSearch(search, field string) error {
	if utf8.RuneCountInString(search) > MaxSearchText {
		return apperr.Invalidf("a search is at most %d characters", MaxSearchText).At("%s", field)
	}
	return nil
}

// atField names the input at fault on a store's refusal (NOT_FOUND, CONFLICT),
// each made afresh; it returns err.
func atField(err error, field string) error {
	if e, ok := apperr.As(err); ok && e.Field == "" {
		e.At("%s", field)
	}
	return err
}

// requireName refuses a blank name.
func requireName(what apperr.Entity, name string) error {
	if strings.TrimSpace(name) == "" {
		return apperr.Invalidf("a %s needs a name", what)
	}
	return nil
}

// checkPage checks a page request: page 1 or more, size 1 to MaxPageSize,
// an offset that fits; nil (every row) passes. A cursor page, made by
// CursorList.Page, reads one row more than it shows; its size is bounded
// all the same, as a store given no positive size reads every row.
func checkPage(p *db.Paging) error {
	switch {
	case p == nil:
		return nil
	case p.Keyset:
		if p.Size < 1 || p.Size > MaxPageSize+1 {
			return apperr.Invalidf("cursor page size must be between 1 and %d, got %d", MaxPageSize+1, p.Size)
		}
		return nil
	}
	if p.Page < 1 {
		return apperr.Invalidf("page must be 1 or more, got %d", p.Page)
	}
	if p.Size < 1 || p.Size > MaxPageSize {
		return apperr.Invalidf("page size must be between 1 and %d, got %d", MaxPageSize, p.Size)
	}
	// The store's offset, (page-1)×size, must not wrap (page 2^62 read page 1).
	if p.Page-1 > math.MaxInt/p.Size {
		return apperr.Invalidf("page %d of size %d is beyond any list", p.Page, p.Size)
	}
	return nil
}

// listPage runs a list after checking its page request.
func listPage[F, T any](ctx context.Context, f F, p *db.Paging,
	list func(context.Context, F, *db.Paging) ([]*T, int, error)) ([]*T, int, error) {
	if err := checkPage(p); err != nil {
		return nil, 0, err
	}
	return list(ctx, f, p)
}

// edgesLoader sets the edges e asks for on rows (a store's or a use case's
// Load...Edges).
type edgesLoader[E, T any] func(ctx context.Context, e E, rows ...*T) error

// pageWithEdges runs a list after checking its page request, then loads
// the edges e asks for on its rows.
func pageWithEdges[F, E, T any](ctx context.Context, f F, p *db.Paging, e E,
	list func(context.Context, F, *db.Paging) ([]*T, int, error), load edgesLoader[E, T]) ([]*T, int, error) {
	rows, total, err := listPage(ctx, f, p, list)
	if err == nil {
		err = load(ctx, e, rows...)
	}
	return rows, total, err
}

// oneWithEdges reads one row, then loads the edges e asks for on it.
func oneWithEdges[E, T any](ctx context.Context, id int64, e E,
	get func(context.Context, int64) (*T, error), load edgesLoader[E, T]) (*T, error) {
	row, err := get(ctx, id)
	if err == nil {
		err = load(ctx, e, row)
	}
	return row, err
}

// MaxPageSize bounds one page of any list.
const MaxPageSize = 1000
