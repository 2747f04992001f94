package graphtest

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

const allTasksList = "MANAGE, CREATE_CONTENT, MODERATE, MESSAGING, ADVERTISE, ANALYZE, MODERATE_COMMUNITY, MANAGE_JOBS, PAGES_MESSAGING, PAGES_MESSAGING_SUBSCRIPTIONS, READ_PAGE_MAILBOXES, VIEW_MONETIZATION_INSIGHTS, MANAGE_LEADS, PROFILE_PLUS_FULL_CONTROL, PROFILE_PLUS_MANAGE, PROFILE_PLUS_FACEBOOK_ACCESS, PROFILE_PLUS_CREATE_CONTENT, PROFILE_PLUS_MODERATE, PROFILE_PLUS_MODERATE_DELEGATE_COMMUNITY, PROFILE_PLUS_MESSAGING, PROFILE_PLUS_ADVERTISE, PROFILE_PLUS_ANALYZE, PROFILE_PLUS_REVENUE, PROFILE_PLUS_MANAGE_LEADS, CASHIER_ROLE, GLOBAL_STRUCTURE_MANAGEMENT, PROFILE_PLUS_GLOBAL_STRUCTURE_MANAGEMENT, PROFILE_PLUS_CREATIVE_MANAGEMENT, PROFILE_PLUS_CREATOR_MANAGEMENT"

func TestAgencyTasksEnum(t *testing.T) {
	if got := strings.Join(AgencyTasks(), ", "); got != allTasksList || len(AgencyTasks()) != 29 {
		t.Fatalf("tasks = %s", got)
	}
}

func TestAgenciesAssignForm(t *testing.T) {
	f := newFx(t, Options{})
	before := time.Now().UTC().Truncate(time.Second)
	r := postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"business": {bizA}, "permitted_tasks": {`["MANAGE","ANALYZE","MANAGE"]`}}, withBearer(f.tokA))
	body := wantOK(t, r)
	wantKeys(t, body, "success")
	if body["success"] != true {
		t.Fatalf("%s", r.Body)
	}
	a, ok := f.e.Agency(pageA, bizA)
	if !ok {
		t.Fatal("agency not recorded")
	}
	if a.BusinessID != bizA || a.Name != "Agency A" || a.AccessStatus != "CONFIRMED" || !reflect.DeepEqual(a.PermittedTasks, []string{"MANAGE", "ANALYZE"}) {
		t.Fatalf("%+v", a)
	}
	if a.RequestedTime.Before(before) || a.RequestedTime.After(time.Now()) || !a.UpdatedTime.Equal(a.RequestedTime) {
		t.Fatalf("times %v %v", a.RequestedTime, a.UpdatedTime)
	}
	if _, ok := f.e.Agency(pageB, bizA); ok {
		t.Fatal("assigned to the wrong page")
	}
}

func TestAgenciesAssignJSONAndQuery(t *testing.T) {
	f := newFx(t, Options{})
	// JSON body: business as an integer, tasks as an array.
	wantOK(t, postJSON(t, f.base+"/"+pageA+"/agencies", map[string]any{"business": 222000000000001, "permitted_tasks": []string{"MESSAGING"}}, withBearer(f.tokA)))
	// Query parameters on a POST.
	wantOK(t, do(t, http.MethodPost, f.base+"/"+pageA+"/agencies"+q("business", bizB, "permitted_tasks", `["ADVERTISE"]`), nil, "", withBearer(f.tokA)))
	// No permitted_tasks: optional on Meta's reference page, assigns no tasks.
	wantOK(t, postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"business": {bizC}}, withBearer(f.tokA)))
	got := f.e.Agencies(pageA)
	if len(got) != 3 || got[0].BusinessID != bizA || got[1].BusinessID != bizB || got[2].BusinessID != bizC {
		t.Fatalf("%+v", got)
	}
	if !reflect.DeepEqual(got[0].PermittedTasks, []string{"MESSAGING"}) || !reflect.DeepEqual(got[1].PermittedTasks, []string{"ADVERTISE"}) || len(got[2].PermittedTasks) != 0 {
		t.Fatalf("%+v", got)
	}
}

