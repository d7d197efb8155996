package service

import (
	"testing"
	"time"

	"github.com/onegraph/server/db"
)

func TestCredentialsRememberBrieflyAndForgetOnChange(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	signIn := func(account int64, session string) verified {
		return verified{token: "t-" + session, expires: now.Add(time.Hour), account: db.Account{ID: account, PasswordHash: "h"},
			sessionID: session}
	}
	c := newCredentials(time.Hour) // capped at CredentialTTL
	c.put("13800000001", "pw", c.epoch(), signIn(1, "s1"), now)
	c.put("13800000002", "pw", c.epoch(), signIn(2, "s2"), now)

	if v, ok := c.get("13800000001", "pw", now.Add(CredentialTTL-time.Second)); !ok || v.token != "t-s1" || v.account.PasswordHash != "" {
		t.Fatalf("a fresh sign-in: %+v, %v; want its token and no password hash kept", v, ok)
	}
	if _, ok := c.get("13800000001", "other", now); ok {
		t.Error("another password was answered")
	}
	if _, ok := c.get("1380000000", "1pw", now); ok {
		t.Error("username and password were not told apart")
	}
	if _, ok := c.get("13800000001", "pw", now.Add(CredentialTTL+time.Second)); ok {
		t.Error("a sign-in older than CredentialTTL was answered")
	}

	c.put("13800000001", "pw", c.epoch(), signIn(1, "s1"), now)
	c.Drop(1)
	if _, ok := c.get("13800000001", "pw", now); ok {
		t.Error("a dropped account's sign-in was answered")
	}
	if _, ok := c.get("13800000002", "pw", now); !ok {
		t.Error("dropping one account forgot another's")
	}
	c.dropSession("s2")
	if _, ok := c.get("13800000002", "pw", now); ok {
		t.Error("a sign-in whose session ended was answered")
	}

	// A check that began before a drop is not kept: it may predate the change.
	epoch := c.epoch()
	c.Drop(1)
	c.put("13800000001", "pw", epoch, signIn(1, "s3"), now)
	if _, ok := c.get("13800000001", "pw", now); ok {
		t.Error("a sign-in checked before a drop was kept")
	}

	off := newCredentials(0)
	off.put("13800000001", "pw", off.epoch(), signIn(1, "s4"), now)
	if _, ok := off.get("13800000001", "pw", now); ok {
		t.Error("a cache of TTL 0 answered")
	}
}
