package auth

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Forwarding headers are read only from a trusted proxy, and then only up
// to the first hop that is not one.
func TestClientMiddleware(t *testing.T) {
	trusted, err := ParseTrustedProxies(" 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer, xff, proto string
		tls                    bool
		addr                   string
		https                  bool
	}{
		{name: "direct", peer: "198.51.100.1:4000", addr: "198.51.100.1"},
		{name: "direct over TLS", peer: "198.51.100.1:4000", tls: true, addr: "198.51.100.1", https: true},
		{name: "untrusted peer's headers are ignored", peer: "198.51.100.1:4000", xff: "203.0.113.9", proto: "https",
			addr: "198.51.100.1"},
		{name: "trusted proxy", peer: "10.1.2.3:5000", xff: "203.0.113.9", proto: "https", addr: "203.0.113.9", https: true},
		{name: "trusted by address", peer: "192.0.2.7:5000", xff: "203.0.113.9", addr: "203.0.113.9"},
		{name: "rightmost untrusted hop, not what the client wrote", peer: "10.1.2.3:5000",
			xff: "1.1.1.1, 203.0.113.9, 10.9.9.9", addr: "203.0.113.9"},
		{name: "every hop trusted", peer: "10.1.2.3:5000", xff: "10.0.0.1, 10.0.0.2", addr: "10.0.0.1"},
		{name: "a hop with its port", peer: "10.1.2.3:5000", xff: "203.0.113.9:1234", addr: "203.0.113.9"},
		{name: "unreadable hop stops the walk", peer: "10.1.2.3:5000", xff: "203.0.113.9, junk", addr: "10.1.2.3"},
		{name: "proxy says http", peer: "10.1.2.3:5000", proto: "https, http", addr: "10.1.2.3"},
		{name: "IPv6 proxy, IPv4-mapped client", peer: "[2001:db8::1]:443", xff: "::ffff:203.0.113.9", proto: "HTTPS",
			addr: "203.0.113.9", https: true},
	} {
		var got Client
		h := ClientMiddleware(trusted)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			got = ClientOf(r.Context())
		}))
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if tc.proto != "" {
			r.Header.Set("X-Forwarded-Proto", tc.proto)
		}
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got.Addr.String() != tc.addr || got.HTTPS != tc.https {
			t.Errorf("%s: client %s https=%v, want %s https=%v", tc.name, got.Addr, got.HTTPS, tc.addr, tc.https)
		}
	}
}

func TestParseTrustedProxies(t *testing.T) {
	if nets, err := ParseTrustedProxies(""); err != nil || len(nets) != 0 {
		t.Errorf("empty: %v %v", nets, err)
	}
	if _, err := ParseTrustedProxies("10.0.0.0/8,proxy.local"); err == nil {
		t.Error("a host name was accepted")
	}
}
