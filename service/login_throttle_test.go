package service

import (
	"net/netip"
	"testing"
	"time"

	"github.com/onegraph/server/db"
)

// The window and backoff arithmetic, on a fake clock: under the limit no
// wait; at the limit Backoff after the last failure, doubling with each
// failure beyond it up to MaxBackoff; the wait runs out as the clock moves.
func TestLoginThrottleWait(t *testing.T) {
	p := LoginThrottle{}.withDefaults() // 5 per account, 1 s doubling to 15 min
	last := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		n     int
		after time.Duration // since the last failure
		want  time.Duration
	}{
		{0, 0, 0},
		{4, 0, 0},
		{5, 0, time.Second},
		{5, 400 * time.Millisecond, 600 * time.Millisecond},
		{5, time.Second, 0},
		{6, 0, 2 * time.Second},
		{7, time.Second, 3 * time.Second},
		{14, 0, 512 * time.Second},
		{15, 0, 15 * time.Minute}, // 1024 s, capped
		{15, 14 * time.Minute, time.Minute},
		{1 << 40, 0, 15 * time.Minute}, // no overflow
		{1 << 40, time.Hour, 0},
	} {
		got := p.wait(p.AccountLimit, db.LoginFailures{N: tc.n, Last: last}, last.Add(tc.after))
		if got != tc.want {
			t.Errorf("%d failures, %v later: wait %v, want %v", tc.n, tc.after, got, tc.want)
		}
	}
	// Each setting is its own: a zero field takes the default, others stay.
	q := LoginThrottle{AccountLimit: 2, Backoff: time.Minute, MaxBackoff: 3 * time.Minute}.withDefaults()
	if q.Window != 15*time.Minute || q.AddressLimit != 50 {
		t.Errorf("defaults not filled: %+v", q)
	}
	for n, want := range map[int]time.Duration{1: 0, 2: time.Minute, 3: 2 * time.Minute, 4: 3 * time.Minute, 9: 3 * time.Minute} {
		if got := q.wait(q.AccountLimit, db.LoginFailures{N: n, Last: last}, last); got != want {
			t.Errorf("limit 2, %d failures: wait %v, want %v", n, got, want)
		}
	}
}

// An IPv6 client is counted by its /64, an IPv4 one by its address.
func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9":          "203.0.113.9",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":      "2001:db8:1:3::/64",
	} {
		if got := addressKey(netip.MustParseAddr(in)); got != want {
			t.Errorf("%s: key %s, want %s", in, got, want)
		}
	}
}
