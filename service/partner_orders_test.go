package service

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// expectRefusal fails t unless err is an *apperr.Error of this code,
// reason, field and message.
func expectRefusal(t *testing.T, err error, code apperr.Code, reason apperr.Reason, field, message string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != code || e.Reason != reason || e.Field != field || e.Message != message {
		t.Errorf("got %#v, want %s/%s at %q: %q", err, code, reason, field, message)
	}
}

// The line's state machine, written out independently of the table: the
// five moves, each its party's. Every other pair of states is refused for
// either party, naming both states; a move to a state that is the other
// party's is refused as theirs whatever the state, and the operator
// (ADMIN) makes none.
func TestPartnerLineMoves(t *testing.T) {
	type move struct{ from, to int }
	legal := map[move]partnerParty{{1, 2}: partySeller, {2, 50}: partySeller, {50, 55}: partyBuyer, {55, 90}: partyBuyer, {90, 99}: partySeller}
	partyOfTarget := map[int]partnerParty{2: partySeller, 50: partySeller, 55: partyBuyer, 90: partyBuyer, 99: partySeller}
	does := map[int]string{2: "accepts an order line", 50: "ships an order line", 55: "receives an order line",
		90: "asks to return an order line", 99: "confirms a return"}
	states := []int{1, 2, 50, 55, 90, 99}
	for _, from := range states {
		for _, to := range states {
			for _, by := range []partnerParty{partySeller, partyBuyer, partyOperator} {
				err := checkLineMove(7, from, to, by)
				name := fmt.Sprintf("%d→%d by %q", from, to, by)
				owner, reachable := partyOfTarget[to]
				switch _, ok := legal[move{from, to}]; {
				case reachable && owner != by:
					expectRefusal(t, err, apperr.Forbidden, apperr.ReasonWrongParty, "", fmt.Sprintf("the %s %s", owner, does[to]))
				case ok:
					if err != nil {
						t.Errorf("%s: %v", name, err)
					}
				default:
					expectRefusal(t, err, apperr.InvalidInput, apperr.ReasonBadTransition, "",
						fmt.Sprintf("order line 7 is %s and cannot become %s", lineStateText(from), lineStateText(to)))
				}
			}
		}
	}
	expectRefusal(t, checkLineMove(7, 2, 2, partySeller), apperr.InvalidInput, apperr.ReasonBadTransition, "",
		"order line 7 is ACCEPTED (2) and cannot become ACCEPTED (2)")
}

// The table's states are the enum's, each reached by one move; the last
// state is final.
func TestPartnerLineMovesTable(t *testing.T) {
	reached := map[int]int{}
	for _, m := range partnerLineMoves {
		for _, s := range []int{m.from, m.to} {
			if !enum.PartnerOrderStatus.Valid(s) {
				t.Errorf("state %d is no PartnerOrderStatus", s)
			}
		}
		reached[m.to]++
		if m.from == lineReturnConfirmed {
			t.Errorf("a move leaves RETURN_CONFIRMED")
		}
	}
	for to, n := range reached {
		if n != 1 {
			t.Errorf("%d moves reach %d: the party of a move to it is ambiguous", n, to)
		}
	}
	if len(reached) != len(enum.PartnerOrderStatus.Names())-1 {
		t.Errorf("moves reach %d states, want every state but PLACED", len(reached))
	}
}

func TestPartnerLineTotal(t *testing.T) {
	for _, c := range []struct {
		price, amount int64
		discount      int
		total         int64
		ok            bool
	}{
		{12850, 3, 9000, 34695, true},
		{3333, 2, 9500, 6333, true}, // 6332.7
		{1, 1, 5000, 1, true},       // 0.5 rounds up
		{1, 1, 4999, 0, true},       // 0.4999 rounds down
		{3, 5, 3333, 5, true},       // 4.9995
		{99999, 1, 10000, 99999, true},
		{0, 7, 10000, 0, true},
		{1 << 62, 100000, 10000, 0, false},
	} {
		total, ok := PartnerLineTotal(c.price, c.amount, c.discount)
		if ok != c.ok || ok && total != c.total {
			t.Errorf("total of %d × %d at %d = %d, %v; want %d, %v", c.price, c.amount, c.discount, total, ok, c.total, c.ok)
		}
	}
}

