// Package notify fans values out, in process, to whoever subscribed to
// their key: the live half of a subscription, fed by the use case that
// makes a value (one server) or by a database listener (several).
package notify

import (
	"context"
	"sync"
)

// Hub delivers each published value to the subscribers of its key. It never
// blocks a publisher: every subscriber has a buffer, and one whose buffer is
// full (it reads slower than values come) is disconnected, its channel
// closed, rather than silently missing values; it subscribes again and
// catches up from the store.
type Hub[K comparable, V any] struct {
	key    func(V) K
	buffer int

	mu     sync.Mutex
	subs   map[K]map[chan V]struct{}
	closed bool
	// changed is closed, and replaced, whenever a subscriber comes or goes.
	changed chan struct{}
}

// New makes a hub that files a value under key(v) and gives every
// subscriber a buffer of this many values.
func New[K comparable, V any](key func(V) K, buffer int) *Hub[K, V] {
	return &Hub[K, V]{key: key, buffer: buffer, subs: map[K]map[chan V]struct{}{}, changed: make(chan struct{})}
}

// Subscribe delivers the values published under key from now on, until
// cancel is called or ctx ends; then, or when the hub drops a slow
// subscriber or closes, the channel is closed.
func (h *Hub[K, V]) Subscribe(ctx context.Context, key K) (<-chan V, func()) {
	ch := make(chan V, h.buffer)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(ch)
		return ch, func() {}
	}
	if h.subs[key] == nil {
		h.subs[key] = map[chan V]struct{}{}
	}
	h.subs[key][ch] = struct{}{}
	h.changedLocked()
	stop := context.AfterFunc(ctx, func() { h.drop(key, ch) })
	return ch, func() {
		stop()
		h.drop(key, ch)
	}
}

// Publish hands v to every subscriber of its key without waiting for any.
// It never fails; the error is a broker's (a database's) to return.
func (h *Hub[K, V]) Publish(_ context.Context, v V) error {
	key := h.key(v)
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[key] {
		select {
		case ch <- v:
		default:
			h.dropLocked(key, ch)
		}
	}
	return nil
}

// Await waits until key has n subscribers, or ctx ends: a caller that
// subscribed (or unsubscribed) through another party, a websocket, knows
// when values published from then on reach it (or no longer do).
func (h *Hub[K, V]) Await(ctx context.Context, key K, n int) error {
	for {
		h.mu.Lock()
		have, changed := len(h.subs[key]), h.changed
		h.mu.Unlock()
		if have == n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close ends every subscription and refuses new ones (they get a closed
// channel).
func (h *Hub[K, V]) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for key, chans := range h.subs {
		for ch := range chans {
			h.dropLocked(key, ch)
		}
	}
	h.closed = true
}

func (h *Hub[K, V]) drop(key K, ch chan V) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropLocked(key, ch)
}

// dropLocked removes and closes a subscriber's channel, once.
func (h *Hub[K, V]) dropLocked(key K, ch chan V) {
	if _, ok := h.subs[key][ch]; !ok {
		return
	}
	delete(h.subs[key], ch)
	if len(h.subs[key]) == 0 {
		delete(h.subs, key)
	}
	close(ch)
	h.changedLocked()
}

func (h *Hub[K, V]) changedLocked() {
	close(h.changed)
	h.changed = make(chan struct{})
}
