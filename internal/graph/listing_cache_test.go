package graph

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// A Page edge listed per scope (assigned_users per business) keeps one
// listing per Page and scope, and a write to the Page drops all of them:
// which business a written user belongs to is not the client's to know.
func TestListingsKeepOneListingPerScopeAndAWriteDropsThemAll(t *testing.T) {
	var mu sync.Mutex
	fetched := map[listingKey]int{}
	l := newListings(func(_ context.Context, key listingKey, _ *pageClock) ([]string, error) {
		mu.Lock()
		defer mu.Unlock()
		fetched[key]++
		return []string{key.page + "/" + key.scope}, nil
	}, func(key listingKey) string { return "GET /" + key.page }, false)

	ctx := context.Background()
	a, b, other := listingKey{"1", "biz-a"}, listingKey{"1", "biz-b"}, listingKey{"2", "biz-a"}
	for range 3 {
		for _, key := range []listingKey{a, b, other} {
			got, err := l.get(ctx, key)
			if err != nil || len(got) != 1 || got[0] != key.page+"/"+key.scope {
				t.Fatalf("get(%v) = %v, %v", key, got, err)
			}
		}
	}
	if fetched[a] != 1 || fetched[b] != 1 || fetched[other] != 1 {
		t.Fatalf("fetches before the write = %v, want one per Page and scope", fetched)
	}
	l.written("1")
	for _, key := range []listingKey{a, b, other} {
		if _, err := l.get(ctx, key); err != nil {
			t.Fatal(err)
		}
	}
	if fetched[a] != 2 || fetched[b] != 2 || fetched[other] != 1 {
		t.Fatalf("fetches after a write to Page 1 = %v, want both of Page 1's listings again and Page 2's kept", fetched)
	}
}

// TestWalkExtensionsKeepNoMoreThanAListing: a server that lists something
// new after every cursor cannot make one walk go on past its last page for
// more than MaxListingEntries entries in all.
func TestWalkExtensionsKeepNoMoreThanAListing(t *testing.T) {
	calls := 0
	l := newListings(func(_ context.Context, _ listingKey, clock *pageClock) ([]string, error) {
		calls++
		clock.pageRequested()
		n := 1
		if clock.resume != "" {
			n = MaxListingEntries
		}
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf("%d-%d", calls, i)
			clock.stamps = append(clock.stamps, clock.current)
		}
		clock.after = fmt.Sprintf("c%d", calls)
		return items, nil
	}, func(key listingKey) string { return "GET /" + key.page }, false)
	write := l.writing("1")
	l.written("1")
	key := listingKey{page: "1"}
	found, err := l.find(context.Background(), key, l.since("1"), write, func(string) bool { return false })
	if err != nil || found != nil {
		t.Fatalf("find = %v, %v; want nil, nil from the complete listing", found, err)
	}
	if calls != 2 {
		t.Fatalf("%d listing calls, want 2: the listing and one extension of MaxListingEntries entries", calls)
	}
}
