package service

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"

	"github.com/onegraph/server/db"
)

// Credentials remembers, for a short while, the sessions that partner
// sign-ins opened, keyed by an HMAC of the username and password under a
// key of this process (the password itself is never kept), so that the
// partner API, whose every request carries the credentials, runs bcrypt
// once per client a minute rather than per request (a bcrypt check costs
// tens of milliseconds of a core). Drop forgets an account at once when its
// password or active flag changes on this instance; on another, within TTL.
type Credentials struct {
	key     []byte
	ttl     time.Duration
	entries *lru.Cache[[sha256.Size]byte, verified]

	// flight makes the sign-ins of one client's burst (an ERP's first
	// requests at once) one check: the others wait for it rather than each
	// running bcrypt, and count against the login throttle once.
	flight singleflight.Group

	mu        sync.Mutex
	drops     uint64                       // counts drops: a sign-in checked before one is not kept
	bySession map[string][sha256.Size]byte // each entry's key by its session
}

// verified is a sign-in the cache answers again: its session and account.
type verified struct {
	token     string
	expires   time.Time // the session's end
	until     time.Time // the cache's: at most TTL after the check
	account   db.Account
	sessionID string
}

// CredentialTTL is the longest a checked password is believed, and
// credentialEntries how many clients' sign-ins are kept.
const (
	CredentialTTL     = time.Minute
	credentialEntries = 10_000
)

// newCredentials remembers sign-ins for ttl, at most CredentialTTL; 0 or
// less remembers none.
func newCredentials(ttl time.Duration) *Credentials {
	ttl = min(ttl, CredentialTTL)
	key := make([]byte, 32)
	rand.Read(key) //nolint:errcheck // crypto/rand.Read never fails (Go 1.24+)
	c := &Credentials{key: key, ttl: ttl, bySession: map[string][sha256.Size]byte{}}
	// Called with c.mu held: every change of entries is made under it.
	c.entries, _ = lru.NewWithEvict(credentialEntries, func(_ [sha256.Size]byte, v verified) {
		delete(c.bySession, v.sessionID)
	}) // only a size <= 0 fails
	return c
}

func (c *Credentials) keyOf(username, password string) [sha256.Size]byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(username))
	m.Write([]byte{0}) // "ab"+"c" and "a"+"bc" differ
	m.Write([]byte(password))
	var k [sha256.Size]byte
	copy(k[:], m.Sum(nil))
	return k
}

// remembered answers a sign-in checked less than TTL ago, else the one
// check (which puts what it finds) of everybody asking with these
// credentials at this moment.
func (c *Credentials) remembered(username, password string, check func(epoch uint64, now time.Time) (verified, error)) (verified, error) {
	now, epoch := time.Now(), c.epoch()
	if v, ok := c.get(username, password, now); ok {
		return v, nil
	}
	if c.ttl <= 0 {
		return check(epoch, now)
	}
	k := c.keyOf(username, password)
	v, err, _ := c.flight.Do(string(k[:]), func() (any, error) {
		if v, ok := c.get(username, password, now); ok { // put by a check that just ended
			return v, nil
		}
		return check(epoch, now)
	})
	return v.(verified), err
}

// get answers a sign-in checked less than TTL ago whose session still runs.
func (c *Credentials) get(username, password string, now time.Time) (verified, bool) {
	if c.ttl <= 0 {
		return verified{}, false
	}
	k := c.keyOf(username, password)
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries.Get(k)
	if ok && (now.After(v.until) || now.After(v.expires)) {
		c.entries.Remove(k)
		ok = false
	}
	return v, ok
}

// epoch is read before a password is checked; put keeps the result only if
// no Drop came in between (the check may predate the change).
func (c *Credentials) epoch() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.drops
}

func (c *Credentials) put(username, password string, epoch uint64, v verified, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	v.account.PasswordHash = "" // not kept in memory longer than the check
	v.until = now.Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.drops == epoch {
		k := c.keyOf(username, password)
		if old, ok := c.entries.Peek(k); ok { // replaced in place: no eviction says so
			delete(c.bySession, old.sessionID)
		}
		c.entries.Add(k, v)
		c.bySession[v.sessionID] = k
	}
}

// Drop forgets every sign-in of the account (rare: a password or active
// flag changed), looking through every entry.
func (c *Credentials) Drop(accountID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drops++
	for _, k := range c.entries.Keys() {
		if v, ok := c.entries.Peek(k); ok && v.account.ID == accountID {
			c.entries.Remove(k)
		}
	}
}

// dropSession forgets the sign-in whose session was found revoked or
// expired (signed out through GraphQL, say), so the next sign-in with its
// credentials checks the password again.
func (c *Credentials) dropSession(sessionID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.bySession[sessionID]; ok {
		c.drops++
		c.entries.Remove(k)
	}
}
