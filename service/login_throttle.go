package service

import (
	"cmp"
	"context"
	"net/netip"
	"slices"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// LoginThrottle is how failed sign-ins hold back the next ones. Within
// Window, one username may fail AccountLimit times and one client address
// AddressLimit times; past its limit, each attempt of that username or
// address waits Backoff after the last failure, twice as long for each
// failure beyond the limit, at most MaxBackoff. Refused attempts are not
// counted as failures, so hammering a refused account does not lengthen
// its owner's wait.
type LoginThrottle struct {
	Window       time.Duration
	AccountLimit int
	AddressLimit int
	Backoff      time.Duration
	MaxBackoff   time.Duration
}

// DefaultLoginThrottle: five wrong passwords of one username in 15 minutes,
// or fifty from one address (an office behind one NAT signs in from one
// address), then a wait from 1 s doubling up to 15 minutes.
var DefaultLoginThrottle = LoginThrottle{Window: 15 * time.Minute, AccountLimit: 5, AddressLimit: 50,
	Backoff: time.Second, MaxBackoff: 15 * time.Minute}

// withDefaults fills the zero fields from DefaultLoginThrottle.
func (p LoginThrottle) withDefaults() LoginThrottle {
	d := DefaultLoginThrottle
	return LoginThrottle{Window: cmp.Or(p.Window, d.Window), AccountLimit: cmp.Or(p.AccountLimit, d.AccountLimit),
		AddressLimit: cmp.Or(p.AddressLimit, d.AddressLimit), Backoff: cmp.Or(p.Backoff, d.Backoff),
		MaxBackoff: cmp.Or(p.MaxBackoff, d.MaxBackoff)}
}

// wait is how long after now a key with these failures in the window must
// wait before its next attempt, given its limit (0: it may try now).
func (p LoginThrottle) wait(limit int, f db.LoginFailures, now time.Time) time.Duration {
	if f.N < limit {
		return 0
	}
	backoff := p.Backoff
	for range f.N - limit { // at most log2(MaxBackoff/Backoff) rounds
		if backoff >= p.MaxBackoff {
			break
		}
		backoff *= 2
	}
	return max(0, f.Last.Add(min(backoff, p.MaxBackoff)).Sub(now))
}

// loginThrottle applies a LoginThrottle with the failures kept in the
// database, so every instance counts the same ones.
type loginThrottle struct {
	LoginThrottle
	failures *db.LoginFailureStore
}

// attempt counts a sign-in of username from the request's client and refuses
// it, before any password is checked, while the username or the address
// must wait. The attempt is recorded as a failure first, so concurrent
// attempts count each other; done ends it: a matching password forgets it
// and the username's failures (not the address's: one account of its own
// must not let an attacker reset its address), a wrong one leaves it
// counted.
func (t *loginThrottle) attempt(ctx context.Context, username string) (done func(passwordOK bool) error, err error) {
	keys := []db.LoginKey{{Scope: db.LoginScopeAccount, Subject: username}}
	limits := []int{t.AccountLimit}
	if addr := auth.ClientOf(ctx).Addr; addr.IsValid() {
		keys = append(keys, db.LoginKey{Scope: db.LoginScopeAddress, Subject: addressKey(addr)})
		limits = append(limits, t.AddressLimit)
	}
	ids, now, err := t.failures.Attempt(ctx, keys)
	if err != nil {
		return nil, err
	}
	counts, err := t.failures.Before(ctx, keys, slices.Min(ids), now.Add(-t.Window))
	if err != nil {
		return nil, err
	}
	var wait time.Duration
	for i, k := range keys {
		wait = max(wait, t.wait(limits[i], counts[k], now))
	}
	if wait > 0 {
		if err := t.failures.Forget(ctx, ids); err != nil {
			return nil, err
		}
		return nil, apperr.Throttled("too many failed sign-ins", wait)
	}
	return func(passwordOK bool) error {
		if passwordOK {
			return t.failures.Forget(ctx, ids, keys[0])
		}
		// The table keeps only the failures still inside a window.
		return t.failures.Prune(ctx, now.Add(-t.Window))
	}, nil
}

// addressKey is what an address's failures are counted against: an IPv6
// client holds a whole /64, so its /64 is one address here.
func addressKey(a netip.Addr) string {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
