package service

import (
	"cmp"
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/graph/scalar"
)

// PartnerOrders are the partner platform's orders: placing one (every line
// checked against its listing, the seller's discount for the buyer, the
// seller's black and white lists and the stock), each line's moves through
// its states, and the reads. A partner account acts for its enterprise: it
// reads the orders it buys or sells in (a seller sees only its own lines
// of an order) and makes the moves of its side. ADMIN reads every order
// but moves no line: only the party named may.
type PartnerOrders struct {
	tx       *db.Handle
	store    *db.PartnerOrderStore
	partners *Partners          // the enterprise a caller acts for
	tracking *db.ShopOrderStore // shipping and receiving write tracking events, which the shop's kuaidi reads
}

// NewPartnerOrder is an order to place: the buyer (nil: the caller's own
// enterprise; ADMIN must name one) and its lines.
type NewPartnerOrder struct {
	BuyerID *int64
	Lines   []NewPartnerOrderLine
}

// NewPartnerOrderLine is a line as the buyer's client computed it; the
// server checks every figure. Stamp is the client's unique "WEBERP" + time.
type NewPartnerOrderLine struct {
	SellerID  int64
	GoodsCode string
	PriceFen  int64
	Amount    int
	Discount  int // hundredths of a percent
	TotalFen  int64
	Stamp     string
}

// Bounds of a new order.
const (
	MaxPartnerOrderLines  = 50
	MaxPartnerOrderAmount = 100000
	MaxPartnerStamp       = 64 // characters
	// FullPrice is the discount of a buyer the seller gives none: 100.00%.
	FullPrice = 10000
)

