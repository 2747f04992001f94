package graphtest

import (
	"net/url"
	"reflect"
	"testing"
)

const (
	userA = "444000000000001"
	userB = "444000000000002"
	userC = "444000000000003"
)

func newPeopleFx(t *testing.T) *fx {
	f := newFx(t, Options{MaxLimit: 1})
	f.e.AddBusinessUser(bizA, userA, "Ann", UserTypeBusiness)
	f.e.AddBusinessUser(bizA, userB, "Deploy bot", UserTypeSystem)
	f.e.AddBusinessUser(bizB, userC, "Carl", UserTypeBusiness)
	f.e.SetPageOwner(pageA, bizA)
	f.e.SetAgency(pageA, bizB, []string{"ANALYZE"})
	return f
}

func TestAssignedUsersTasksEnumIsTheSpecs(t *testing.T) {
	if n := len(AssignedUserTasks()); n != 29 {
		t.Fatalf("%d task values, want the spec's 29", n)
	}
}

func TestAssignedUsersPostUpdatesInPlaceAndGetNeedsBusiness(t *testing.T) {
	f := newPeopleFx(t)
	edge := f.base + "/" + pageA + "/assigned_users"
	wantOK(t, postForm(t, edge, url.Values{"user": {userA}, "tasks": {`["MANAGE","ANALYZE"]`}}, withBearer(f.tokA)))
	wantOK(t, postForm(t, edge, url.Values{"user": {userB}, "tasks": {"ANALYZE"}}, withBearer(f.tokA)))
	wantOK(t, postForm(t, edge, url.Values{"user": {userC}, "tasks": {`["ADVERTISE"]`}}, withBearer(f.tokA)))
	// A second POST for the same user sets its tasks, in place.
	wantOK(t, postForm(t, edge, url.Values{"user": {userA}, "tasks": {`["MODERATE"]`}}, withBearer(f.tokA)))
	if a, _ := f.e.AssignedUser(pageA, userA); !reflect.DeepEqual(a.Tasks, []string{"MODERATE"}) {
		t.Fatalf("tasks after the second POST = %v, want [MODERATE]", a.Tasks)
	}

	wantMsg(t, get(t, edge, withBearer(f.tokA)), 400, 100, 0, "(#100) The parameter business is required")
	// A user token is not enough: the edge wants the Page's own token.
	wantErr(t, get(t, edge+q("business", bizA), withBearer(f.userToken)), 400, 200, 0)

	// Listed one per page: the two users of business A, then the end.
	first := wantOK(t, get(t, edge+q("business", bizA, "fields", "id,name,user_type,tasks"), withBearer(f.tokA)))
	items := data(t, first)
	if len(items) != 1 || field[string](t, items[0], "id") != userA || field[string](t, items[0], "user_type") != UserTypeBusiness {
		t.Fatalf("first page %v", first)
	}
	next := field[string](t, first, "paging", "next")
	second := wantOK(t, get(t, next))
	items = data(t, second)
	if len(items) != 1 || field[string](t, items[0], "id") != userB || field[string](t, items[0], "name") != "Deploy bot" {
		t.Fatalf("second page %v", second)
	}
	if _, more := second["paging"].(map[string]any)["next"]; more {
		t.Fatalf("business A has two users, yet a third page is announced: %v", second)
	}
}

