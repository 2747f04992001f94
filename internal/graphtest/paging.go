package graphtest

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// defaultPageLimit is Graph's page size when `limit` is absent (still capped
// by Options.MaxLimit).
const defaultPageLimit = 25

// Cursor-based paging, shared by the agencies and conversations edges.
//
// Every listed item has a key; keys sort (as strings) in list order. A
// cursor is opaque base64 of "gt1|<namespace>|<key>|<flag>", the namespace
// naming edge and page so a cursor from elsewhere is refused. `after=c`
// lists items whose key is > c, `before=c` the last `limit` items whose key
// is < c. Keys survive insertions and deletions, like Meta's id-based cursors.

type cursorPos struct {
	key         string
	emptyServed bool // the injected empty page at this position was already served
}

type pagingParams struct {
	limit         int // effective page size
	after, before *cursorPos
}

func encodeCursor(ns, key string, emptyServed bool) string {
	flag := ""
	if emptyServed {
		flag = "e"
	}
	return base64.RawURLEncoding.EncodeToString([]byte("gt1|" + ns + "|" + key + "|" + flag))
}

func decodeCursor(ns, c string) (*cursorPos, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, false
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 4 || parts[0] != "gt1" || parts[1] != ns || (parts[3] != "" && parts[3] != "e") {
		return nil, false
	}
	return &cursorPos{key: parts[2], emptyServed: parts[3] == "e"}, true
}

// parsePaging reads limit/after/before. ns is the cursor namespace.
func (e *Emulator) parsePaging(in *incoming, ns string) (pagingParams, *GraphError) {
	pp := pagingParams{limit: defaultPageLimit}
	if raw := in.params.Get("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			// assumption: Meta's wording is undocumented; a non-integer limit is refused.
			return pp, errParam("Param limit must be a non-negative integer")
		}
		if n > 0 { // assumption: limit=0 means the default, not an empty page
			pp.limit = n
		}
	}
	if pp.limit > e.opts.MaxLimit {
		pp.limit = e.opts.MaxLimit
	}
	after, before := in.params.Get("after"), in.params.Get("before")
	if after != "" && before != "" {
		// assumption: undocumented; both at once is ambiguous and refused.
		return pp, errParam("Only one of the parameters after and before can be set")
	}
	for _, p := range []struct {
		name, val string
		dst       **cursorPos
	}{{"after", after, &pp.after}, {"before", before, &pp.before}} {
		if p.val == "" {
			continue
		}
		c, ok := decodeCursor(ns, p.val)
		if !ok {
			// assumption: Meta's wording for a bad cursor is undocumented.
			return pp, errParam("Param %s is not a valid cursor for this edge", p.name)
		}
		*p.dst = c
	}
	return pp, nil
}

// emptyPageRule: serve one empty page (that still has `next`) before the
// item at offset, as Meta sometimes does: only a missing next ends a listing
// (https://developers.facebook.com/docs/graph-api/results/).
type emptyPageRule struct {
	endpoint, pageID string
	offset           int
	endless          bool // every page empty, each linking to a fresh cursor (AddEndlessEmptyPages)
}

// AddEmptyPage makes listings of endpoint (EndpointAgencies or
// EndpointConversations) on pageID ("" = any page) serve one empty page with
// a `next` link just before the item at offset (0-based, in the filtered
// list). Pages before it end at offset. The empty page is served once per
// walk through the list: its `next` cursor carries the items. ClearFaults
// removes these rules.
func (e *Emulator) AddEmptyPage(endpoint, pageID string, offset int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.emptyPages = append(e.emptyPages, emptyPageRule{endpoint: endpoint, pageID: pageID, offset: offset})
}

// AddEndlessEmptyPages makes listings of endpoint on pageID ("" = any page)
// answer nothing but empty pages, each with a `next` link to a cursor never
// seen before: a listing that never ends. ClearFaults removes the rule.
func (e *Emulator) AddEndlessEmptyPages(endpoint, pageID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.emptyPages = append(e.emptyPages, emptyPageRule{endpoint: endpoint, pageID: pageID, endless: true})
}

// endlessEmptyLocked reports whether an AddEndlessEmptyPages rule covers in.
func (e *Emulator) endlessEmptyLocked(in *incoming) bool {
	for _, r := range e.emptyPages {
		if r.endless && r.endpoint == in.route.endpoint && (r.pageID == "" || r.pageID == in.route.nodeID) {
			return true
		}
	}
	return false
}

