package graphtest

import (
	"reflect"
	"slices"
	"testing"
)

// pastEnd walks the agencies of pageA and returns the last page's
// cursors.after and the URL of a request resumed after it.
func pastEnd(t *testing.T, f *fx) (after, resumed string) {
	t.Helper()
	_, bodies := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	after, _ = pagingOf(t, bodies[len(bodies)-1])["cursors"].(map[string]any)["after"].(string)
	if after == "" {
		t.Fatal("the last page has no cursors.after")
	}
	return after, f.base + "/" + pageA + "/agencies" + q("after", after, "fields", "id,name,permitted_tasks")
}

// A request resumed past the end of a listing finds the Page grown, with
// long names, each time; the next page of a walk does not grow it.
func TestGrowPastEnd(t *testing.T) {
	f, all := fiveAgencies(t, Options{MaxLimit: 2})
	f.e.GrowPastEnd(EndpointAgencies, 3, 1000)
	pages, _ := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	if got := slices.Concat(pages...); !reflect.DeepEqual(got, all) {
		t.Fatalf("a walk from the first page read %v, want the five agencies only", got)
	}
	_, resumed := pastEnd(t, f)
	for round := 1; round <= 2; round++ {
		pages, bodies := walk(t, resumed, withBearer(f.tokA))
		if got := slices.Concat(pages...); len(got) != 3 {
			t.Fatalf("round %d: past the end %v, want 3 new grants", round, got)
		}
		if name := field[string](t, data(t, bodies[0])[0], "name"); len(name) != 1000 {
			t.Fatalf("round %d: a new grant's name is %d bytes, want 1000", round, len(name))
		}
		after := field[string](t, bodies[len(bodies)-1], "paging", "cursors", "after")
		resumed = f.base + "/" + pageA + "/agencies" + q("after", after, "fields", "id,name")
	}
	if n := len(f.e.Agencies(pageA)); n != 5+6 {
		t.Fatalf("the Page has %d agencies, want 11", n)
	}
	if f.e.BytesServed("GET", EndpointAgencies) < 6*1000 {
		t.Fatalf("%d bytes served, want at least the six long names", f.e.BytesServed("GET", EndpointAgencies))
	}
}

// Past the end, a grant already listed is listed again with other tasks;
// from the first page, as it is.
func TestRepeatPastEnd(t *testing.T) {
	f, all := fiveAgencies(t, Options{MaxLimit: 2})
	f.e.RepeatPastEnd(EndpointAgencies, all[0], []string{"MANAGE"})
	_, resumed := pastEnd(t, f)
	got := data(t, wantOK(t, get(t, resumed, withBearer(f.tokA))))
	if len(got) != 1 || got[0]["id"] != all[0] || !reflect.DeepEqual(got[0]["permitted_tasks"], []any{"MANAGE"}) {
		t.Fatalf("past the end %v, want %s again with [MANAGE]", got, all[0])
	}
	pages, bodies := walk(t, f.base+"/"+pageA+"/agencies"+q("fields", "id,permitted_tasks"), withBearer(f.tokA))
	if ids := slices.Concat(pages...); !reflect.DeepEqual(ids, all) {
		t.Fatalf("a walk from the first page read %v, want each once", ids)
	}
	if tasks := data(t, bodies[0])[0]["permitted_tasks"]; !reflect.DeepEqual(tasks, []any{"ANALYZE"}) {
		t.Fatalf("from the first page %s holds %v, want [ANALYZE]", all[0], tasks)
	}
}

// Past the end, a stuck cursor answers nothing and the same cursor, even
// once a grant is made; a listing from the first page shows it.
func TestStickPastEnd(t *testing.T) {
	for _, link := range []StuckLink{StuckNoLink, StuckSameLink, StuckFreshLink} {
		f, _ := fiveAgencies(t, Options{MaxLimit: 2})
		f.e.StickPastEnd(EndpointAgencies, link)
		after, resumed := pastEnd(t, f)
		f.e.AddBusiness("222000000000006", "Agency F")
		f.e.SetAgency(pageA, "222000000000006", []string{"ANALYZE"})
		body := wantOK(t, get(t, resumed, withBearer(f.tokA)))
		p := pagingOf(t, body)
		again := field[string](t, body, "paging", "cursors", "after")
		if len(data(t, body)) != 0 || (again == after) != (link != StuckFreshLink) {
			t.Fatalf("link %d: past the end %v, want nothing and cursors.after %s, spelled anew only for a fresh link", link, body, after)
		}
		if next, ok := p["next"].(string); ok != (link != StuckNoLink) {
			t.Fatalf("link %d: next link %q", link, next)
		} else if ok {
			// Following the link (a fresh one too) is stuck again.
			body := wantOK(t, get(t, next))
			if len(data(t, body)) != 0 {
				t.Fatalf("link %d: the next link lists %v, want nothing", link, data(t, body))
			}
		}
		pages, _ := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
		if got := slices.Concat(pages...); len(got) != 6 {
			t.Fatalf("link %d: from the first page %v, want six", link, got)
		}
		f.e.ClearPastEnd(EndpointAgencies)
		if got := data(t, wantOK(t, get(t, resumed, withBearer(f.tokA)))); len(got) != 1 {
			t.Fatalf("link %d: once cleared, past the end %v, want the new grant", link, got)
		}
	}
}