func TestAssignedUsersRefusals(t *testing.T) {
	f := newPeopleFx(t)
	edge := f.base + "/" + pageA + "/assigned_users"
	wantMsg(t, postForm(t, edge, url.Values{"tasks": {`["MANAGE"]`}}, withBearer(f.tokA)), 400, 100, 0, "(#100) The parameter user is required")
	wantErr(t, postForm(t, edge, url.Values{"user": {userA}, "tasks": {`["manage"]`}}, withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, postForm(t, edge, url.Values{"user": {"444000000000009"}, "tasks": {`["MANAGE"]`}}, withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, del(t, edge+q("user", userA), withBearer(f.tokA)), 400, 100, 0)
	f.e.SetAssignedUser(pageA, userA, []string{"MANAGE"})
	wantOK(t, del(t, edge+q("user", userA), withBearer(f.tokA)))
	if _, ok := f.e.AssignedUser(pageA, userA); ok {
		t.Fatal("the user still has tasks after DELETE")
	}
}

func TestSubscribedAppsPostReplacesTheFields(t *testing.T) {
	f := newFx(t, Options{})
	edge := f.base + "/" + pageA + "/subscribed_apps"
	wantMsg(t, postForm(t, edge, url.Values{}, withBearer(f.tokA)), 400, 100, 0, "(#100) The parameter subscribed_fields is required")
	wantErr(t, postForm(t, edge, url.Values{"subscribed_fields": {"messages,mesages"}}, withBearer(f.tokA)), 400, 100, 0)
	wantOK(t, postForm(t, edge, url.Values{"subscribed_fields": {"messages,feed"}}, withBearer(f.tokA)))
	wantOK(t, postForm(t, edge, url.Values{"subscribed_fields": {`["leadgen"]`}}, withBearer(f.tokA)))
	if got, _ := f.e.Subscription(pageA, DefaultAppID); !reflect.DeepEqual(got, []string{"leadgen"}) {
		t.Fatalf("fields after the second POST = %v, want only [leadgen]", got)
	}
	f.e.AddApp("900000000000002", "Other App")
	f.e.SetSubscription(pageA, "900000000000002", []string{"feed"})
	body := wantOK(t, get(t, edge+q("fields", "id,name,subscribed_fields"), withBearer(f.tokA)))
	if got := ids(t, data(t, body)); !reflect.DeepEqual(got, []string{DefaultAppID, "900000000000002"}) {
		t.Fatalf("listed apps %v", got)
	}
	wantErr(t, get(t, edge, withBearer(f.userToken)), 400, 200, 0)
	// DELETE takes the token's app off, not the other one.
	wantOK(t, del(t, edge, withBearer(f.tokA)))
	if _, ok := f.e.Subscription(pageA, DefaultAppID); ok {
		t.Fatal("still subscribed after DELETE")
	}
	if _, ok := f.e.Subscription(pageA, "900000000000002"); !ok {
		t.Fatal("DELETE removed another app's subscription")
	}
	wantErr(t, del(t, edge, withBearer(f.tokA)), 400, 100, 0)
}

func TestAppAnswersTheTokensApp(t *testing.T) {
	f := newFx(t, Options{})
	body := wantOK(t, get(t, f.e.URL()+"/v19.0/app", withBearer(f.tokA)))
	if body["id"] != DefaultAppID || body["name"] != DefaultAppName {
		t.Fatalf("%v", body)
	}
	f.e.AddApp("900000000000002", "Other App")
	f.e.SetTokenApp(f.tokB, "900000000000002")
	body = wantOK(t, get(t, f.e.URL()+"/v19.0/app?fields=id", withBearer(f.tokB)))
	if body["id"] != "900000000000002" {
		t.Fatalf("%v", body)
	}
	wantErr(t, get(t, f.e.URL()+"/v19.0/app"), 400, 104, 0)
}

// The AssignedUser node has a business (Meta's SDK spec
// api_specs/specs/AssignedUser.json): the Business node the user belongs
// to, with the subfields asked for, and its id always.
func TestAssignedUsersListTheirBusiness(t *testing.T) {
	f := newPeopleFx(t)
	f.e.SetAssignedUser(pageA, userA, []string{"ANALYZE"})
	edge := f.base + "/" + pageA + "/assigned_users"
	for fields, want := range map[string]map[string]any{
		"id,business{id,name}": {"id": bizA, "name": f.e.businesses[bizA]},
		"id,business{name}":    {"id": bizA, "name": f.e.businesses[bizA]},
		"id,business":          {"id": bizA, "name": f.e.businesses[bizA]},
	} {
		items := data(t, wantOK(t, get(t, edge+q("business", bizA, "fields", fields), withBearer(f.tokA))))
		if len(items) != 1 || !reflect.DeepEqual(items[0]["business"], want) {
			t.Errorf("fields=%s: %v, want business %v", fields, items, want)
		}
	}
}
