package service

// LineTotal is what a partner order line costs, in fen: price × amount ×
// discount / 10000 (the discount in hundredths of a percent), rounded half
// up to the fen. The bounds on amounts (order lines) keep the product
// within int64.
func LineTotal(priceFen, amount int64, discount int) int64 {
	return (priceFen*amount*int64(discount) + 5000) / 10000
}