func TestAgenciesAssignErrors(t *testing.T) {
	f := newFx(t, Options{})
	f.e.AddBusiness("222000000000009", "Taken")
	f.e.SetAgency(pageA, "222000000000009", []string{"ANALYZE"})
	post := func(form url.Values) result {
		return postForm(t, f.base+"/"+pageA+"/agencies", form, withBearer(f.tokA))
	}
	wantMsg(t, post(url.Values{"permitted_tasks": {`["MANAGE"]`}}), 400, 100, 0, "(#100) The parameter business is required")
	wantMsg(t, post(url.Values{"business": {""}}), 400, 100, 0, "(#100) The parameter business is required")
	wantMsg(t, post(url.Values{"business": {"acme"}}), 400, 100, 0, `(#100) Param business must be a valid ID string (e.g., "123")`)
	e := wantErr(t, post(url.Values{"business": {"222999999999999"}}), 400, 100, 0)
	if !strings.Contains(e.Message, "222999999999999") {
		t.Errorf("unknown business message %q does not name it", e.Message)
	}
	wantMsg(t, post(url.Values{"business": {bizA}, "permitted_tasks": {`["MANAGE","FLY"]`}}), 400, 100, 0,
		"(#100) Param permitted_tasks[1] must be one of {"+allTasksList+"}")
	wantMsg(t, post(url.Values{"business": {bizA}, "permitted_tasks": {`["manage"]`}}), 400, 100, 0,
		"(#100) Param permitted_tasks[0] must be one of {"+allTasksList+"}")
	wantMsg(t, post(url.Values{"business": {bizA}, "permitted_tasks": {`[1]`}}), 400, 100, 0,
		"(#100) Param permitted_tasks[0] must be one of {"+allTasksList+"}")
	for _, bad := range []string{"MANAGE", "MANAGE,ANALYZE", `{"a":1}`, `["MANAGE"`} {
		wantMsg(t, post(url.Values{"business": {bizA}, "permitted_tasks": {bad}}), 400, 100, 0, "(#100) Param permitted_tasks must be an array")
	}
	// JSON body with a bad enum value too.
	wantErr(t, postJSON(t, f.base+"/"+pageA+"/agencies", map[string]any{"business": bizA, "permitted_tasks": []string{"X"}}, withBearer(f.tokA)), 400, 100, 0)
	// Already assigned: 3989, whatever the tasks.
	e = wantMsg(t, post(url.Values{"business": {"222000000000009"}, "permitted_tasks": {`["MANAGE"]`}}), 400, 3989, 0,
		"You are trying to assign a duplicated asset to this agency.")
	if e.Type != "OAuthException" || e.IsTransient {
		t.Errorf("%+v", e)
	}
	// None of the refused requests changed anything.
	if got := f.e.Agencies(pageA); len(got) != 1 || !reflect.DeepEqual(got[0].PermittedTasks, []string{"ANALYZE"}) {
		t.Fatalf("%+v", got)
	}
}

func TestAgenciesList(t *testing.T) {
	f := newFx(t, Options{})
	f.e.SetAgency(pageA, bizB, []string{"ANALYZE"})
	f.e.SetAgency(pageA, bizA, []string{"MANAGE", "MESSAGING"})
	f.e.SetAgency(pageA, bizC, nil)
	list := f.base + "/" + pageA + "/agencies"

	// Default fields: id and name only, in assignment order; no name for a
	// business without one; a single page has no paging links.
	body := wantOK(t, get(t, list, withBearer(f.tokA)))
	items := data(t, body)
	if got := ids(t, items); !reflect.DeepEqual(got, []string{bizB, bizA, bizC}) {
		t.Fatalf("order %v", got)
	}
	wantKeys(t, items[0], "id", "name")
	wantKeys(t, items[2], "id")
	wantKeys(t, pagingOf(t, body), "cursors")

	// All fields, in Meta's formats.
	body = wantOK(t, get(t, list+q("fields", "id,name,access_requested_time,access_status,access_updated_time,permitted_tasks"), withBearer(f.tokA)))
	it := data(t, body)[1]
	wantKeys(t, it, "id", "name", "access_requested_time", "access_status", "access_updated_time", "permitted_tasks")
	a, _ := f.e.Agency(pageA, bizA)
	if it["access_requested_time"] != a.RequestedTime.Format("2006-01-02T15:04:05")+"+0000" || it["access_status"] != "CONFIRMED" {
		t.Fatalf("%v", it)
	}
	if !reflect.DeepEqual(it["permitted_tasks"], []any{"MANAGE", "MESSAGING"}) {
		t.Fatalf("%v", it["permitted_tasks"])
	}
	if tasks := data(t, body)[2]["permitted_tasks"]; !reflect.DeepEqual(tasks, []any{}) {
		t.Fatalf("empty tasks rendered as %v", tasks)
	}

	// Only what is asked, plus the id Graph always returns.
	body = wantOK(t, get(t, list+q("fields", "permitted_tasks"), withBearer(f.tokA)))
	wantKeys(t, data(t, body)[0], "id", "permitted_tasks")

	wantMsg(t, get(t, list+q("fields", "id,business_name"), withBearer(f.tokA)), 400, 100, 0,
		"(#100) Tried accessing nonexisting field (business_name) on node type (Business)")
}

