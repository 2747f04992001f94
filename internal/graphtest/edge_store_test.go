package graphtest

import (
	"net/url"
	"reflect"
	"slices"
	"testing"
	"time"
)

// Each listing order lists the same grants, and a walk by item cursors
// reads each once.
func TestEdgeStoreOrders(t *testing.T) {
	for _, tc := range []struct {
		order ListingOrder
		want  func(made []string) []string
	}{
		{OldestFirst, func(made []string) []string { return made }},
		{NewestFirst, func(made []string) []string { out := slices.Clone(made); slices.Reverse(out); return out }},
		{ByID, func(made []string) []string { out := slices.Clone(made); slices.Sort(out); return out }},
		{Reshuffled, nil},
	} {
		f, all := fiveAgencies(t, Options{MaxLimit: 2})
		// Made out of id order: C, A, E, B, D.
		for _, b := range all {
			f.e.RemoveAgency(pageA, b)
		}
		made := []string{all[2], all[0], all[4], all[1], all[3]}
		for _, b := range made {
			f.e.SetAgency(pageA, b, []string{"ANALYZE"})
		}
		f.e.SetListingOrder(EndpointAgencies, tc.order)
		pages, _ := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
		got := slices.Concat(pages...)
		if tc.want != nil && !reflect.DeepEqual(got, tc.want(made)) {
			t.Errorf("order %d: listed %v, want %v", tc.order, got, tc.want(made))
		}
		sorted := slices.Clone(got)
		slices.Sort(sorted)
		if want := slices.Sorted(slices.Values(all)); !reflect.DeepEqual(sorted, want) {
			t.Errorf("order %d: a walk read %v, want each of %v once", tc.order, got, want)
		}
	}
}

// A grant listed late is left out of the next listings, then listed.
func TestEdgeStoreListsLate(t *testing.T) {
	f := newFx(t, Options{})
	f.e.ListLate(EndpointAgencies, 2, 0)
	edge := f.base + "/" + pageA + "/agencies"
	wantOK(t, postForm(t, edge, url.Values{"business": {bizA}, "permitted_tasks": {`["ANALYZE"]`}}, withBearer(f.tokA)))
	for i := range 2 {
		if got := ids(t, data(t, wantOK(t, get(t, edge, withBearer(f.tokA))))); len(got) != 0 {
			t.Fatalf("listing %d shows %v before the grant is due", i+1, got)
		}
	}
	if got := ids(t, data(t, wantOK(t, get(t, edge, withBearer(f.tokA))))); !reflect.DeepEqual(got, []string{bizA}) {
		t.Fatalf("third listing %v, want the grant", got)
	}
	f.e.ListLate(EndpointAgencies, 0, time.Hour)
	wantOK(t, postForm(t, edge, url.Values{"business": {bizB}, "permitted_tasks": {`["ANALYZE"]`}}, withBearer(f.tokA)))
	if got := ids(t, data(t, wantOK(t, get(t, edge, withBearer(f.tokA))))); !reflect.DeepEqual(got, []string{bizA}) {
		t.Fatalf("listing %v, want the grant due in an hour left out", got)
	}
}

// A reorder moves a grant the walk has not read onto the page it has: the
// walk misses it, the next walk lists it.
func TestEdgeStoreReordersBetweenPages(t *testing.T) {
	f, all := fiveAgencies(t, Options{MaxLimit: 2})
	f.e.ReorderBetweenPages(EndpointAgencies, 1)
	pages, _ := walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	got := slices.Concat(pages...)
	if slices.Contains(got, all[4]) || len(got) != 4 {
		t.Fatalf("the reordering walk read %v, want all but the moved %s", got, all[4])
	}
	pages, _ = walk(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	if got := slices.Concat(pages...); got[0] != all[4] || len(got) != 5 {
		t.Fatalf("the next walk read %v, want the moved grant first and all five", got)
	}
}

// A business user gets tasks only on a Page their business owns or is an
// agency of; a person's tasks are one list whatever business lists them.
func TestAssignedUsersNeedTheirBusinessOnThePage(t *testing.T) {
	f := newPeopleFx(t)
	edge := f.base + "/" + pageA + "/assigned_users"
	f.e.RemoveAgency(pageA, bizB)
	wantErr(t, postForm(t, edge, url.Values{"user": {userC}, "tasks": {`["ANALYZE"]`}}, withBearer(f.tokA)), 400, 200, 0)
	if _, ok := f.e.AssignedUser(pageA, userC); ok {
		t.Fatal("a user of a business without the Page was given tasks")
	}
	f.e.SetAgency(pageA, bizB, []string{"ANALYZE"})
	wantOK(t, postForm(t, edge, url.Values{"user": {userC}, "tasks": {`["MANAGE"]`}}, withBearer(f.tokA)))
	if got := ids(t, data(t, wantOK(t, get(t, edge+q("business", bizA), withBearer(f.tokA))))); len(got) != 0 {
		t.Fatalf("business A lists %v, want none: user C is of business B", got)
	}
	page := wantOK(t, get(t, f.base+"/"+pageA+q("fields", "business"), withBearer(f.tokA)))
	if id := field[string](t, page, "business", "id"); id != bizA {
		t.Fatalf("the Page's business is %q, want %s", id, bizA)
	}
}
