package graphtest

import (
	"reflect"
	"testing"
)

func TestSeedDemo(t *testing.T) {
	e := Start(t, Options{})
	fx := SeedDemo(e)
	base := e.URL() + "/v19.0"
	if fx.PageID != "100000000000001" || fx.PageName != "Demo Page" || fx.BusinessID != "200000000000001" ||
		fx.AssignedBusinessID != "200000000000002" || fx.RecipientID != "300000000000001" || fx.SecondRecipientID != "300000000000002" ||
		fx.ThreadOwnerAppID != "263902037430900" || len(fx.ConversationIDs) != 5 || fx.UserToken == "" {
		t.Fatalf("%+v", fx)
	}
	if other := SeedDemo(New(Options{})); other.UserToken == fx.UserToken || other.PageToken == fx.PageToken {
		t.Fatal("demo tokens are not random")
	}

	// The token is a system user's, and exchanges for the page token.
	me := wantOK(t, get(t, base+"/me"+q("fields", "id,name"), withBearer(fx.UserToken)))
	if me["id"] != DemoSystemUserID || me["name"] != DemoSystemUserName {
		t.Fatalf("GET /me with the demo token: %v", me)
	}
	body := wantOK(t, get(t, base+"/"+fx.PageID+q("fields", "access_token"), withBearer(fx.UserToken)))
	if body["access_token"] != fx.PageToken {
		t.Fatalf("%v", body)
	}
	tok := withBearer(fx.PageToken)

	// Agencies: Northwind assigned with ANALYZE; Acme known but free.
	items := data(t, wantOK(t, get(t, base+"/"+fx.PageID+"/agencies"+q("fields", "name,permitted_tasks,access_status"), tok)))
	want := []map[string]any{{"id": fx.AssignedBusinessID, "name": "Northwind Media", "permitted_tasks": []any{"ANALYZE"}, "access_status": "CONFIRMED"}}
	if !reflect.DeepEqual(items, want) {
		t.Fatalf("%v", items)
	}
	wantOK(t, postForm(t, base+"/"+fx.PageID+"/agencies", map[string][]string{"business": {fx.BusinessID}, "permitted_tasks": {`["MANAGE"]`}}, tok))
	if a, ok := e.Agency(fx.PageID, fx.BusinessID); !ok || a.Name != "Acme Agency" {
		t.Fatalf("%+v", a)
	}

	// Conversations spread across folders, some unread.
	total, unread := 0, 0
	for _, folder := range []string{"inbox", "other", "page_done", "spam"} {
		items := data(t, wantOK(t, get(t, base+"/"+fx.PageID+"/conversations"+q("folder", folder, "fields", "unread_count,participants"), tok)))
		for _, it := range items {
			total++
			if field[float64](t, it, "unread_count") > 0 {
				unread++
			}
			if len(data(t, field[map[string]any](t, it, "participants"))) < 2 {
				t.Errorf("conversation %v lacks participants", it["id"])
			}
		}
	}
	if total != 5 || unread < 2 {
		t.Fatalf("%d conversations, %d unread", total, unread)
	}

	// Thread owners.
	body = wantOK(t, get(t, base+"/"+fx.PageID+"/thread_owner"+q("recipient", fx.RecipientID), tok))
	if !reflect.DeepEqual(body["data"], []any{map[string]any{"thread_owner": map[string]any{"app_id": fx.ThreadOwnerAppID}}}) {
		t.Fatalf("%v", body)
	}
	body = wantOK(t, get(t, base+"/"+fx.PageID+"/thread_owner"+q("recipient", fx.SecondRecipientID), tok))
	if len(data(t, body)) != 0 {
		t.Fatalf("%v", body)
	}
	// The people business's two users can be given tasks; none has any yet.
	if items := data(t, wantOK(t, get(t, base+"/"+fx.PageID+"/assigned_users"+q("business", fx.PeopleBusinessID), tok))); len(items) != 0 {
		t.Fatalf("assigned users before any assignment: %v", items)
	}
	for _, user := range []string{fx.BusinessUserID, fx.SystemUserID} {
		wantOK(t, postForm(t, base+"/"+fx.PageID+"/assigned_users", map[string][]string{"user": {user}, "tasks": {`["MESSAGING"]`}}, tok))
	}
	users := map[string]string{}
	for _, it := range data(t, wantOK(t, get(t, base+"/"+fx.PageID+"/assigned_users"+q("business", fx.PeopleBusinessID, "fields", "user_type"), tok))) {
		users[field[string](t, it, "id")] = field[string](t, it, "user_type")
	}
	if want := map[string]string{DemoBusinessUserID: UserTypeBusiness, DemoBusinessSystemUserID: UserTypeSystem}; !reflect.DeepEqual(users, want) {
		t.Fatalf("assigned users %v, want %v", users, want)
	}

	// Both tokens belong to the demo app, which is the primary receiver.
	for _, token := range []string{fx.UserToken, fx.PageToken} {
		app := wantOK(t, get(t, base+"/app"+q("fields", "id,name"), withBearer(token)))
		if app["id"] != DemoAppID || app["name"] != "Demo App" {
			t.Fatalf("GET /app: %v", app)
		}
	}
	wantOK(t, postForm(t, base+"/"+fx.PageID+"/pass_thread_control", map[string][]string{"recipient": {`{"id":"` + fx.SecondRecipientID + `"}`}, "target_app_id": {fx.ThreadOwnerAppID}}, tok))

	// Both recipients can be messaged.
	for _, r := range []string{fx.RecipientID, fx.SecondRecipientID} {
		wantOK(t, postForm(t, base+"/"+fx.PageID+"/messages", map[string][]string{"recipient": {`{"id":"` + r + `"}`}, "message": {`{"text":"hi"}`}, "messaging_type": {"RESPONSE"}}, tok))
	}
}
