package compat

import "testing"

// What the package's HTTP tests (compat_test) reach inside it.

// ExportSlots is how many exports may run at once.
var ExportSlots = cap(exportSlots)

// TakeExportSlots takes n export slots, as n exports running would, until
// giveBack gives some back or the test ends.
func TakeExportSlots(t testing.TB, n int) (giveBack func(n int)) {
	for range n {
		exportSlots <- struct{}{}
	}
	held := n
	giveBack = func(n int) {
		for ; n > 0 && held > 0; n-- {
			<-exportSlots
			held--
		}
	}
	t.Cleanup(func() { giveBack(held) })
	return giveBack
}
