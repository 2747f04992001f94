package graphtest

import (
	"regexp"
	"strings"
	"testing"
)

func TestPageTokenExchange(t *testing.T) {
	f := newFx(t, Options{})
	node := f.base + "/" + pageA

	// A user with a role gets {"id", "access_token"}.
	body := wantOK(t, get(t, node+q("fields", "access_token"), withBearer(userToken)))
	wantKeys(t, body, "id", "access_token")
	if body["id"] != pageA || body["access_token"] != f.tokA {
		t.Fatalf("%v", body)
	}
	// Query-string token works as well.
	body = wantOK(t, get(t, node+q("fields", "id,name,access_token", "access_token", userToken)))
	wantKeys(t, body, "id", "name", "access_token")

	// A user without a role: no access_token field at all.
	body = wantOK(t, get(t, node+q("fields", "access_token"), withBearer(userNoRol)))
	wantKeys(t, body, "id")
	// A role on another page does not help.
	body = wantOK(t, get(t, f.base+"/"+pageB+q("fields", "access_token"), withBearer(userToken)))
	wantKeys(t, body, "id")

	// The page's own token gets itself back; another page's token does not.
	body = wantOK(t, get(t, node+q("fields", "access_token"), withBearer(f.tokA)))
	if body["access_token"] != f.tokA {
		t.Fatalf("%v", body)
	}
	body = wantOK(t, get(t, node+q("fields", "access_token"), withBearer(f.tokB)))
	wantKeys(t, body, "id")
}

func TestPageNodeFields(t *testing.T) {
	f := newFx(t, Options{})
	node := f.base + "/" + pageA
	body := wantOK(t, get(t, node, withBearer(userToken)))
	wantKeys(t, body, "id", "name")
	if body["name"] != "Page A" {
		t.Fatalf("%v", body)
	}
	body = wantOK(t, get(t, node+q("fields", "name"), withBearer(userToken)))
	wantKeys(t, body, "id", "name")
	wantMsg(t, get(t, node+q("fields", "id,category"), withBearer(userToken)), 400, 100, 0,
		"(#100) Tried accessing nonexisting field (category) on node type (Page)")
	wantErr(t, get(t, node+q("fields", "name{x}"), withBearer(userToken)), 400, 100, 0)
}

func TestPageTokensAreOpaque(t *testing.T) {
	e := New(Options{})
	seen := map[string]bool{}
	for _, id := range []string{pageA, pageB, "1", "2"} {
		tok := e.AddPage(id, "x")
		if !regexp.MustCompile(`^EAAG[0-9a-f]{64,}$`).MatchString(tok) || strings.Contains(tok, id) && len(id) > 3 {
			t.Errorf("token %q for page %s", tok, id)
		}
		if seen[tok] {
			t.Errorf("token reused")
		}
		seen[tok] = true
		if e.PageToken(id) != tok {
			t.Errorf("PageToken(%s) mismatch", id)
		}
		if again := e.AddPage(id, "renamed"); again != tok {
			t.Errorf("AddPage again changed the token")
		}
	}
	if New(Options{}).AddPage(pageA, "x") == e.PageToken(pageA) {
		t.Error("token derived from the page id")
	}
	if e.PageToken("404") != "" {
		t.Error("PageToken of unknown page")
	}
}

func TestSeedingPanicsOnMistakes(t *testing.T) {
	e := New(Options{})
	tok := e.AddPage(pageA, "A")
	mustPanic(t, "AddUser empty", func() { e.AddUser("") })
	mustPanic(t, "AddUser page token", func() { e.AddUser(tok) })
	mustPanic(t, "AddBusiness non-numeric", func() { e.AddBusiness("acme", "Acme") })
	mustPanic(t, "SetAgency unknown page", func() { e.SetAgency("404", bizA, nil) })
	mustPanic(t, "SetAgency unknown business", func() { e.SetAgency(pageA, bizA, nil) })
	mustPanic(t, "AddConversation unknown page", func() { e.AddConversation("404", Conversation{}) })
	mustPanic(t, "AddConversation bad folder", func() { e.AddConversation(pageA, Conversation{Folder: "archive"}) })
	mustPanic(t, "AddRecipient unknown page", func() { e.AddRecipient("404", psidA) })
}