// Place places an order: one parent order and a line per input line, in
// one transaction that also takes each line's amount off its listing's
// stock. Any refusal refuses the whole order and names the line.
//
// Placing lines whose stamps were all placed before, together, as the
// whole of one order of this buyer, answers that order and writes nothing;
// stamps of which only some were placed, or placed in another order, are
// refused (PARTIAL_REPLAY). Two requests with the same new stamps at once
// place one order, which both answer: on SQLite, whose write transactions
// run one after the other, the second reads the first's stamps; on
// Postgres its insert of the stamps waits for the first to commit, fails
// as a duplicate, and it reads them after its rollback.
func (s *PartnerOrders) Place(ctx context.Context, in NewPartnerOrder) (*db.PartnerOrder, error) {
	stamps, err := checkNewPartnerOrder(in.Lines)
	if err != nil {
		return nil, err
	}
	buyer, err := s.acting(ctx, in.BuyerID, "buyerId")
	if err != nil {
		return nil, err
	}
	var o *db.PartnerOrder
	err = s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if o, err = s.replayed(ctx, buyer, stamps); o != nil || err != nil {
			return err
		}
		o, err = s.place(ctx, buyer, in.Lines)
		return err
	})
	if e, ok := apperr.As(err); ok && e.Reason == apperr.ReasonDuplicate {
		if o, rerr := s.replayed(ctx, buyer, stamps); o != nil || rerr != nil {
			return o, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	return o, nil
}

// checkNewPartnerOrder checks what an order says of itself (1 to
// MaxPartnerOrderLines lines, each of an amount in bounds and a stamp of
// its own) and returns its stamps.
func checkNewPartnerOrder(lines []NewPartnerOrderLine) ([]string, error) {
	if len(lines) == 0 || len(lines) > MaxPartnerOrderLines {
		return nil, apperr.Invalidf("an order has 1 to %d lines, got %d", MaxPartnerOrderLines, len(lines)).At("lines")
	}
	stamps := make([]string, len(lines))
	first := make(map[string]int, len(lines))
	for i, l := range lines {
		switch at, seen := first[l.Stamp]; {
		case l.Amount < 1 || l.Amount > MaxPartnerOrderAmount:
			return nil, lineRefusal(apperr.Invalidf("the amount must be 1 to %d, got %d", MaxPartnerOrderAmount, l.Amount), i, "amount")
		case strings.TrimSpace(l.Stamp) == "":
			return nil, lineRefusal(apperr.Invalidf("a line needs a timestamp"), i, "timestamp")
		case utf8.RuneCountInString(l.Stamp) > MaxPartnerStamp:
			return nil, lineRefusal(apperr.Invalidf("a timestamp is at most %d characters", MaxPartnerStamp), i, "timestamp")
		case seen:
			return nil, lineRefusal(apperr.Invalidf("timestamp %q is line %d's too", l.Stamp, at+1), i, "timestamp")
		}
		first[l.Stamp], stamps[i] = i, l.Stamp
	}
	return stamps, nil
}

// lineRefusal names line i (from 1 in the message, from 0 in the field)
// and, when given, its member at fault.
func lineRefusal(e *apperr.Error, i int, member string) error {
	e.Message = fmt.Sprintf("line %d: %s", i+1, e.Message)
	if member == "" {
		return e.At("lines.%d", i)
	}
	return e.At("lines.%d.%s", i, member)
}

// replayed is the order these stamps placed before, if they are all of
// one order of this buyer; nil if none was placed.
func (s *PartnerOrders) replayed(ctx context.Context, buyer int64, stamps []string) (*db.PartnerOrder, error) {
	lines, err := s.store.LinesOfStampedOrders(ctx, stamps)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	id, err := replayOf(buyer, stamps, lines)
	if err != nil {
		return nil, err
	}
	return s.store.Order(ctx, id)
}

// replayOf judges a replay on every line of the orders that hold one of
// the stamps: the order the stamps are exactly the lines of, if it is the
// buyer's; otherwise PARTIAL_REPLAY naming the first line placed before
// (and nothing of another buyer's order).
func replayOf(buyer int64, stamps []string, lines []*db.PartnerOrderLine) (int64, error) {
	placed := make(map[string]bool, len(lines))
	whole := len(lines) == len(stamps)
	for _, l := range lines {
		placed[l.Stamp] = true
		whole = whole && l.OrderID == lines[0].OrderID && l.BuyerID == buyer
	}
	for _, stamp := range stamps {
		whole = whole && placed[stamp]
	}
	if whole {
		return lines[0].OrderID, nil
	}
	i := slices.IndexFunc(stamps, func(s string) bool { return placed[s] })
	return 0, lineRefusal(apperr.New(apperr.Conflict, apperr.ReasonPartialReplay,
		"timestamp %q was placed before, in an order that is not exactly these lines", stamps[i]), i, "timestamp")
}

// place checks the lines against the listings, discounts and lists, then
// writes the order and takes the stock.
func (s *PartnerOrders) place(ctx context.Context, buyer int64, in []NewPartnerOrderLine) (*db.PartnerOrder, error) {
	keys := make([]db.ListingKey, len(in))
	for i, l := range in {
		keys[i] = db.ListingKey{SellerID: l.SellerID, GoodsCode: l.GoodsCode}
	}
	found, err := s.store.ListingsByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	listings := make([]*db.PartnerListing, len(in))
	for i, l := range in {
		if l.SellerID == buyer {
			return nil, lineRefusal(apperr.Invalidf("enterprise %d cannot buy its own goods", buyer), i, "sellerId")
		}
		if listings[i] = found[keys[i]]; listings[i] == nil {
			e := apperr.Missing(apperr.EntityListing, l.GoodsCode)
			e.Message = fmt.Sprintf("enterprise %d lists no goods %q", l.SellerID, l.GoodsCode)
			return nil, lineRefusal(e, i, "goodsCode")
		}
	}
	discounts, err := s.store.DiscountsFor(ctx, buyer, listings)
	if err != nil {
		return nil, err
	}
	facts, err := s.store.GoodsListFacts(ctx, buyer, listings)
	if err != nil {
		return nil, err
	}
	now := s.tx.Now().Truncate(time.Microsecond)
	lines := make([]*db.PartnerOrderLine, len(in))
	for i, l := range in {
		listing := listings[i]
		if err := checkPartnerLine(l, listing, buyer, partnerDiscount(discounts, listing), facts); err != nil {
			return nil, lineRefusal(err, i, err.Field)
		}
		lines[i] = &db.PartnerOrderLine{BuyerID: buyer, SellerID: l.SellerID, ListingID: listing.ID,
			GoodsCode: listing.GoodsCode, GoodsName: listing.Name, PriceFen: l.PriceFen, Amount: int64(l.Amount),
			Discount: l.Discount, TotalFen: l.TotalFen, Stamp: l.Stamp, Status: linePlaced, CreatedAt: now, UpdatedAt: now}
	}
	// The lines go in before the stock is taken, so that a concurrent
	// request with the same stamps meets them (and answers this order)
	// rather than a stock this order took.
	o := &db.PartnerOrder{BuyerID: buyer, PlacedBy: auth.FromContext(ctx).AccountID, CreatedAt: now}
	if err := s.store.CreateOrder(ctx, o, lines); err != nil {
		return nil, err
	}
	return o, s.takeStock(ctx, lines)
}

// takeStock takes each line's amount off its listing, listing by listing
// in id order, so that two orders of the same listings lock them in the
// same order (no deadlock on Postgres).
func (s *PartnerOrders) takeStock(ctx context.Context, lines []*db.PartnerOrderLine) error {
	order := make([]int, len(lines))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(lines[a].ListingID, lines[b].ListingID) })
	for _, i := range order {
		l := lines[i]
		ok, err := s.store.TakeStock(ctx, l.ListingID, l.Amount)
		if err != nil {
			return err
		}
		if !ok {
			return lineRefusal(apperr.New(apperr.Conflict, apperr.ReasonOutOfStock,
				"enterprise %d has fewer than %d of goods %q in stock", l.SellerID, l.Amount, l.GoodsCode), i, "amount")
		}
	}
	return nil
}

