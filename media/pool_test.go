package media

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The pool never runs more than its size at once, runs them all, and a
// waiter whose context ends gives up without running.
func TestPoolRunsAtMostItsSize(t *testing.T) {
	const size = 3
	p := make(pool, size)
	var running, most, done atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			p.do(context.Background(), func() error { //nolint:errcheck // always nil
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				running.Add(-1)
				done.Add(1)
				return nil
			})
		})
	}
	wg.Wait()
	if most.Load() != size || done.Load() != 20 {
		t.Errorf("%d ran at most at once (want %d), %d of 20 ran", most.Load(), size, done.Load())
	}

	release := make(chan struct{})
	for range size {
		wg.Go(func() {
			p.do(context.Background(), func() error { <-release; return nil }) //nolint:errcheck // always nil
		})
	}
	for len(p) < size {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ran := false
	if err := p.do(ctx, func() error { ran = true; return nil }); !errors.Is(err, context.DeadlineExceeded) || ran {
		t.Errorf("a waiter on a full pool: %v, ran %v", err, ran)
	}
	close(release)
	wg.Wait()
}
