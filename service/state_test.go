package service

import (
	"fmt"
	"slices"
	"testing"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

func TestMachine(t *testing.T) {
	m := NewMachine("letter", map[string][]string{"draft": {"sent"}, "sent": {"read"}, "read": {}})
	for _, c := range []struct {
		from, to string
		can      bool
	}{
		{"draft", "sent", true}, {"sent", "read", true},
		{"draft", "read", false}, {"sent", "draft", false}, {"read", "draft", false}, {"lost", "sent", false},
	} {
		if got := m.Can(c.from, c.to); got != c.can {
			t.Errorf("Can(%s, %s) = %v, want %v", c.from, c.to, got, c.can)
		}
		err := m.Check(c.from, c.to)
		if c.can && err != nil {
			t.Errorf("Check(%s, %s): %v", c.from, c.to, err)
		}
		if !c.can {
			e, ok := apperr.As(err)
			want := fmt.Sprintf("letter cannot go from %s to %s", c.from, c.to)
			if !ok || e.Code != apperr.InvalidInput || e.Reason != apperr.ReasonBadTransition || e.Message != want {
				t.Errorf("Check(%s, %s) = %#v, want INVALID_INPUT/BAD_TRANSITION %q", c.from, c.to, err, want)
			}
		}
	}
	if !m.Final("read") || m.Final("draft") || m.Final("sent") {
		t.Error("only read should be final")
	}
}

func TestNewMachinePanicsOnATargetThatIsNotAState(t *testing.T) {
	defer func() {
		if p := recover(); fmt.Sprint(p) != "letter: sent moves to lost, which is not a state" {
			t.Errorf("panic %v", p)
		}
	}()
	NewMachine("letter", map[string][]string{"draft": {"sent"}, "sent": {"lost"}})
}

// The goods' lifecycle has a state for every review state and deleted;
// every live state can be deleted and can reach every review state; deleted
// is final.
func TestGoodsLifecycle(t *testing.T) {
	var states []goodsPhase
	for s := range goodsLifecycle.next {
		states = append(states, s)
	}
	want := []goodsPhase{goodsDeleted}
	for _, name := range enum.ShopGoodsState.Names() {
		want = append(want, goodsPhase(name))
	}
	slices.Sort(states)
	slices.Sort(want)
	if !slices.Equal(states, want) {
		t.Fatalf("lifecycle states %q, want %q", states, want)
	}
	if !goodsLifecycle.Final(goodsDeleted) {
		t.Error("deleted is not final")
	}
	for _, from := range enum.ShopGoodsState.Names() {
		if !goodsLifecycle.Can(goodsPhase(from), goodsDeleted) {
			t.Errorf("%s cannot be deleted", from)
		}
		for _, to := range enum.ShopGoodsState.Names() {
			if !goodsLifecycle.Can(goodsPhase(from), goodsPhase(to)) {
				t.Errorf("%s cannot move to %s", from, to)
			}
			if goodsLifecycle.Can(goodsDeleted, goodsPhase(to)) {
				t.Errorf("deleted goods can move to %s", to)
			}
		}
	}
}

func TestPhaseOf(t *testing.T) {
	for _, c := range []struct {
		goods db.ShopGoods
		want  goodsPhase
	}{
		{db.ShopGoods{State: 0}, "REJECTED"},
		{db.ShopGoods{State: 1}, "IN_REVIEW"},
		{db.ShopGoods{State: 2}, "APPROVED"},
		{db.ShopGoods{State: 2, Deleted: true}, goodsDeleted},
	} {
		if got := phaseOf(&c.goods); got != c.want {
			t.Errorf("state %d deleted %v: %s, want %s", c.goods.State, c.goods.Deleted, got, c.want)
		}
	}
}