// checkPartnerLine checks a line's figures against its listing and the
// discount the seller gives the buyer, then the seller's lists; the error
// names the member at fault in its field (lineRefusal adds the line).
func checkPartnerLine(l NewPartnerOrderLine, listing *db.PartnerListing, buyer int64, discount int, facts []db.GoodsListFact) *apperr.Error {
	mismatch := func(member, format string, args ...any) *apperr.Error {
		return apperr.New(apperr.InvalidInput, apperr.ReasonPriceMismatch, format, args...).At("%s", member)
	}
	switch total, ok := PartnerLineTotal(listing.PriceFen, int64(l.Amount), discount); {
	case l.PriceFen != listing.PriceFen:
		return mismatch("price", "the price is %s, not %s", scalar.FormatMoney(listing.PriceFen), scalar.FormatMoney(l.PriceFen))
	case l.Discount != discount:
		return mismatch("discount", "the discount is %d, not %d", discount, l.Discount)
	case !ok:
		return apperr.Invalidf("%d at %s is more than an order can cost", l.Amount, scalar.FormatMoney(l.PriceFen)).At("amount")
	case l.TotalFen != total:
		return mismatch("total", "the total is %s, not %s", scalar.FormatMoney(total), scalar.FormatMoney(l.TotalFen))
	}
	if why := goodsListBars(facts, listing, buyer); why != "" {
		return apperr.New(apperr.Forbidden, apperr.ReasonBlocked, "%s", why)
	}
	return nil
}

// partnerDiscount is the discount a seller gives for a listing, of those
// it gives the buyer's relation kind (DiscountsFor): one for the listing
// over one for all its goods; none is FullPrice.
func partnerDiscount(discounts []*db.PartnerDiscount, listing *db.PartnerListing) int {
	found := FullPrice
	for _, d := range discounts {
		switch {
		case d.EnterpriseID != listing.EnterpriseID: // another seller's
		case d.ListingID != nil && *d.ListingID == listing.ID:
			return d.Discount
		case d.ListingID == nil:
			found = d.Discount
		}
	}
	return found
}

// PartnerLineTotal is price × amount × discount / 10000 rounded half up to
// the fen; false when it is beyond an int64 of fen.
func PartnerLineTotal(priceFen, amount int64, discount int) (int64, bool) {
	t := new(big.Int).Mul(big.NewInt(priceFen), big.NewInt(amount))
	t.Mul(t, big.NewInt(int64(discount)))
	t.Add(t, big.NewInt(FullPrice/2))
	t.Div(t, big.NewInt(FullPrice)) // amounts are never negative, so Div's flooring is half up
	return t.Int64(), t.IsInt64()
}

