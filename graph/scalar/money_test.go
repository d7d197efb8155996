package scalar

import "testing"

// Money is read from plain decimal text only, exactly, and written with
// two decimals.
func TestMoney(t *testing.T) {
	for text, want := range map[string]int64{
		"6885.93": 688593, "12": 1200, "-1.5": -150, "+0.01": 1, "0.10": 10, "1000000000000": 100000000000000,
	} {
		if got, err := ParseMoney(text); err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", text, got, err, want)
		}
	}
	for _, text := range []string{"0.001", "1e2", "1/2", "0x10", "1_0", "0b11", "0x1p4", "", ".5", "5.", " 5", "1000000000000.01", "NaN"} {
		if got, err := ParseMoney(text); err == nil {
			t.Errorf("ParseMoney(%q) = %d, want refused", text, got)
		}
	}
	for fen, want := range map[int64]string{688593: "6885.93", 100: "1.00", 5: "0.05", -150: "-1.50", 0: "0.00", 12850: "128.50", 99999: "999.99"} {
		if got := FormatMoney(fen); got != want {
			t.Errorf("FormatMoney(%d) = %q, want %q", fen, got, want)
		}
	}
}