func (e *Emulator) emptyAtLocked(in *incoming, offset int) bool {
	for _, r := range e.emptyPages {
		if !r.endless && r.endpoint == in.route.endpoint && (r.pageID == "" || r.pageID == in.route.nodeID) && r.offset == offset {
			return true
		}
	}
	return false
}

// window is the slice of a list one request returns, with its paging object
// (nil when Meta sends none: an empty result without more pages).
type window struct {
	start, end int
	paging     map[string]any
}

// windowLocked cuts the page for keys (ascending) and builds "paging".
// Caller holds e.mu.
func (e *Emulator) windowLocked(in *incoming, ns string, keys []string, pp pagingParams) window {
	n := len(keys)
	if e.endlessEmptyLocked(in) {
		step := 0
		if pp.after != nil {
			_, _ = fmt.Sscanf(pp.after.key, "endless-%d", &step)
		}
		after := encodeCursor(ns, fmt.Sprintf("endless-%d", step+1), false)
		return window{paging: map[string]any{"cursors": map[string]any{"after": after}, "next": pageURL(in, "after", after)}}
	}
	if pp.before != nil {
		end := sort.SearchStrings(keys, pp.before.key) // first key >= cursor
		start := max(0, end-pp.limit)
		return e.normalWindow(in, ns, keys, start, end)
	}
	start := 0
	if pp.after != nil {
		start = sort.Search(n, func(i int) bool { return keys[i] > pp.after.key })
		if !pp.after.emptyServed && e.emptyAtLocked(in, start) {
			return e.emptyWindow(in, ns, keys, start)
		}
	} else if e.emptyAtLocked(in, 0) {
		return e.emptyWindow(in, ns, keys, 0)
	}
	end := min(start+pp.limit, n)
	for o := start + 1; o < end; o++ {
		if e.emptyAtLocked(in, o) {
			end = o
			break
		}
	}
	return e.normalWindow(in, ns, keys, start, end)
}

func (e *Emulator) normalWindow(in *incoming, ns string, keys []string, start, end int) window {
	w := window{start: start, end: end}
	if start >= end {
		return w // Meta sends {"data": []} without paging for an empty result
	}
	after := encodeCursor(ns, keys[end-1], false)
	before := encodeCursor(ns, keys[start], false)
	p := map[string]any{"cursors": map[string]any{"before": before, "after": after}}
	if end < len(keys) || e.emptyAtLocked(in, end) {
		p["next"] = pageURL(in, "after", after)
	}
	if start > 0 {
		p["previous"] = pageURL(in, "before", before)
	}
	w.paging = p
	return w
}

// emptyWindow is an injected empty page at position start; its after cursor
// is flagged so that following it yields the items.
func (e *Emulator) emptyWindow(in *incoming, ns string, keys []string, start int) window {
	key := ""
	if start > 0 {
		key = keys[start-1]
	}
	after := encodeCursor(ns, key, true)
	return window{start: start, end: start, paging: map[string]any{
		"cursors": map[string]any{"after": after},
		"next":    pageURL(in, "after", after),
	}}
}

// pageURL builds a paging link like Meta's: absolute, same scheme/host/path
// (so the same version), the original query parameters, an explicit limit,
// the cursor, and access_token=<the token used>, as Meta does: clients must
// strip the token before logging the link or following it.
// assumption: appsecret_proof is not carried over into the link.
func pageURL(in *incoming, cursorParam, cursor string) string {
	q := cloneValues(in.query)
	q.Del("after")
	q.Del("before")
	if q.Get("limit") == "" {
		q.Set("limit", strconv.Itoa(defaultPageLimit))
	}
	q.Set(cursorParam, cursor)
	q.Set("access_token", in.token)
	scheme := "http"
	if in.r.TLS != nil {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: in.r.Host, Path: in.r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// listBody assembles {"data": [...], "paging": {...}}.
func listBody(data []map[string]any, w window) map[string]any {
	if data == nil {
		data = []map[string]any{}
	}
	body := map[string]any{"data": data}
	if w.paging != nil {
		body["paging"] = w.paging
	}
	return body
}
