package enum

// Merchant management's enumerations, stored as the legacy /custommanage/
// codes.
var (
	MerchantType = New("MerchantType", Pair[int]{"SHOP", 1}, Pair[int]{"PERSON", 2})
	// FinanceStatus is the merchant's finance_status.
	FinanceStatus = New("FinanceStatus",
		Pair[int]{"ACTIVE", 0}, Pair[int]{"FROZEN", 1}, Pair[int]{"UNKNOWN", 2}, Pair[int]{"DELETED", -99})
	// ReviewState is the restaurant's check_out.
	ReviewState = New("ReviewState", Pair[int]{"APPROVED", 1}, Pair[int]{"PENDING", 2})
	SettleWay   = New("SettleWay", Pair[int]{"GOODS_FIRST", 1}, Pair[int]{"PAYMENT_FIRST", 2})
	// SettlementCycle is the restaurant's pay_method.
	SettlementCycle = New("SettlementCycle",
		Pair[int]{"DAILY", 1}, Pair[int]{"WEEKLY", 2}, Pair[int]{"SEMIMONTHLY", 3}, Pair[int]{"MONTHLY", 4})
	// CreditMode is the restaurant's is_credit.
	CreditMode = New("CreditMode", Pair[int]{"BY_CYCLE", 0}, Pair[int]{"BY_LIMIT", 1})
	// SettleDateBasis is the restaurant's settle_date_type.
	SettleDateBasis = New("SettleDateBasis", Pair[int]{"ORDER_DATE", 1}, Pair[int]{"RECEIPT_DATE", 2})
)