func TestAgenciesPendingStatus(t *testing.T) {
	f := newFx(t, Options{})
	f.e.SetAgency(pageA, bizA, []string{"MANAGE"})
	f.e.SetAgencyStatus(pageA, bizA, AccessPending)
	body := wantOK(t, get(t, f.base+"/"+pageA+"/agencies"+q("fields", "access_status"), withBearer(f.tokA)))
	if data(t, body)[0]["access_status"] != "PENDING" {
		t.Fatalf("%v", body)
	}
	mustPanic(t, "SetAgencyStatus unassigned", func() { f.e.SetAgencyStatus(pageA, bizB, AccessPending) })
}

func TestAgenciesEmptyList(t *testing.T) {
	f := newFx(t, Options{})
	body := wantOK(t, get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)))
	wantKeys(t, body, "data")
	if len(data(t, body)) != 0 {
		t.Fatal(body)
	}
}

func TestAgenciesDelete(t *testing.T) {
	f := newFx(t, Options{})
	f.e.SetAgency(pageA, bizA, []string{"MANAGE"})
	f.e.SetAgency(pageA, bizB, []string{"MANAGE"})
	list := f.base + "/" + pageA + "/agencies"

	body := wantOK(t, del(t, list+q("business", bizA), withBearer(f.tokA)))
	wantKeys(t, body, "success")
	if body["success"] != true {
		t.Fatal(body)
	}
	// Form body on DELETE.
	wantOK(t, do(t, http.MethodDelete, list, strings.NewReader("business="+bizB), "application/x-www-form-urlencoded", withBearer(f.tokA)))
	if len(f.e.Agencies(pageA)) != 0 {
		t.Fatalf("%+v", f.e.Agencies(pageA))
	}

	wantMsg(t, del(t, list, withBearer(f.tokA)), 400, 100, 0, "(#100) The parameter business is required")
	wantMsg(t, del(t, list+q("business", "x1"), withBearer(f.tokA)), 400, 100, 0, `(#100) Param business must be a valid ID string (e.g., "123")`)
	// Not assigned (any more): a code-100 error naming business and page.
	wantMsg(t, del(t, list+q("business", bizA), withBearer(f.tokA)), 400, 100, 0,
		"(#100) Business "+bizA+" does not have access to Page "+pageA)
	wantErr(t, del(t, list+q("business", "222999999999999"), withBearer(f.tokA)), 400, 100, 0)

	// After removal the business can be assigned again.
	wantOK(t, postForm(t, list, url.Values{"business": {bizA}, "permitted_tasks": {`["ANALYZE"]`}}, withBearer(f.tokA)))
}

func TestAgenciesOutOfBand(t *testing.T) {
	// The emulator's clock, moved on by the test: agency times have Graph's
	// one-second resolution, so an update must come a second later to show.
	clock := time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)
	e := New(Options{Now: func() time.Time { return clock }})
	e.AddPage(pageA, "A")
	e.AddBusiness(bizA, "Agency A")
	if _, ok := e.Agency(pageA, bizA); ok || e.Agencies("404") != nil {
		t.Fatal("phantom agency")
	}
	tasks := []string{"MANAGE"}
	e.SetAgency(pageA, bizA, tasks)
	tasks[0] = "CHANGED" // the emulator keeps its own copy
	a1, _ := e.Agency(pageA, bizA)
	if a1.PermittedTasks[0] != "MANAGE" || a1.AccessStatus != "CONFIRMED" {
		t.Fatalf("%+v", a1)
	}
	a1.PermittedTasks[0] = "MUTATED" // and hands out copies
	clock = clock.Add(1500 * time.Millisecond)
	e.SetAgency(pageA, bizA, []string{"ANALYZE", "NOT_A_TASK"}) // not validated: tests may plant odd data
	a2, _ := e.Agency(pageA, bizA)
	if !a2.RequestedTime.Equal(a1.RequestedTime) || !a2.UpdatedTime.After(a1.UpdatedTime) || a2.PermittedTasks[1] != "NOT_A_TASK" {
		t.Fatalf("%+v then %+v", a1, a2)
	}
	e.RemoveAgency(pageA, bizA)
	e.RemoveAgency(pageA, bizA) // no-op
	if len(e.Agencies(pageA)) != 0 {
		t.Fatal("not removed")
	}
}
