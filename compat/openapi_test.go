package compat

import (
	"bytes"
	"os"
	"slices"
	"testing"
)

// A route without a spec would be in the document without its members or
// its answer's shape: every mounted route, and every variant a request
// member picks, has one.
func TestEveryRouteHasASpec(t *testing.T) {
	all := specs()
	var missing []string
	for _, d := range domains() {
		for _, m := range d.mounted {
			if m.spec.summary == "" {
				missing = append(missing, m.rt.method+" "+m.path+" ("+specKey(m.rt)+")")
			}
			for _, v := range m.variants {
				if all[v.op].summary == "" {
					missing = append(missing, v.method+" "+m.path+" ("+v.op+")")
				}
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("routes without a spec (add them to the domain's ...Specs table):\n%s", slices.Compact(missing))
	}
}

// compat/openapi.json, which client teams diff, is the document the server
// serves: UPDATE_OPENAPI=1 go test ./compat/ -run TestOpenAPIFile rewrites it.
func TestOpenAPIFileIsInSync(t *testing.T) {
	if os.Getenv("UPDATE_OPENAPI") != "" {
		if err := os.WriteFile("openapi.json", OpenAPI(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, OpenAPI()) {
		t.Error("compat/openapi.json differs from compat.OpenAPI(): run UPDATE_OPENAPI=1 go test ./compat/ -run TestOpenAPIFile")
	}
}
