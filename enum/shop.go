package enum

// The shop's enumerations: the GraphQL names and the stored codes, which
// are the original shop server's, so the legacy routes answer them as they
// are.
var (
	// ShopPayMethod is the order's order_pay.
	ShopPayMethod = New("ShopPayMethod",
		Pair[int]{"UNPAID", 0}, Pair[int]{"ALIPAY", 1}, Pair[int]{"WECHAT", 2}, Pair[int]{"BANK_CARD", 3})
	// ShopGoodsState is the goods' goods_state.
	ShopGoodsState = New("ShopGoodsState",
		Pair[int]{"REJECTED", 0}, Pair[int]{"IN_REVIEW", 1}, Pair[int]{"APPROVED", 2})
	// ShopAttributeKind is the attribute's attr_sel.
	ShopAttributeKind = New("ShopAttributeKind",
		Pair[string]{"MANY", "many"}, Pair[string]{"ONLY", "only"})
)
