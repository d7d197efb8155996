package apptest

import (
	"fmt"
	"net/http"
	"strings"
)

// HostileDocument is one of the worst anonymous GraphQL documents of the
// hardening review (issue 8, points 1–4), with the answer that refuses it.
// The limit tests assert the answers; bench/ times them and measures the
// server's memory while it answers.
type HostileDocument struct {
	Name  string
	Sends int                // distinct documents, for the parsed-document cache
	Query func(i int) string // the i-th document sent
	// The refusal: its HTTP status, extensions.code and message.
	Status        int
	Code, Message string
}

// HostileDocuments are those documents, against the server's default limits.
func HostileDocuments() []HostileDocument {
	aliases := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{ ")
		for i := range n {
			fmt.Fprintf(&b, "a%d: %s ", i, field)
		}
		return b.String() + "}"
	}
	// Fragment levels each spreading the one below twice: 2^30 fields
	// from a document of 1.7 KB.
	bomb := "query { me { ...F30 } } fragment F0 on Account { id username }"
	for i := 1; i <= 30; i++ {
		bomb += fmt.Sprintf(" fragment F%d on Account { ...F%d ...F%d }", i, i-1, i-1)
	}
	// The same with no field at all: only fragments, the last one unknown.
	emptyBomb := "query { ...E0 }"
	for i := range 40 {
		emptyBomb += fmt.Sprintf(" fragment E%d on Query { ...E%d ...E%d }", i, i+1, i+1)
	}
	emptyBomb += " fragment E40 on Query { ...Unknown }"
	const overBytes = "the document has more than 65536 bytes"
	const overFields = "the operation selects more than 500 fields and fragments"
	return []HostileDocument{
		{"20,000 repeated fields", 1, func(int) string { return "{ me { " + strings.Repeat("id ", 20000) + "} }" },
			http.StatusUnprocessableEntity, "TOKEN_LIMIT", "the document has more than 1000 tokens"},
		{"100,000 __typename aliases", 1, func(int) string { return aliases(100000, "__typename") },
			http.StatusRequestEntityTooLarge, "INVALID_INPUT", "the request body is larger than 1048576 bytes"},
		{"a fragment bomb", 1, func(int) string { return bomb },
			http.StatusUnprocessableEntity, "FIELD_LIMIT", overFields},
		{"a fragment bomb without fields", 1, func(int) string { return emptyBomb },
			http.StatusUnprocessableEntity, "FIELD_LIMIT", overFields},
		{"40 distinct 1 MB documents", 40, func(i int) string { return fmt.Sprintf("{ me { id } } # %d ", i) + strings.Repeat("x", 1000000) },
			http.StatusUnprocessableEntity, "TOKEN_LIMIT", overBytes},
		{"50 aliases of an unpaged list", 1, func(int) string { return aliases(50, "pharmaOrders { items { lines { medicine { name } } } }") },
			http.StatusUnprocessableEntity, "ALIAS_LIMIT", "the operation asks for more than 15 extra copies of fields through aliases"},
		{"300,000 unknown directives", 1, func(int) string { return "{ me { id " + strings.Repeat("@x ", 300000) + "} }" },
			http.StatusUnprocessableEntity, "TOKEN_LIMIT", overBytes},
	}
}
