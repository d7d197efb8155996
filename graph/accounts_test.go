package graph_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/jwtauth/v5"
	"github.com/google/uuid"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

const (
	loginQ = `mutation($u: String!, $p: String!) {
		login(input: {username: $u, password: $p, app: PHARMA}) { token expiresAt account { username role active } }
	}`
	meQ      = `{ me { id username role active createdAt profile { nickname birthdate bio } } }`
	logoutQ  = `mutation { logout }`
	profileQ = `mutation($in: ProfileInput!) { updateMyProfile(input: $in) { nickname birthdate bio } }`
)

func loginVars(user, password string) map[string]any { return map[string]any{"u": user, "p": password} }

func TestLogin(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	s.CreateAccount(t, "retired", "retired-pw", db.RoleAdmin, false)
	s.CreateAccount(t, "clerk", "clerk-pw", db.RoleStaff, true)

	t.Run("success", func(t *testing.T) {
		before := time.Now().UTC()
		data := do(t, s, "", loginQ, loginVars("admin", apptest.AdminPassword))
		token, expires := get(t, data, "login", "token"), get(t, data, "login", "expiresAt")
		apptest.EqualJSON(t, data, fmt.Sprintf(`{"login":{"token":%q,"expiresAt":%q,"account":{"username":"admin","role":"ADMIN","active":true}}}`, token, expires))
		if strings.Count(token, ".") != 2 {
			t.Errorf("token %q is not a JWT", token)
		}
		at, err := time.Parse(time.RFC3339Nano, expires)
		if err != nil || !strings.HasSuffix(expires, "Z") {
			t.Fatalf("expiresAt %q is not an RFC 3339 UTC time (%v)", expires, err)
		}
		// The default session lasts a day.
		if d := at.Sub(before); d < 24*time.Hour-time.Minute || d > 24*time.Hour+time.Minute {
			t.Errorf("session lasts %s, want 24h", d)
		}
		apptest.EqualJSON(t, do(t, s, token, `{ me { username } }`, nil), `{"me":{"username":"admin"}}`)
		// Each login is its own session with its own token.
		if other := s.AdminToken(t); other == token {
			t.Error("two logins gave the same token")
		}
	})

	t.Run("bad credentials look the same", func(t *testing.T) {
		badCredentials := `{"code":"UNAUTHENTICATED","reason":"BAD_CREDENTIALS"}`
		wrongPassword := fails(t, s, "", loginQ, loginVars("admin", "nope"), badCredentials)
		unknownUser := fails(t, s, "", loginQ, loginVars("nobody", apptest.AdminPassword), badCredentials)
		if wrongPassword != unknownUser {
			t.Errorf("wrong password says %q, unknown user says %q: want the same", wrongPassword, unknownUser)
		}
		fails(t, s, "", loginQ, loginVars("admin", ""), badCredentials)
		fails(t, s, "", loginQ, loginVars("ADMIN", apptest.AdminPassword), badCredentials) // usernames are exact
		// A disabled account with the wrong password does not tell it exists.
		fails(t, s, "", loginQ, loginVars("retired", "nope"), badCredentials)
	})

	t.Run("inactive", func(t *testing.T) {
		fails(t, s, "", loginQ, loginVars("retired", "retired-pw"), `{"code":"FORBIDDEN","reason":"INACTIVE"}`)
	})

	t.Run("staff may not enter the pharma admin", func(t *testing.T) {
		fails(t, s, "", loginQ, loginVars("clerk", "clerk-pw"), wrongRole)
	})

	t.Run("unknown app", func(t *testing.T) {
		r := s.GraphQL(t, "", `mutation { login(input: {username: "admin", password: "x", app: WAREHOUSE}) { token } }`, nil)
		if r.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("code %q, want GRAPHQL_VALIDATION_FAILED (%+v)", r.Code(), r.Errors)
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	ctx := context.Background()
	boss := s.CreateAccount(t, "boss", "boss-pw", db.RoleAdmin, true)

	t.Run("me", func(t *testing.T) {
		token := s.Login(t, "boss", "boss-pw")
		data := do(t, s, token, meQ, nil)
		createdAt := get(t, data, "me", "createdAt")
		apptest.EqualJSON(t, data, fmt.Sprintf(`{"me":{"id":"%d","username":"boss","role":"ADMIN","active":true,"createdAt":%q,
			"profile":{"nickname":null,"birthdate":null,"bio":null}}}`, boss.ID, createdAt))
		if !strings.HasSuffix(createdAt, "Z") {
			t.Errorf("createdAt %q is not in UTC", createdAt)
		}
		fails(t, s, "", meQ, nil, signInFirst)
	})

	t.Run("a staff account is signed in too", func(t *testing.T) {
		clerk := quickAccount(t, s, "clerk", db.RoleStaff)
		data := do(t, s, s.TokenFor(t, clerk), `{ me { id username role active } }`, nil)
		apptest.EqualJSON(t, data, fmt.Sprintf(`{"me":{"id":"%d","username":"clerk","role":"STAFF","active":true}}`, clerk.ID))
	})

	t.Run("logout", func(t *testing.T) {
		token, other := s.Login(t, "boss", "boss-pw"), s.TokenFor(t, boss)
		apptest.EqualJSON(t, do(t, s, token, logoutQ, nil), `{"logout":true}`)
		fails(t, s, token, meQ, nil, signInFirst)
		fails(t, s, token, logoutQ, nil, signInFirst)
		fails(t, s, token, customerKind.listQ(), nil, signInFirst)
		// Only that session ended.
		apptest.EqualJSON(t, do(t, s, other, `{ me { username } }`, nil), `{"me":{"username":"boss"}}`)
		fails(t, s, "", logoutQ, nil, signInFirst)
	})

	t.Run("tokens that are not ours", func(t *testing.T) {
		token := s.TokenFor(t, boss)
		sid := sessionID(t, s.App.Config.JWTSecret, token)
		for name, bad := range map[string]string{
			"garbage":        "garbage",
			"empty bearer":   " ",
			"truncated":      token[:len(token)-4],
			"other secret":   sign(t, "another-secret", map[string]any{"sid": sid, "sub": "boss", "exp": time.Now().Add(time.Hour).Unix()}),
			"unknown sid":    sign(t, s.App.Config.JWTSecret, map[string]any{"sid": uuid.NewString(), "sub": "boss", "exp": time.Now().Add(time.Hour).Unix()}),
			"no sid":         sign(t, s.App.Config.JWTSecret, map[string]any{"sub": "boss", "exp": time.Now().Add(time.Hour).Unix()}),
			"expired jwt":    sign(t, s.App.Config.JWTSecret, map[string]any{"sid": sid, "sub": "boss", "exp": time.Now().Add(-time.Hour).Unix()}),
			"alg none":       unsigned(map[string]any{"sid": sid, "sub": "boss"}),
			"session id raw": sid,
		} {
			t.Run(name, func(t *testing.T) { fails(t, s, bad, meQ, nil, signInFirst) })
		}
		// The same claims signed with the server's secret do work: what the
		// cases above changed is what made them fail.
		good := sign(t, s.App.Config.JWTSecret, map[string]any{"sid": sid, "sub": "boss", "exp": time.Now().Add(time.Hour).Unix()})
		apptest.EqualJSON(t, do(t, s, good, `{ me { username } }`, nil), `{"me":{"username":"boss"}}`)
	})

	t.Run("expired session", func(t *testing.T) {
		now := time.Now().UTC()
		claims := func(sid string) map[string]any {
			// The JWT itself is still valid: only the session row says no.
			return map[string]any{"sid": sid, "sub": "boss", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
		}
		expired := &db.Session{ID: uuid.NewString(), AccountID: boss.ID, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Minute)}
		live := &db.Session{ID: uuid.NewString(), AccountID: boss.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		for _, sess := range []*db.Session{expired, live} {
			if _, err := s.App.DB.NewInsert().Model(sess).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		fails(t, s, sign(t, s.App.Config.JWTSecret, claims(expired.ID)), meQ, nil, signInFirst)
		liveToken := sign(t, s.App.Config.JWTSecret, claims(live.ID))
		apptest.EqualJSON(t, do(t, s, liveToken, `{ me { username } }`, nil), `{"me":{"username":"boss"}}`)

		// A session that runs out while its token is in use.
		if _, err := s.App.DB.NewUpdate().Model((*db.Session)(nil)).
			Set("expires_at = ?", now.Add(-time.Second)).Where("id = ?", live.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		fails(t, s, liveToken, meQ, nil, signInFirst)
	})

	t.Run("deactivated after login", func(t *testing.T) {
		temp := s.CreateAccount(t, "temp", "temp-pw", db.RoleAdmin, true)
		token := s.Login(t, "temp", "temp-pw")
		apptest.EqualJSON(t, do(t, s, token, `{ me { username } pharmaCustomers { total } }`, nil),
			`{"me":{"username":"temp"},"pharmaCustomers":{"total":0}}`)
		if _, err := s.App.DB.NewUpdate().Model((*db.Account)(nil)).
			Set("active = ?", false).Where("id = ?", temp.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		fails(t, s, token, meQ, nil, signInFirst)
		fails(t, s, token, customerKind.listQ(), nil, signInFirst)
		fails(t, s, token, profileQ, map[string]any{"in": map[string]any{"bio": "x"}}, signInFirst)
		// A token minted without the admission check is refused as well.
		fails(t, s, s.TokenFor(t, temp), meQ, nil, signInFirst)
	})
}

func TestUpdateMyProfile(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.TokenFor(t, quickAccount(t, s, "boss", db.RoleAdmin))
	admin := s.AdminToken(t)
	const myProfile = `{ me { profile { nickname birthdate bio } } }`

	steps := []struct {
		name  string
		input map[string]any
		want  string // the profile afterwards
	}{
		{"nothing", map[string]any{}, `{"nickname":null,"birthdate":null,"bio":null}`},
		{"nickname only", map[string]any{"nickname": "Bossy"}, `{"nickname":"Bossy","birthdate":null,"bio":null}`},
		{"two more fields", map[string]any{"birthdate": "1990-02-03", "bio": "Runs the place."}, `{"nickname":"Bossy","birthdate":"1990-02-03","bio":"Runs the place."}`},
		{"null keeps the value", map[string]any{"nickname": nil, "birthdate": nil, "bio": "Still runs it."}, `{"nickname":"Bossy","birthdate":"1990-02-03","bio":"Still runs it."}`},
		{"all three", map[string]any{"nickname": "B", "birthdate": "1991-12-31", "bio": "多语言 ✓"}, `{"nickname":"B","birthdate":"1991-12-31","bio":"多语言 ✓"}`},
		{"empty string is a value", map[string]any{"nickname": ""}, `{"nickname":"","birthdate":"1991-12-31","bio":"多语言 ✓"}`},
		{"only nulls", map[string]any{"nickname": nil, "birthdate": nil, "bio": nil}, `{"nickname":"","birthdate":"1991-12-31","bio":"多语言 ✓"}`},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			data := do(t, s, token, profileQ, map[string]any{"in": st.input})
			apptest.EqualJSON(t, data, `{"updateMyProfile":`+st.want+`}`)
			apptest.EqualJSON(t, do(t, s, token, myProfile, nil), `{"me":{"profile":`+st.want+`}}`)
		})
	}

	t.Run("literal input", func(t *testing.T) {
		data := do(t, s, token, `mutation { updateMyProfile(input: {nickname: "Lit", bio: null}) { nickname birthdate bio } }`, nil)
		apptest.EqualJSON(t, data, `{"updateMyProfile":{"nickname":"Lit","birthdate":"1991-12-31","bio":"多语言 ✓"}}`)
	})

	t.Run("other accounts keep theirs", func(t *testing.T) {
		apptest.EqualJSON(t, do(t, s, admin, myProfile, nil), `{"me":{"profile":{"nickname":null,"birthdate":null,"bio":null}}}`)
		data := do(t, s, admin, profileQ, map[string]any{"in": map[string]any{"nickname": "Root"}})
		apptest.EqualJSON(t, data, `{"updateMyProfile":{"nickname":"Root","birthdate":null,"bio":null}}`)
		apptest.EqualJSON(t, do(t, s, token, myProfile, nil), `{"me":{"profile":{"nickname":"Lit","birthdate":"1991-12-31","bio":"多语言 ✓"}}}`)
	})

	t.Run("a staff account edits its own profile", func(t *testing.T) {
		staff := s.TokenFor(t, quickAccount(t, s, "clerk", db.RoleStaff))
		data := do(t, s, staff, profileQ, map[string]any{"in": map[string]any{"bio": "front desk"}})
		apptest.EqualJSON(t, data, `{"updateMyProfile":{"nickname":null,"birthdate":null,"bio":"front desk"}}`)
	})

	t.Run("signed in only", func(t *testing.T) {
		fails(t, s, "", profileQ, map[string]any{"in": map[string]any{"nickname": "x"}}, signInFirst)
	})
}

// quickAccount adds an active account that cannot log in with a password
// (it skips bcrypt, which is slow); s.TokenFor signs it in.
func quickAccount(t testing.TB, s *apptest.Server, username, role string) *db.Account {
	t.Helper()
	acc := &db.Account{Username: username, PasswordHash: "-", Role: role, Active: true}
	if err := s.App.Stores.Accounts.Create(context.Background(), acc); err != nil {
		t.Fatal(err)
	}
	return acc
}

// sessionID reads the session id claim of a token the server issued.
func sessionID(t *testing.T, secret, token string) string {
	t.Helper()
	tok, err := jwtauth.New("HS256", []byte(secret), nil).Decode(token)
	if err != nil {
		t.Fatal(err)
	}
	sid, _ := tok.PrivateClaims()["sid"].(string)
	if sid == "" {
		t.Fatalf("token without sid: %v", tok.PrivateClaims())
	}
	return sid
}

// sign makes an HS256 JWT with these claims.
func sign(t *testing.T, secret string, claims map[string]any) string {
	t.Helper()
	_, token, err := jwtauth.New("HS256", []byte(secret), nil).Encode(claims)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// unsigned makes a JWT with "alg": "none".
func unsigned(claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]any{"alg": "none", "typ": "JWT"}) + "." + enc(claims) + "."
}
