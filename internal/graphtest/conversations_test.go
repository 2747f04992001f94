package graphtest

import (
	"reflect"
	"regexp"
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// convFx adds conversations to pageA:
//
//	c1 inbox  MESSENGER  t0-1h  psidA          tags a,b
//	c2 inbox  MESSENGER  t0     psidB          tags b
//	c3 other  MESSENGER  t0-2h  psidA
//	c4 inbox  INSTAGRAM  t0-3h  psidA
//	c5 spam   MESSENGER  t0-4h  psidB
//	c6 inbox  MESSENGER  t0-5h  psidA, psidB   tags a
func convFx(t *testing.T) *fx {
	f := newFx(t, Options{})
	page := Participant{ID: pageA, Name: "Page A", Email: pageA + "@facebook.com"}
	add := func(id, folder, platform string, ago int, tags []string, ps ...Participant) {
		f.e.AddConversation(pageA, Conversation{ID: id, Folder: folder, Platform: platform, UpdatedTime: t0.Add(-time.Duration(ago) * time.Hour),
			Snippet: "snippet " + id, MessageCount: 3, UnreadCount: 1, CanReply: true, Tags: tags, Participants: append(ps, page)})
	}
	a := Participant{ID: psidA, Name: "Alice", Email: psidA + "@facebook.com"}
	b := Participant{ID: psidB} // no name, no email
	add("c1", "inbox", "MESSENGER", 1, []string{"a", "b"}, a)
	add("c2", "", "", 0, []string{"b"}, b) // defaults: inbox, MESSENGER
	add("c3", "other", "MESSENGER", 2, nil, a)
	add("c4", "inbox", "INSTAGRAM", 3, nil, a)
	add("c5", "spam", "MESSENGER", 4, nil, b)
	add("c6", "inbox", "MESSENGER", 5, []string{"a"}, a, b)
	return f
}

func convIDs(t *testing.T, f *fx, query string) []string {
	t.Helper()
	return ids(t, data(t, wantOK(t, get(t, f.base+"/"+pageA+"/conversations"+query, withBearer(f.tokA)))))
}

func TestConversationsDefaults(t *testing.T) {
	f := convFx(t)
	body := wantOK(t, get(t, f.base+"/"+pageA+"/conversations", withBearer(f.tokA)))
	items := data(t, body)
	// inbox + MESSENGER by default, newest first.
	if got := ids(t, items); !reflect.DeepEqual(got, []string{"c2", "c1", "c6"}) {
		t.Fatalf("ids %v", got)
	}
	// Default fields: id and updated_time only.
	for _, it := range items {
		wantKeys(t, it, "id", "updated_time")
	}
	if items[0]["updated_time"] != "2024-05-01T12:00:00+0000" {
		t.Fatalf("updated_time %v", items[0]["updated_time"])
	}
}

func TestConversationsFilters(t *testing.T) {
	f := convFx(t)
	cases := map[string][]string{
		q("folder", "inbox"):                         {"c2", "c1", "c6"},
		q("folder", "other"):                         {"c3"},
		q("folder", "spam"):                          {"c5"},
		q("folder", "page_done"):                     nil,
		q("platform", "INSTAGRAM"):                   {"c4"},
		q("platform", "instagram"):                   {"c4"},
		q("platform", "MESSENGER", "folder", "spam"): {"c5"},
		q("user_id", psidA):                          {"c1", "c6"},
		q("user_id", psidB, "folder", "spam"):        {"c5"},
		q("user_id", "999"):                          nil,
		q("tags", "a"):                               {"c1", "c6"},
		q("tags", `["b"]`):                           {"c2", "c1"},
		q("tags", "zzz"):                             nil,
		q("tags", "a", "user_id", psidB):             {"c6"},
	}
	for query, want := range cases {
		if got := convIDs(t, f, query); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", query, got, want)
		}
	}
}

