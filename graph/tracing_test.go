package graph_test

import (
	"testing"

	"github.com/onegraph/server/apptest"
)

// The items of a list get no resolver spans of their own (their edges'
// loader batches show the work): a page of 50 relations with their
// enterprises and kinds makes as many spans as a page of 5.
func TestTracedSpansDoNotGrowWithThePage(t *testing.T) {
	t.Parallel()
	spans := apptest.NewSpans()
	s := apptest.New(t, noCostLimit, spans.Trace)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	seedPartnerRows(t, s, a, 50)
	query := `query Relations($n: Int!) { partnerRelations(paging: {page: 1, size: $n}) { total items {
		id enterprise { id name } target { id name } kind { id name } } } }`
	count := map[int]int{}
	for _, n := range []int{5, 50} {
		got := spans.Of(t, func() { do(t, s, a.token, query, map[string]any{"n": n}) })
		count[n] = len(got)
		t.Logf("page of %d: %s", n, apptest.SpanNames(got))
	}
	if count[5] != count[50] {
		t.Errorf("a page of 5 made %d spans, of 50 %d", count[5], count[50])
	}
}
