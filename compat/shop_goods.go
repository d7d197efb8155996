package compat

// Routes of the shop back office; see shop.go for the envelope.
var shopGoodsRoutes = []route{}