// goodsListBars tells why the seller's lists bar the buyer from a listing
// ("" if they do not): the buyer on a black list of the listing or of all
// the seller's goods; or white lists of either kind, the buyer on none.
func goodsListBars(facts []db.GoodsListFact, listing *db.PartnerListing, buyer int64) string {
	white, onWhite := false, false
	for _, f := range facts {
		if f.SellerID != listing.EnterpriseID || f.ListingID != nil && *f.ListingID != listing.ID {
			continue
		}
		switch f.ListType {
		case db.ListBlack:
			if f.HasBuyer == 1 {
				return fmt.Sprintf("enterprise %d's black list bars enterprise %d from goods %q", listing.EnterpriseID, buyer, listing.GoodsCode)
			}
		case db.ListWhite:
			white, onWhite = true, onWhite || f.HasBuyer == 1
		}
	}
	if white && !onWhite {
		return fmt.Sprintf("enterprise %d sells goods %q only to the enterprises on its white list", listing.EnterpriseID, listing.GoodsCode)
	}
	return ""
}

// The states of a line, codes of enum.PartnerOrderStatus.
var (
	linePlaced          = mustCode(enum.PartnerOrderStatus, "PLACED")
	lineAccepted        = mustCode(enum.PartnerOrderStatus, "ACCEPTED")
	lineShipped         = mustCode(enum.PartnerOrderStatus, "SHIPPED")
	lineReceived        = mustCode(enum.PartnerOrderStatus, "RECEIVED")
	lineReturnRequested = mustCode(enum.PartnerOrderStatus, "RETURN_REQUESTED")
	lineReturnConfirmed = mustCode(enum.PartnerOrderStatus, "RETURN_CONFIRMED")
)

// partnerParty is a side of an order line; the operator (ADMIN) reads
// lines but is neither.
type partnerParty string

const (
	partySeller   partnerParty = "seller"
	partyBuyer    partnerParty = "buyer"
	partyOperator partnerParty = "operator"
)

// partnerLineMove is a move of a line's state machine: from a state to
// another, made by one party (what it does names it in a refusal).
type partnerLineMove struct {
	from, to int
	by       partnerParty
	does     string
}

// partnerLineMoves is the line's state machine; no other move exists.
var partnerLineMoves = []partnerLineMove{
	{linePlaced, lineAccepted, partySeller, "accepts an order line"},
	{lineAccepted, lineShipped, partySeller, "ships an order line"},
	{lineShipped, lineReceived, partyBuyer, "receives an order line"},
	{lineReceived, lineReturnRequested, partyBuyer, "asks to return an order line"},
	{lineReturnRequested, lineReturnConfirmed, partySeller, "confirms a return"},
}

// checkLineMove refuses a move of line id from a state to another that the
// table lacks (BAD_TRANSITION, naming both states) or that is the other
// party's (WRONG_PARTY, whatever the state: the buyer never accepts).
func checkLineMove(id int64, from, to int, by partnerParty) error {
	var theirs *partnerLineMove
	mine := false
	for _, m := range partnerLineMoves {
		switch {
		case m.to != to:
		case by != m.by:
			if theirs == nil {
				theirs = &m
			}
		case m.from == from:
			return nil
		default:
			mine = true
		}
	}
	if theirs != nil && !mine {
		return apperr.New(apperr.Forbidden, apperr.ReasonWrongParty, "the %s %s", theirs.by, theirs.does)
	}
	return apperr.New(apperr.InvalidInput, apperr.ReasonBadTransition,
		"order line %d is %s and cannot become %s", id, lineStateText(from), lineStateText(to))
}

// lineStateText names a state with its code: "ACCEPTED (2)".
func lineStateText(code int) string {
	name, err := enum.PartnerOrderStatus.Name(code)
	if err != nil {
		name = "UNKNOWN"
	}
	return fmt.Sprintf("%s (%d)", name, code)
}

// partnerViewer is who reads or moves orders: ADMIN, or a partner acting
// for its enterprise.
type partnerViewer struct {
	admin      bool
	enterprise int64
}

func (s *PartnerOrders) viewer(ctx context.Context) (partnerViewer, error) {
	if v := auth.FromContext(ctx); v != nil && v.Role == db.RoleAdmin {
		return partnerViewer{admin: true}, nil
	}
	e, err := s.partners.Acting(ctx, nil)
	return partnerViewer{enterprise: e}, err
}

