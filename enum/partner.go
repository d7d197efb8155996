package enum

// The partner API's enumerations, stored as its codes.
var (
	// PartnerOrderStatus is a line's order_status.
	PartnerOrderStatus = New("PartnerOrderStatus",
		Pair[int]{"PLACED", 1}, Pair[int]{"ACCEPTED", 2}, Pair[int]{"SHIPPED", 50}, Pair[int]{"RECEIVED", 55},
		Pair[int]{"RETURN_REQUESTED", 90}, Pair[int]{"RETURN_CONFIRMED", 99})
	// PartnerReminderOp is a reminder's op_type.
	PartnerReminderOp = New("PartnerReminderOp", Pair[int]{"RAISE", 1}, Pair[int]{"CANCEL", 2})
)