func TestPartnerDiscount(t *testing.T) {
	id := func(v int64) *int64 { return &v }
	listing := &db.PartnerListing{ID: 5, EnterpriseID: 2}
	for _, c := range []struct {
		name      string
		discounts []*db.PartnerDiscount
		want      int
	}{
		{"none", nil, FullPrice},
		{"all goods", []*db.PartnerDiscount{{EnterpriseID: 2, Discount: 9500}}, 9500},
		{"the goods over all goods", []*db.PartnerDiscount{{EnterpriseID: 2, Discount: 9500}, {EnterpriseID: 2, ListingID: id(5), Discount: 9000}}, 9000},
		{"the goods over all goods, either order", []*db.PartnerDiscount{{EnterpriseID: 2, ListingID: id(5), Discount: 9000}, {EnterpriseID: 2, Discount: 9500}}, 9000},
		{"other goods", []*db.PartnerDiscount{{EnterpriseID: 2, ListingID: id(6), Discount: 9000}}, FullPrice},
		{"another seller's", []*db.PartnerDiscount{{EnterpriseID: 3, Discount: 9000}, {EnterpriseID: 3, ListingID: id(5), Discount: 8000}}, FullPrice},
	} {
		if got := partnerDiscount(c.discounts, listing); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestGoodsListBars(t *testing.T) {
	id := func(v int64) *int64 { return &v }
	listing := &db.PartnerListing{ID: 5, EnterpriseID: 2, GoodsCode: "A-1"}
	fact := func(seller int64, listing *int64, kind string, hasBuyer bool) db.GoodsListFact {
		f := db.GoodsListFact{SellerID: seller, ListingID: listing, ListType: kind}
		if hasBuyer {
			f.HasBuyer = 1
		}
		return f
	}
	black := `enterprise 2's black list bars enterprise 9 from goods "A-1"`
	white := `enterprise 2 sells goods "A-1" only to the enterprises on its white list`
	for _, c := range []struct {
		name  string
		facts []db.GoodsListFact
		want  string
	}{
		{"no list", nil, ""},
		{"black, all goods", []db.GoodsListFact{fact(2, nil, db.ListBlack, true)}, black},
		{"black, the goods", []db.GoodsListFact{fact(2, id(5), db.ListBlack, true)}, black},
		{"black, others listed", []db.GoodsListFact{fact(2, nil, db.ListBlack, false)}, ""},
		{"black, other goods", []db.GoodsListFact{fact(2, id(6), db.ListBlack, true)}, ""},
		{"black, another seller", []db.GoodsListFact{fact(3, nil, db.ListBlack, true)}, ""},
		{"white without the buyer", []db.GoodsListFact{fact(2, id(5), db.ListWhite, false)}, white},
		{"white, all goods, without the buyer", []db.GoodsListFact{fact(2, nil, db.ListWhite, false)}, white},
		{"white with the buyer", []db.GoodsListFact{fact(2, id(5), db.ListWhite, true)}, ""},
		{"on either white list", []db.GoodsListFact{fact(2, nil, db.ListWhite, false), fact(2, id(5), db.ListWhite, true)}, ""},
		{"white of other goods", []db.GoodsListFact{fact(2, id(6), db.ListWhite, false)}, ""},
		{"white of another seller", []db.GoodsListFact{fact(3, nil, db.ListWhite, false)}, ""},
		{"white and black", []db.GoodsListFact{fact(2, nil, db.ListWhite, true), fact(2, id(5), db.ListBlack, true)}, black},
	} {
		if got := goodsListBars(c.facts, listing, 9); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestReplayOf(t *testing.T) {
	line := func(order, buyer int64, stamp string) *db.PartnerOrderLine {
		return &db.PartnerOrderLine{OrderID: order, BuyerID: buyer, Stamp: stamp}
	}
	partial := func(i int, stamp string) string {
		return fmt.Sprintf("line %d: timestamp %q was placed before, in an order that is not exactly these lines", i+1, stamp)
	}
	for _, c := range []struct {
		name   string
		stamps []string
		lines  []*db.PartnerOrderLine
		order  int64
		line   int // the refusal's, when order is 0
	}{
		{"the whole order", []string{"b", "a"}, []*db.PartnerOrderLine{line(4, 1, "a"), line(4, 1, "b")}, 4, 0},
		{"a new stamp besides", []string{"c", "a", "b"}, []*db.PartnerOrderLine{line(4, 1, "a"), line(4, 1, "b")}, 0, 1},
		{"part of the order", []string{"b"}, []*db.PartnerOrderLine{line(4, 1, "a"), line(4, 1, "b")}, 0, 0},
		{"two orders", []string{"a", "b"}, []*db.PartnerOrderLine{line(4, 1, "a"), line(5, 1, "b")}, 0, 0},
		{"another buyer's", []string{"a", "b"}, []*db.PartnerOrderLine{line(4, 2, "a"), line(4, 2, "b")}, 0, 0},
	} {
		order, err := replayOf(1, c.stamps, c.lines)
		if c.order != 0 {
			if order != c.order || err != nil {
				t.Errorf("%s: %d, %v; want %d", c.name, order, err, c.order)
			}
			continue
		}
		expectRefusal(t, err, apperr.Conflict, apperr.ReasonPartialReplay, fmt.Sprintf("lines.%d.timestamp", c.line), partial(c.line, c.stamps[c.line]))
	}
}

func TestCheckNewPartnerOrder(t *testing.T) {
	ok := func(stamp string, amount int) NewPartnerOrderLine {
		return NewPartnerOrderLine{Stamp: stamp, Amount: amount}
	}
	if stamps, err := checkNewPartnerOrder([]NewPartnerOrderLine{ok("a", 1), ok(strings.Repeat("时", 64), 100000)}); err != nil || len(stamps) != 2 {
		t.Errorf("a valid order: %v, %v", stamps, err)
	}
	many := make([]NewPartnerOrderLine, 51)
	for i := range many {
		many[i] = ok(fmt.Sprint(i), 1)
	}
	for _, c := range []struct {
		lines          []NewPartnerOrderLine
		field, message string
	}{
		{nil, "lines", "an order has 1 to 50 lines, got 0"},
		{many, "lines", "an order has 1 to 50 lines, got 51"},
		{[]NewPartnerOrderLine{ok("a", 1), ok("b", 0)}, "lines.1.amount", "line 2: the amount must be 1 to 100000, got 0"},
		{[]NewPartnerOrderLine{ok("a", 100001)}, "lines.0.amount", "line 1: the amount must be 1 to 100000, got 100001"},
		{[]NewPartnerOrderLine{ok("\t", 1)}, "lines.0.timestamp", "line 1: a line needs a timestamp"},
		{[]NewPartnerOrderLine{ok(strings.Repeat("x", 65), 1)}, "lines.0.timestamp", "line 1: a timestamp is at most 64 characters"},
		{[]NewPartnerOrderLine{ok("a", 1), ok("b", 1), ok("a", 1)}, "lines.2.timestamp", `line 3: timestamp "a" is line 1's too`},
	} {
		_, err := checkNewPartnerOrder(c.lines)
		expectRefusal(t, err, apperr.InvalidInput, "", c.field, c.message)
	}
}
