package graphtest

import (
	"net/url"
	"reflect"
	"testing"
)

// listedTasksOf lists pageA's agencies and returns biz's permitted_tasks as
// the answer carries it, and whether the field was there at all.
func listedTasksOf(t *testing.T, f *fx, biz string) (any, bool) {
	t.Helper()
	body := wantOK(t, get(t, f.base+"/"+pageA+"/agencies"+q("fields", "id,access_status,permitted_tasks"), withBearer(f.tokA)))
	for _, it := range data(t, body) {
		if it["id"] == biz {
			v, ok := it["permitted_tasks"]
			return v, ok
		}
	}
	t.Fatalf("business %s not listed: %v", biz, body)
	return nil, false
}

func TestAgencyAnswerSpellings(t *testing.T) {
	f := newFx(t, Options{})
	f.e.SetAgencyAnswer(bizA, AgencyAnswer{LowerCase: true})
	f.e.SetAgencyAnswer(bizB, AgencyAnswer{ExpandRoles: true, ExtraTasks: []string{"BRAND_NEW_TASK"}})
	list := f.base + "/" + pageA + "/agencies"
	wantOK(t, postForm(t, list, url.Values{"business": {bizA}, "permitted_tasks": {`["ANALYZE","ADVERTISE"]`}}, withBearer(f.tokA)))
	wantOK(t, postForm(t, list, url.Values{"business": {bizB}, "permitted_tasks": {`["ADVERTISE","MANAGE"]`}}, withBearer(f.tokA)))

	if got, _ := listedTasksOf(t, f, bizA); !reflect.DeepEqual(got, []any{"analyze", "advertise"}) {
		t.Fatalf("lower case: %v", got)
	}
	want := []any{"ADVERTISE", "ANALYZE", "MANAGE", "CREATE_CONTENT", "MODERATE", "MESSAGING", "BRAND_NEW_TASK"}
	if got, _ := listedTasksOf(t, f, bizB); !reflect.DeepEqual(got, want) {
		t.Fatalf("expanded: %v, want %v", got, want)
	}
	// What was granted is unchanged: only the answer is spelled differently.
	if a, _ := f.e.Agency(pageA, bizB); !reflect.DeepEqual(a.PermittedTasks, []string{"ADVERTISE", "MANAGE"}) || a.AccessStatus != AccessConfirmed {
		t.Fatalf("%+v", a)
	}
	// The zero answer restores the plain spelling.
	f.e.SetAgencyAnswer(bizA, AgencyAnswer{})
	if got, _ := listedTasksOf(t, f, bizA); !reflect.DeepEqual(got, []any{"ANALYZE", "ADVERTISE"}) {
		t.Fatalf("plain: %v", got)
	}
}

func TestAgencyAnswerPending(t *testing.T) {
	f := newFx(t, Options{})
	f.e.SetAgencyAnswer(bizA, AgencyAnswer{Pending: true, NoTasksWhilePending: true})
	f.e.SetAgencyAnswer(bizB, AgencyAnswer{Pending: true})
	list := f.base + "/" + pageA + "/agencies"
	wantOK(t, postForm(t, list, url.Values{"business": {bizA}, "permitted_tasks": {`["MANAGE"]`}}, withBearer(f.tokA)))
	wantOK(t, postForm(t, list, url.Values{"business": {bizB}, "permitted_tasks": {`["ANALYZE"]`}}, withBearer(f.tokA)))
	wantOK(t, postForm(t, list, url.Values{"business": {bizC}, "permitted_tasks": {`["ANALYZE"]`}}, withBearer(f.tokA)))

	for biz, want := range map[string]string{bizA: AccessPending, bizB: AccessPending, bizC: AccessConfirmed} {
		if a, _ := f.e.Agency(pageA, biz); a.AccessStatus != want {
			t.Errorf("business %s: %s, want %s", biz, a.AccessStatus, want)
		}
	}
	if got, ok := listedTasksOf(t, f, bizA); ok {
		t.Fatalf("pending without tasks still lists %v", got)
	}
	if got, _ := listedTasksOf(t, f, bizB); !reflect.DeepEqual(got, []any{"ANALYZE"}) {
		t.Fatalf("pending with tasks: %v", got)
	}
	// The Page admin approves: the tasks show again.
	f.e.SetAgencyStatus(pageA, bizA, AccessConfirmed)
	if got, _ := listedTasksOf(t, f, bizA); !reflect.DeepEqual(got, []any{"MANAGE"}) {
		t.Fatalf("approved: %v", got)
	}
}