func TestConversationsBadParams(t *testing.T) {
	f := convFx(t)
	list := f.base + "/" + pageA + "/conversations"
	wantMsg(t, get(t, list+q("folder", "archive"), withBearer(f.tokA)), 400, 100, 0,
		"(#100) param folder must be one of {inbox, other, page_done, spam}")
	wantMsg(t, get(t, list+q("folder", "INBOX"), withBearer(f.tokA)), 400, 100, 0,
		"(#100) param folder must be one of {inbox, other, page_done, spam}")
	wantMsg(t, get(t, list+q("platform", "WHATSAPP"), withBearer(f.tokA)), 400, 100, 0,
		"(#100) param platform must be one of {INSTAGRAM, MESSENGER}")
	wantErr(t, get(t, list+q("tags", `["a",1]`), withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, get(t, list+q("tags", `[`), withBearer(f.tokA)), 400, 100, 0)
	wantMsg(t, get(t, list+q("fields", "id,messages"), withBearer(f.tokA)), 400, 100, 0,
		"(#100) Tried accessing nonexisting field (messages) on node type (UnifiedThread)")
	wantErr(t, get(t, list+q("fields", "snippet{x}"), withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, get(t, list+q("fields", "participants{id,phone}"), withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, get(t, list+q("fields", "participants{id"), withBearer(f.tokA)), 400, 2500, 0)
	wantErr(t, get(t, list+q("fields", "participants.limit(2)"), withBearer(f.tokA)), 400, 100, 0)
}

func TestConversationsFields(t *testing.T) {
	f := convFx(t)
	f.e.AddConversation(pageA, Conversation{ID: "c7", UpdatedTime: t0.Add(time.Hour), Link: "/pagea/inbox/7/", Name: "Group chat",
		IsSubscribed: true, Participants: []Participant{{ID: psidA, Name: "Alice"}}})
	all := "id,link,updated_time,message_count,unread_count,snippet,can_reply,is_subscribed,is_owner,name,folder,participants,senders,former_participants,scoped_thread_key,wallpaper,linked_group"
	items := data(t, wantOK(t, get(t, f.base+"/"+pageA+"/conversations"+q("fields", all), withBearer(f.tokA))))

	c7 := items[0]
	wantKeys(t, c7, "id", "link", "updated_time", "message_count", "unread_count", "can_reply", "is_subscribed", "is_owner",
		"name", "folder", "participants", "senders", "former_participants", "scoped_thread_key")
	if c7["message_count"] != 0.0 || c7["can_reply"] != false || c7["is_owner"] != true || c7["folder"] != "inbox" || c7["scoped_thread_key"] != "t_c7" {
		t.Fatalf("%v", c7)
	}
	if !reflect.DeepEqual(c7["former_participants"], map[string]any{"data": []any{}}) {
		t.Fatalf("former_participants %v", c7["former_participants"])
	}

	c2 := items[1] // no link, no name: omitted, not empty strings
	wantKeys(t, c2, "id", "updated_time", "message_count", "unread_count", "snippet", "can_reply", "is_subscribed", "is_owner",
		"folder", "participants", "senders", "former_participants", "scoped_thread_key")
	if c2["unread_count"] != 1.0 || c2["snippet"] != "snippet c2" {
		t.Fatalf("%v", c2)
	}
	// Participant without name/email: only id. The page carries its email.
	want := map[string]any{"data": []any{
		map[string]any{"id": psidB},
		map[string]any{"id": pageA, "name": "Page A", "email": pageA + "@facebook.com"},
	}}
	if !reflect.DeepEqual(c2["participants"], want) || !reflect.DeepEqual(c2["senders"], want) {
		t.Fatalf("participants %v", c2["participants"])
	}

	// Subfield selection keeps the id.
	items = data(t, wantOK(t, get(t, f.base+"/"+pageA+"/conversations"+q("fields", "participants{name}"), withBearer(f.tokA))))
	wantKeys(t, items[0], "id", "participants")
	first := data(t, field[map[string]any](t, items[0], "participants"))[0]
	wantKeys(t, first, "id", "name")
}

func TestAddConversationDefaults(t *testing.T) {
	e := New(Options{})
	e.AddPage(pageA, "A")
	before := time.Now().Add(-time.Second)
	e.AddConversation(pageA, Conversation{})
	e.AddConversation(pageA, Conversation{})
	e.mu.Lock()
	defer e.mu.Unlock()
	cs := e.pages[pageA].conversations
	c := cs[0].c
	if c.Folder != "inbox" || c.Platform != "MESSENGER" || c.UpdatedTime.Before(before) || !regexp.MustCompile(`^t_\d+$`).MatchString(c.ID) || c.ID == cs[1].c.ID {
		t.Fatalf("%+v / %+v", c, cs[1].c)
	}
}
