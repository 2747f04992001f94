package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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
	l.written("1", "")
	for _, key := range []listingKey{a, b, other} {
		if _, err := l.get(ctx, key); err != nil {
			t.Fatal(err)
		}
	}
	if fetched[a] != 2 || fetched[b] != 2 || fetched[other] != 1 {
		t.Fatalf("fetches after a write to Page 1 = %v, want both of Page 1's listings again and Page 2's kept", fetched)
	}
}

// TestWalkReadsNoMoreThanAListingAcrossItsExtensions: a server that lists
// something new after every cursor, about a MiB a page, while the
// read-back's own entry never shows, cannot make one walk read more than
// MaxListingBytes: the walk and every extension past its last page share
// one budget. Each extension with its own budget read 50 MiB here.
func TestWalkReadsNoMoreThanAListingAcrossItsExtensions(t *testing.T) {
	var served atomic.Int64
	filler := strings.Repeat("x", 1000)
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch after := r.URL.Query().Get("after"); {
		case r.Method == http.MethodPost:
			writeJSON(w, 200, `{"success":true}`)
		case after == "":
			writeJSON(w, 200, `{"data":[{"id":"11","permitted_tasks":["ANALYZE"]}],"paging":{"cursors":{"after":"c0"}}}`)
		default:
			var b strings.Builder
			b.WriteString(`{"data":[`)
			for i := range 1000 {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, `{"id":"%s-%d","name":"%s","permitted_tasks":["ANALYZE"]}`, after, i, filler)
			}
			fmt.Fprintf(&b, `],"paging":{"cursors":{"after":"%s+"}}}`, after)
			served.Add(int64(b.Len()))
			writeJSON(w, 200, b.String())
		}
	})
	ctx := context.Background()
	if err := c.AssignAgency(ctx, "1", "14", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	a, err := c.ReadBackAgency(ctx, "1", "14")
	if err != nil || a != nil {
		t.Fatalf("read back %+v, %v: the server never lists 14", a, err)
	}
	if n := served.Load(); n > MaxListingBytes+(2<<20) {
		t.Fatalf("the walk read %d MiB past its last page, want at most MaxListingBytes (%d MiB) in all", n>>20, MaxListingBytes>>20)
	}
	if n := served.Load(); n < 16<<20 {
		t.Fatalf("the walk read only %d MiB past its last page: the test proves nothing", n>>20)
	}
}
