package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// The client's hot paths, measured without a network: canned Graph answers
// come from an in-memory RoundTripper, so the numbers are the client's own
// cost (request building, retries bookkeeping, decoding, paging).

const benchPageID = "100000000000001"

// agenciesPageJSON is one /{page-id}/agencies answer of perPage items
// starting at item first, with a Meta-style next link when more follow.
func agenciesPageJSON(first, perPage, total int) []byte {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := first; i < first+perPage && i < total; i++ {
		if i > first {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"2%014d","name":"Agency %d","access_status":"CONFIRMED",`+
			`"access_requested_time":"2024-05-01T12:00:00+0000","access_updated_time":"2024-05-02T08:30:00+0000",`+
			`"permitted_tasks":["ADVERTISE","ANALYZE","CREATE_CONTENT"]}`, i, i)
	}
	b.WriteString(`],"paging":{"cursors":{"before":"QkVGT1JF","after":"QUZURVI="}`)
	if first+perPage < total {
		fmt.Fprintf(&b, `,"next":"https://graph.facebook.com/v26.0/%s/agencies?fields=id&limit=%d&after=%d&access_token=EAAPAGE"`,
			benchPageID, perPage, first+perPage)
	}
	b.WriteString(`}}`)
	return []byte(b.String())
}

// cannedAgencies answers GET /{page-id}/agencies from prepared pages keyed
// by the `after` cursor.
type cannedAgencies struct {
	pages map[string][]byte
}

func newCannedAgencies(perPage, total int) *cannedAgencies {
	c := &cannedAgencies{pages: map[string][]byte{}}
	for first := 0; first < total; first += perPage {
		key := ""
		if first > 0 {
			key = strconv.Itoa(first)
		}
		c.pages[key] = agenciesPageJSON(first, perPage, total)
	}
	return c
}

func (c *cannedAgencies) RoundTrip(req *http.Request) (*http.Response, error) {
	body, ok := c.pages[req.URL.Query().Get("after")]
	if !ok {
		return nil, fmt.Errorf("no canned page for %s", req.URL.RawQuery)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-App-Usage", `{"call_count":1,"total_cputime":1,"total_time":1}`)
	h.Set("X-Page-Usage", `{"call_count":1,"total_cputime":1,"total_time":1}`)
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(bytes.NewReader(body)), Request: req, ContentLength: int64(len(body))}, nil
}

func benchClient(b *testing.B, rt http.RoundTripper, disableCache bool) *Client {
	b.Helper()
	c, err := New(Config{
		AccessToken:      testToken,
		PageAccessTokens: map[string]string{benchPageID: testPageToken},
		Transport:        rt,
		naiveListing:     disableCache,
	})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkDecodeAgenciesPage100(b *testing.B) {
	raw := agenciesPageJSON(0, 100, 1000)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		p := page[Agency]{room: MaxListingEntries} // as listAll starts a listing
		if err := json.Unmarshal(raw, &p); err != nil || len(p.Data) != 100 {
			b.Fatalf("decoded %d items: %v", len(p.Data), err)
		}
	}
}

func BenchmarkListAgencies10PagesOf100(b *testing.B) {
	c := benchClient(b, newCannedAgencies(100, 1000), true) // every iteration lists
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		list, err := c.ListAgencies(ctx, benchPageID)
		if err != nil || len(list) != 1000 {
			b.Fatalf("listed %d: %v", len(list), err)
		}
	}
}

func BenchmarkFindAgencyCachedHit(b *testing.B) {
	c := benchClient(b, newCannedAgencies(100, 1000), false)
	ctx := context.Background()
	last := fmt.Sprintf("2%014d", 999) // the worst case: the listing's last item
	if a, err := c.FindAgency(ctx, benchPageID, last); err != nil || a == nil {
		b.Fatalf("priming: %+v, %v", a, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if a, err := c.FindAgency(ctx, benchPageID, last); err != nil || a == nil {
			b.Fatalf("FindAgency: %+v, %v", a, err)
		}
	}
}
