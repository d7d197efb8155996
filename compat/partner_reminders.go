package compat

import "net/http"

// Interface 7: an order reminder from the caller's enterprise (sender) to
// another (receiver); op_type 1 reminds, 2 withdraws. The same timestamp
// again is the same reminder.
var partnerReminderRoutes = []route{{method: http.MethodPost, path: "/reminders", op: "PartnerRemind",
	okMsg: "操作成功!", failMsg: "操作失败!",
	vars: input(paramVars(reminder, reminderSender))}}

var (
	reminder = members{msg: "%s格式错误", fields: []field{
		{"type", "type", smallInt}, {"receiver", "receiverId", integer}, {"message", "message", nonBlank},
		{"op_type", "op", legacyCodes(map[int64]any{1: "RAISE", 2: "CANCEL"})}, {"timestamp", "timestamp", textual},
	}}
	reminderSender = members{unsent: orBlank, msg: "%s格式错误", fields: []field{
		{"sender", "senderId", integer}, {"order_ID", "orderRef", textual},
	}}
)
