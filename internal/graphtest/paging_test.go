package graphtest

import (
	"encoding/base64"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestPagingAgencies(t *testing.T) {
	f, all := fiveAgencies(t, Options{MaxLimit: 2})
	first := f.base + "/" + pageA + "/agencies" + q("fields", "id,permitted_tasks")
	pages, bodies := walk(t, first, withBearer(f.tokA))
	want := [][]string{all[0:2], all[2:4], all[4:5]}
	if !reflect.DeepEqual(pages, want) {
		t.Fatalf("pages %v, want %v", pages, want)
	}

	p1, p2, p3 := pagingOf(t, bodies[0]), pagingOf(t, bodies[1]), pagingOf(t, bodies[2])
	// First page: cursors and next, no previous.
	wantKeys(t, p1, "cursors", "next")
	wantKeys(t, field[map[string]any](t, p1, "cursors"), "before", "after")
	// Middle page: both links. Last page: no next.
	wantKeys(t, p2, "cursors", "next", "previous")
	wantKeys(t, p3, "cursors", "previous")

	// next is absolute, same version path, original params, and embeds the
	// token although the first request used a header.
	next := mustURL(t, field[string](t, p1, "next"))
	if next.Scheme+"://"+next.Host != f.e.URL() || next.Path != "/v19.0/"+pageA+"/agencies" {
		t.Fatalf("next = %s", next)
	}
	nq := next.Query()
	if nq.Get("access_token") != f.tokA || nq.Get("fields") != "id,permitted_tasks" || nq.Get("limit") != "25" || nq.Get("after") == "" || nq.Has("before") {
		t.Fatalf("next query %v", nq)
	}
	// Cursors are opaque base64, not raw ids.
	cur := field[string](t, p1, "cursors", "after")
	if _, err := base64.RawURLEncoding.DecodeString(cur); err != nil || strings.Contains(cur, bizB) {
		t.Fatalf("cursor %q", cur)
	}
	// previous of page 2 leads back to page 1.
	back := wantOK(t, get(t, field[string](t, p2, "previous")))
	if got := ids(t, data(t, back)); !reflect.DeepEqual(got, all[0:2]) {
		t.Fatalf("previous gave %v", got)
	}
	// Field selection survives paging.
	wantKeys(t, data(t, bodies[2])[0], "id", "permitted_tasks")
}

func TestPagingLimits(t *testing.T) {
	f, all := fiveAgencies(t, Options{MaxLimit: 2})
	list := f.base + "/" + pageA + "/agencies"
	// A smaller limit is honoured and carried in next.
	pages, bodies := walk(t, list+q("limit", "1"), withBearer(f.tokA))
	if len(pages) != 5 || pages[4][0] != all[4] {
		t.Fatalf("%v", pages)
	}
	if u := mustURL(t, field[string](t, bodies[0], "paging", "next")); u.Query().Get("limit") != "1" {
		t.Fatalf("next %s", u)
	}
	// A larger one is capped by MaxLimit.
	if pages, _ = walk(t, list+q("limit", "500"), withBearer(f.tokA)); len(pages) != 3 {
		t.Fatalf("%v", pages)
	}
	// limit=0 means the default (capped).
	if pages, _ = walk(t, list+q("limit", "0"), withBearer(f.tokA)); len(pages) != 3 {
		t.Fatalf("%v", pages)
	}
	for _, bad := range []string{"abc", "-1", "1.5"} {
		wantMsg(t, get(t, list+q("limit", bad), withBearer(f.tokA)), 400, 100, 0, "(#100) Param limit must be a non-negative integer")
	}
	// Default MaxLimit is 100 and the default page size 25.
	g := newFx(t, Options{})
	for i := 0; i < 30; i++ {
		g.e.AddConversation(pageA, Conversation{UpdatedTime: t0.Add(time.Duration(-i) * time.Minute)})
	}
	pages, _ = walk(t, g.base+"/"+pageA+"/conversations", withBearer(g.tokA))
	if len(pages) != 2 || len(pages[0]) != 25 || len(pages[1]) != 5 {
		t.Fatalf("page sizes %d", len(pages))
	}
	if pages, _ = walk(t, g.base+"/"+pageA+"/conversations"+q("limit", "1000"), withBearer(g.tokA)); len(pages) != 1 || len(pages[0]) != 30 {
		t.Fatalf("limit 1000: %d pages", len(pages))
	}
}

func TestPagingUnversionedAndProof(t *testing.T) {
	const secret = "s3cret"
	f, _ := fiveAgencies(t, Options{MaxLimit: 2, AppSecret: secret})
	proof := AppSecretProof(secret, f.tokA)
	body := wantOK(t, get(t, f.e.URL()+"/"+pageA+"/agencies"+q("access_token", f.tokA, "appsecret_proof", proof)))
	next := mustURL(t, field[string](t, body, "paging", "next"))
	if next.Path != "/"+pageA+"/agencies" {
		t.Fatalf("next path %q", next.Path)
	}
	// The proof is not carried: a client following next verbatim is refused,
	// one that strips the token and re-signs is served.
	if next.Query().Has("appsecret_proof") {
		t.Fatalf("next carries the proof: %s", next)
	}
	wantErr(t, get(t, next.String()), 400, 100, 0)
	nq := next.Query()
	nq.Del("access_token")
	nq.Set("appsecret_proof", proof)
	next.RawQuery = nq.Encode()
	wantOK(t, get(t, next.String(), withBearer(f.tokA)))
}

func TestPagingBadCursors(t *testing.T) {
	f, _ := fiveAgencies(t, Options{MaxLimit: 2})
	newFxConvs(f, 3)
	list := f.base + "/" + pageA + "/agencies"
	body := wantOK(t, get(t, list, withBearer(f.tokA)))
	good := field[string](t, body, "paging", "cursors", "after")

	convBody := wantOK(t, get(t, f.base+"/"+pageA+"/conversations"+q("limit", "1"), withBearer(f.tokA)))
	convCursor := field[string](t, convBody, "paging", "cursors", "after")

	for name, c := range map[string]string{
		"garbage":           "not a cursor!",
		"plain base64":      base64.RawURLEncoding.EncodeToString([]byte("hello")),
		"other edge":        convCursor,
		"raw business id":   bizA,
		"tampered":          good[:len(good)-2],
		"padded std base64": base64.StdEncoding.EncodeToString([]byte("gt1|agencies:" + pageA + "|x|y")),
	} {
		r := get(t, list+q("after", c), withBearer(f.tokA))
		if e := wantErr(t, r, 400, 100, 0); !strings.Contains(e.Message, "after") {
			t.Errorf("%s: %q", name, e.Message)
		}
	}
	wantErr(t, get(t, list+q("before", "zzz"), withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, get(t, list+q("after", good, "before", good), withBearer(f.tokA)), 400, 100, 0)
	// A cursor of pageA's agencies is not valid on pageB's.
	wantErr(t, get(t, f.base+"/"+pageB+"/agencies"+q("after", good), withBearer(f.tokB)), 400, 100, 0)
}

// newFxConvs adds n inbox conversations to pageA, newest first c0, c1...
func newFxConvs(f *fx, n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		id := "t_" + string(rune('a'+i))
		f.e.AddConversation(pageA, Conversation{ID: id, UpdatedTime: t0.Add(time.Duration(-i) * time.Hour), Tags: []string{"x"}})
		out = append(out, id)
	}
	return out
}

func TestPagingConversations(t *testing.T) {
	f := newFx(t, Options{MaxLimit: 2})
	all := newFxConvs(f, 5)
	f.e.AddConversation(pageA, Conversation{ID: "t_other", Folder: "other", UpdatedTime: t0})
	first := f.base + "/" + pageA + "/conversations" + q("folder", "inbox", "tags", "x", "fields", "id,snippet")
	pages, bodies := walk(t, first, withBearer(f.tokA))
	if !reflect.DeepEqual(pages, [][]string{all[0:2], all[2:4], all[4:5]}) {
		t.Fatalf("%v", pages)
	}
	nq := mustURL(t, field[string](t, bodies[0], "paging", "next")).Query()
	if nq.Get("folder") != "inbox" || nq.Get("tags") != "x" || nq.Get("fields") != "id,snippet" || nq.Get("access_token") != f.tokA {
		t.Fatalf("%v", nq)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPagingStableUnderDeletion(t *testing.T) {
	f, all := fiveAgencies(t, Options{MaxLimit: 2})
	body := wantOK(t, get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)))
	next := field[string](t, body, "paging", "next")
	// Remove an item already seen and the cursor item itself: nothing is skipped.
	f.e.RemoveAgency(pageA, all[0])
	f.e.RemoveAgency(pageA, all[1])
	pages, _ := walk(t, next)
	if !reflect.DeepEqual(pages, [][]string{all[2:4], all[4:5]}) {
		t.Fatalf("%v", pages)
	}
}

func TestPagingEmptyPages(t *testing.T) {
	cases := []struct {
		offset int
		want   [][]string
	}{
		{0, [][]string{{}, {"A", "B"}, {"C", "D"}, {"E"}}},
		{2, [][]string{{"A", "B"}, {}, {"C", "D"}, {"E"}}},
		{3, [][]string{{"A", "B"}, {"C"}, {}, {"D", "E"}}},
		{5, [][]string{{"A", "B"}, {"C", "D"}, {"E"}, {}, {}}},
	}
	for _, c := range cases {
		f, all := fiveAgencies(t, Options{MaxLimit: 2})
		name := map[string]string{all[0]: "A", all[1]: "B", all[2]: "C", all[3]: "D", all[4]: "E"}
		f.e.AddEmptyPage(EndpointAgencies, pageA, c.offset)
		f.e.AddEmptyPage(EndpointConversations, pageA, 0) // other endpoint: no effect here
		pages, bodies := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
		var got [][]string
		for _, p := range pages {
			letters := []string{}
			for _, id := range p {
				letters = append(letters, name[id])
			}
			got = append(got, letters)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("offset %d: pages %v, want %v", c.offset, got, c.want)
			continue
		}
		// Each empty page except a final one still has next.
		for i, p := range pages {
			if len(p) == 0 && i < len(pages)-1 {
				if _, ok := pagingOf(t, bodies[i])["next"]; !ok {
					t.Errorf("offset %d: empty page %d without next", c.offset, i)
				}
			}
		}
		// Walking again serves the empty page again (it is per walk).
		if again, _ := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)); !reflect.DeepEqual(again, pages) {
			t.Errorf("offset %d: second walk %v", c.offset, again)
		}
		f.e.ClearFaults()
		if plain, _ := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)); len(plain) != 3 {
			t.Errorf("offset %d: ClearFaults kept the empty page: %v", c.offset, plain)
		}
	}
}

func TestPagingEmptyResult(t *testing.T) {
	f := newFx(t, Options{MaxLimit: 2})
	for _, path := range []string{"/agencies", "/conversations"} {
		body := wantOK(t, get(t, f.base+"/"+pageA+path, withBearer(f.tokA)))
		if !reflect.DeepEqual(body, map[string]any{"data": []any{}}) {
			t.Errorf("%s: %v", path, body)
		}
	}
}