// partyTo is the side of a line the viewer is on; false: neither.
func (v partnerViewer) partyTo(l *db.PartnerOrderLine) (partnerParty, bool) {
	switch {
	case v.admin:
		return partyOperator, true
	case l.SellerID == v.enterprise:
		return partySeller, true
	case l.BuyerID == v.enterprise:
		return partyBuyer, true
	}
	return "", false
}

// acting is Partners.Acting, its refusal pointed at the input field that
// named the enterprise.
func (s *PartnerOrders) acting(ctx context.Context, given *int64, field string) (int64, error) {
	id, err := s.partners.Acting(ctx, given)
	if e, ok := apperr.As(err); ok && e.Field != "" {
		e.Field = field
	}
	return id, err
}

// move makes a move of the line state machine, then its effect, in one
// transaction with the line locked: two moves of one line cannot both
// pass. A line the viewer is on neither side of is NOT_FOUND.
func (s *PartnerOrders) move(ctx context.Context, id int64, to int, effect func(context.Context, *db.PartnerOrderLine) error) (*db.PartnerOrderLine, error) {
	v, err := s.viewer(ctx)
	if err != nil {
		return nil, err
	}
	var l *db.PartnerOrderLine
	err = s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if l, err = s.store.LockLine(ctx, id); err != nil {
			return err
		}
		by, ok := v.partyTo(l)
		if !ok {
			return apperr.Missing(apperr.EntityPartnerOrderLine, id)
		}
		if err := checkLineMove(id, l.Status, to, by); err != nil {
			return err
		}
		if err := s.store.SetStatus(ctx, l, to); err != nil || effect == nil {
			return err
		}
		return effect(ctx, l)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Accept: the seller accepts a placed line.
func (s *PartnerOrders) Accept(ctx context.Context, id int64) (*db.PartnerOrderLine, error) {
	return s.move(ctx, id, lineAccepted, nil)
}

// Bounds of a shipment's text.
const (
	MaxTrackingNumber = 64
	MaxShipmentText   = 200
)

// Ship: the seller ships an accepted line, saying how; the tracking
// number's events get "已发货 <logistics name> <tracking number>". The
// number must be free (TrackingNumberFree).
// LineID and the times of sh are the server's.
func (s *PartnerOrders) Ship(ctx context.Context, id int64, sh db.PartnerShipment) (*db.PartnerOrderLine, error) {
	if err := checkShipment(&sh); err != nil {
		return nil, err
	}
	return s.move(ctx, id, lineShipped, func(ctx context.Context, l *db.PartnerOrderLine) error {
		free, err := s.store.TrackingNumberFree(ctx, sh.TrackingNumber, l.SellerID, l.BuyerID)
		if err != nil {
			return err
		}
		if !free {
			return apperr.New(apperr.Conflict, apperr.ReasonDuplicate,
				"tracking number %q is another shipment's", sh.TrackingNumber).At("shipment.trackingNumber")
		}
		sh.LineID, sh.ShippedAt, sh.ReceivedAt = l.ID, l.UpdatedAt, nil
		if err := s.store.AddShipment(ctx, &sh); err != nil {
			return err
		}
		return s.track(ctx, sh.TrackingNumber, l.UpdatedAt, "已发货", sh.LogisticsName, sh.TrackingNumber)
	})
}

// checkShipment wants a tracking number (trimmed) and bounded text.
func checkShipment(sh *db.PartnerShipment) error {
	sh.TrackingNumber = strings.TrimSpace(sh.TrackingNumber)
	switch n := utf8.RuneCountInString(sh.TrackingNumber); {
	case n == 0:
		return apperr.Invalidf("a shipment needs a tracking number").At("shipment.trackingNumber")
	case n > MaxTrackingNumber:
		return apperr.Invalidf("a tracking number is at most %d characters", MaxTrackingNumber).At("shipment.trackingNumber")
	}
	for _, f := range []struct{ field, text string }{
		{"logisticsId", sh.LogisticsID}, {"logisticsName", sh.LogisticsName},
		{"courierId", sh.CourierID}, {"courierName", sh.CourierName}, {"courierTel", sh.CourierTel},
		{"senderId", sh.SenderID}, {"senderName", sh.SenderName}, {"senderTel", sh.SenderTel}, {"senderAddress", sh.SenderAddress},
		{"receiverId", sh.ReceiverID}, {"receiverName", sh.ReceiverName}, {"receiverTel", sh.ReceiverTel}, {"receiverAddress", sh.ReceiverAddress},
	} {
		if utf8.RuneCountInString(f.text) > MaxShipmentText {
			return apperr.Invalidf("%s is at most %d characters", f.field, MaxShipmentText).At("shipment.%s", f.field)
		}
	}
	return nil
}

// Receive: the buyer confirms a shipped line arrived; the shipment is
// stamped received and its events get "已签收 <receiver name>".
func (s *PartnerOrders) Receive(ctx context.Context, id int64) (*db.PartnerOrderLine, error) {
	return s.move(ctx, id, lineReceived, func(ctx context.Context, l *db.PartnerOrderLine) error {
		sh, err := s.store.MarkReceived(ctx, l.ID, l.UpdatedAt)
		if err != nil {
			return err
		}
		return s.track(ctx, sh.TrackingNumber, l.UpdatedAt, "已签收", sh.ReceiverName)
	})
}

// track writes a tracking event: its words joined by spaces, empty ones
// left out.
func (s *PartnerOrders) track(ctx context.Context, number string, at time.Time, words ...string) error {
	words = slices.DeleteFunc(words, func(w string) bool { return w == "" })
	return s.tracking.AddTrackingEvents(ctx, []db.TrackingEvent{{TrackingNumber: number, Time: at, Context: strings.Join(words, " ")}})
}

// RequestReturn: the buyer asks to return a received line.
func (s *PartnerOrders) RequestReturn(ctx context.Context, id int64) (*db.PartnerOrderLine, error) {
	return s.move(ctx, id, lineReturnRequested, nil)
}

// ConfirmReturn: the seller takes a line back; its amount goes back into
// the listing's stock.
func (s *PartnerOrders) ConfirmReturn(ctx context.Context, id int64) (*db.PartnerOrderLine, error) {
	return s.move(ctx, id, lineReturnConfirmed, func(ctx context.Context, l *db.PartnerOrderLine) error {
		return s.store.ReturnStock(ctx, l.ListingID, l.Amount)
	})
}

// Order reads a parent order its buyer or a seller of one of its lines may
// read (ADMIN: any); to others it does not exist.
func (s *PartnerOrders) Order(ctx context.Context, id int64) (*db.PartnerOrder, error) {
	v, err := s.viewer(ctx)
	if err != nil {
		return nil, err
	}
	o, err := s.store.Order(ctx, id)
	if err != nil || v.admin || o.BuyerID == v.enterprise {
		return o, err
	}
	sells, err := s.store.SellsIn(ctx, id, v.enterprise)
	if err == nil && !sells {
		err = apperr.Missing(apperr.EntityPartnerOrder, id)
	}
	if err != nil {
		return nil, err
	}
	return o, nil
}

// LineScope is the seller whose lines of an order the viewer sees: 0 for
// every line (its buyer, ADMIN), else its own enterprise.
func (s *PartnerOrders) LineScope(ctx context.Context, o *db.PartnerOrder) (int64, error) {
	v, err := s.viewer(ctx)
	if err != nil || v.admin || v.enterprise == o.BuyerID {
		return 0, err
	}
	return v.enterprise, nil
}

// Line reads a line its buyer or seller may read (ADMIN: any); to others
// it does not exist.
func (s *PartnerOrders) Line(ctx context.Context, id int64) (*db.PartnerOrderLine, error) {
	v, err := s.viewer(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.store.Line(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, ok := v.partyTo(l); !ok {
		return nil, apperr.Missing(apperr.EntityPartnerOrderLine, id)
	}
	return l, nil
}

// Lines lists, newest first, the lines of the enterprise the filter names
// (a partner: its own, which it may leave out; ADMIN: any, or none for
// every line, when the side does not matter).
func (s *PartnerOrders) Lines(ctx context.Context, f db.PartnerOrderLineFilter, p *db.Paging) ([]*db.PartnerOrderLine, int, error) {
	if v := auth.FromContext(ctx); v == nil || v.Role != db.RoleAdmin || f.EnterpriseID != nil {
		e, err := s.acting(ctx, f.EnterpriseID, "filter.enterpriseId")
		if err != nil {
			return nil, 0, err
		}
		f.EnterpriseID = &e
	}
	return listPage(ctx, f, p, s.store.Lines)
}
