package auth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Client is where a request came from: the client's address and whether it
// reached the server (or the proxies it trusts) over HTTPS.
type Client struct {
	Addr  netip.Addr // invalid when the peer's address cannot be read
	HTTPS bool
}

type clientKey struct{}

// ClientOf returns the request's client as ClientMiddleware saw it (the
// zero Client without it).
func ClientOf(ctx context.Context) Client {
	c, _ := ctx.Value(clientKey{}).(Client)
	return c
}

// ParseTrustedProxies reads a comma-separated list of CIDRs (a bare address
// is its own /32 or /128); empty trusts no proxy.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var nets []netip.Prefix
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("trusted proxy %q is neither a CIDR nor an address", part)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		nets = append(nets, p.Masked())
	}
	return nets, nil
}

// ClientMiddleware puts the request's Client in its context. The client is
// the direct peer, unless the peer is a trusted proxy: then X-Forwarded-For
// is read from the right, each hop a trusted proxy recorded, up to the first
// address that is not a trusted proxy (what a client writes into the header
// itself stands left of that and is never read), and X-Forwarded-Proto (the
// value the peer set, the rightmost) tells whether the client used HTTPS.
func ClientMiddleware(trusted []netip.Prefix) func(http.Handler) http.Handler {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c := Client{Addr: peerAddr(r.RemoteAddr), HTTPS: r.TLS != nil}
			if c.Addr.IsValid() && isTrusted(c.Addr) {
				if proto := lastHop(r.Header.Values("X-Forwarded-Proto")); proto != "" {
					c.HTTPS = strings.EqualFold(proto, "https")
				}
				hops := hopsOf(r.Header.Values("X-Forwarded-For"))
				for i := len(hops) - 1; i >= 0 && isTrusted(c.Addr); i-- {
					hop := peerAddr(hops[i])
					if !hop.IsValid() {
						break // unreadable: the last trusted hop is as far as we can see
					}
					c.Addr = hop
				}
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c)))
		})
	}
}

// peerAddr is the address of host:port or of a bare address, or the
// invalid address.
func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// hopsOf splits the values of a forwarding header into its hops, in order.
func hopsOf(values []string) []string {
	var hops []string
	for _, v := range values {
		for hop := range strings.SplitSeq(v, ",") {
			hops = append(hops, strings.TrimSpace(hop))
		}
	}
	return hops
}

func lastHop(values []string) string {
	hops := hopsOf(values)
	if len(hops) == 0 {
		return ""
	}
	return hops[len(hops)-1]
}
