package app

import (
	"cmp"
	"net/http"
	"time"
)

// HTTPLimits bounds what one connection and one request may hold the
// server to. Zero fields take DefaultHTTPLimits.
type HTTPLimits struct {
	// ReadHeaderTimeout closes a connection whose request headers are not
	// in by then (slow-headers clients).
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, headers and body: a body
	// trickled byte by byte is cut off. It must leave time for the largest
	// upload (media.MaxUploadBytes) over a slow link: 5 MiB in 30 s needs
	// about 1.4 Mbit/s.
	ReadTimeout time.Duration
	// WriteTimeout runs from the end of the request headers to the end of
	// the answer, so it covers reading the body, running the operation and
	// writing the answer: it must exceed ReadTimeout plus the execution
	// deadline of an operation.
	WriteTimeout time.Duration
	// IdleTimeout closes a kept-alive connection that sends no next request.
	IdleTimeout time.Duration
	// MaxBodyBytes bounds a request body, and in a multipart request each
	// of its `operations` and `map` fields; an uploaded file has its own
	// limit (media.MaxUploadBytes).
	MaxBodyBytes int64
}

// DefaultHTTPLimits: headers 5 s (a real client sends them at once); read
// 30 s (see ReadTimeout); write 60 s = read 30 s + the execution deadline
// (10 s) + 20 s to write a large answer to a slow client; idle 120 s lets a
// client's next calls reuse its connection, while an idle one costs only a
// goroutine and its buffers.
var DefaultHTTPLimits = HTTPLimits{
	ReadHeaderTimeout: 5 * time.Second,
	ReadTimeout:       30 * time.Second,
	WriteTimeout:      60 * time.Second,
	IdleTimeout:       120 * time.Second,
	MaxBodyBytes:      1 << 20,
}

// orDefaults fills the zero fields from DefaultHTTPLimits.
func (l HTTPLimits) orDefaults() HTTPLimits {
	d := DefaultHTTPLimits
	return HTTPLimits{
		ReadHeaderTimeout: cmp.Or(l.ReadHeaderTimeout, d.ReadHeaderTimeout),
		ReadTimeout:       cmp.Or(l.ReadTimeout, d.ReadTimeout),
		WriteTimeout:      cmp.Or(l.WriteTimeout, d.WriteTimeout),
		IdleTimeout:       cmp.Or(l.IdleTimeout, d.IdleTimeout),
		MaxBodyBytes:      cmp.Or(l.MaxBodyBytes, d.MaxBodyBytes),
	}
}

// NewHTTPServer is the server cmd/server runs h with, built here so tests
// run exactly it.
func NewHTTPServer(l HTTPLimits, h http.Handler) *http.Server {
	l = l.orDefaults()
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeaderTimeout,
		ReadTimeout:       l.ReadTimeout,
		WriteTimeout:      l.WriteTimeout,
		IdleTimeout:       l.IdleTimeout,
	}
}
