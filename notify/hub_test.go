package notify

import (
	"context"
	"slices"
	"testing"
	"time"
)

type note struct {
	to   string
	text string
}

func newHub(buffer int) *Hub[string, note] {
	return New(func(n note) string { return n.to }, buffer)
}

// drain reads a channel to its close.
func drain(ch <-chan note) []string {
	var texts []string
	for n := range ch {
		texts = append(texts, n.text)
	}
	return texts
}

// Each value reaches every subscriber of its key, in order, and no other.
func TestHubDeliversByKey(t *testing.T) {
	h := newHub(4)
	a1, cancelA1 := h.Subscribe(context.Background(), "a")
	a2, cancelA2 := h.Subscribe(context.Background(), "a")
	b, cancelB := h.Subscribe(context.Background(), "b")
	for _, n := range []note{{"a", "1"}, {"b", "2"}, {"a", "3"}, {"c", "4"}} {
		if err := h.Publish(context.Background(), n); err != nil {
			t.Fatal(err)
		}
	}
	cancelA1()
	cancelA2()
	cancelB()
	for name, got := range map[string][]string{"a1": drain(a1), "a2": drain(a2), "b": drain(b)} {
		want := map[string][]string{"a1": {"1", "3"}, "a2": {"1", "3"}, "b": {"2"}}[name]
		if !slices.Equal(got, want) {
			t.Errorf("%s got %v, want %v", name, got, want)
		}
	}
}

// A subscriber that falls a buffer behind is disconnected; the others and
// the publisher do not wait for it.
func TestHubDisconnectsASlowSubscriber(t *testing.T) {
	h := newHub(2)
	slow, _ := h.Subscribe(context.Background(), "a")
	fast, cancel := h.Subscribe(context.Background(), "a")
	var got []string
	for _, text := range []string{"1", "2", "3"} {
		h.Publish(context.Background(), note{"a", text}) //nolint:errcheck // never fails
		got = append(got, (<-fast).text)
	}
	if want := []string{"1", "2"}; !slices.Equal(drain(slow), want) {
		t.Errorf("the slow subscriber did not get %v and then its channel closed", want)
	}
	cancel()
	if !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Errorf("the fast subscriber got %v", got)
	}
}

// A subscription ends with its context; Await sees subscribers come and go;
// Close ends every subscription and refuses new ones.
func TestHubLifetimes(t *testing.T) {
	h := newHub(1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub, subCancel := context.WithCancel(ctx)
	ch, _ := h.Subscribe(sub, "a")
	if err := h.Await(ctx, "a", 1); err != nil {
		t.Fatal(err)
	}
	subCancel()
	if err := h.Await(ctx, "a", 0); err != nil {
		t.Fatal(err)
	}
	if texts := drain(ch); len(texts) != 0 {
		t.Errorf("got %v after the context ended", texts)
	}

	open, _ := h.Subscribe(ctx, "b")
	h.Close()
	drain(open) // ends: Close closed it
	late, _ := h.Subscribe(ctx, "b")
	drain(late)
}
