package graphtest

import (
	"slices"
	"testing"
)

// /me/accounts of a person: every Page of their roles, across pages of the
// listing, each with its token and the person's tasks; a Page left out of
// the listing stays out; a Page token has no such edge.
func TestMeAccountsListsTheTokensPages(t *testing.T) {
	f := newFx(t, Options{MaxLimit: 1})
	f.e.AddUser(userToken, pageB)
	f.e.SetAccountTasks(userToken, pageB, []string{"ANALYZE"})
	f.e.SetPageCategory(pageA, "Software")

	pages, bodies := walk(t, f.base+"/me/accounts?fields=id,name,category,tasks,access_token", withBearer(userToken))
	if !slices.EqualFunc(pages, [][]string{{pageA}, {pageB}}, slices.Equal) {
		t.Fatalf("pages = %v, want one Page a page", pages)
	}
	a, b := data(t, bodies[0])[0], data(t, bodies[1])[0]
	if a["access_token"] != f.tokA || b["access_token"] != f.tokB {
		t.Errorf("the listing does not carry each Page's token")
	}
	if a["category"] != "Software" || a["name"] != "Page A" {
		t.Errorf("Page A = %v", a)
	}
	if _, ok := b["category"]; ok {
		t.Errorf("a Page without a category lists one: %v", b)
	}
	if got := field[[]any](t, b, "tasks"); len(got) != 1 || got[0] != "ANALYZE" {
		t.Errorf("tasks on Page B = %v", got)
	}
	if got := field[[]any](t, a, "tasks"); len(got) != len(defaultAccountTasks) {
		t.Errorf("default tasks on Page A = %v", got)
	}

	f.e.LeaveOutOfAccounts(userToken, pageA)
	pages, _ = walk(t, f.base+"/me/accounts?fields=id", withBearer(userToken))
	if !slices.EqualFunc(pages, [][]string{{pageB}}, slices.Equal) {
		t.Errorf("with Page A left out, pages = %v", pages)
	}

	wantMsg(t, get(t, f.base+"/me/accounts", withBearer(f.tokA)), 400, 100, 0, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)")
	wantErr(t, get(t, f.base+"/me/accounts?fields=id,fan_count", withBearer(userToken)), 400, 100, 0)
	wantErr(t, get(t, f.base+"/"+pageA+"/accounts", withBearer(userToken)), 400, 100, 0)
	if empty := data(t, wantOK(t, get(t, f.base+"/me/accounts", withBearer(userNoRol)))); len(empty) != 0 {
		t.Errorf("a person without roles lists %v", empty)
	}
}

// owned_pages and client_pages: each relationship on its own edge, only to
// a person of the business.
func TestBusinessPagesListOwnedAndClientPages(t *testing.T) {
	f := newFx(t, Options{MaxLimit: 1})
	const member, memberID = "member-token", "555000000000009"
	f.e.AddNamedUser(member, memberID, "Member")
	f.e.AddBusinessMember(bizA, memberID)
	f.e.AddBusinessPage(bizA, pageA, PageOwned)
	f.e.AddBusinessPage(bizA, pageB, PageClient)

	owned, _ := walk(t, f.base+"/"+bizA+"/owned_pages?fields=id,name", withBearer(member))
	client, bodies := walk(t, f.base+"/"+bizA+"/client_pages", withBearer(member))
	if !slices.EqualFunc(owned, [][]string{{pageA}}, slices.Equal) || !slices.EqualFunc(client, [][]string{{pageB}}, slices.Equal) {
		t.Fatalf("owned = %v, client = %v", owned, client)
	}
	if name := data(t, bodies[0])[0]["name"]; name != "Page B" {
		t.Errorf("client Page name = %v", name)
	}
	wantErr(t, get(t, f.base+"/"+bizA+"/owned_pages", withBearer(userToken)), 400, 100, 33)
	wantErr(t, get(t, f.base+"/"+bizA+"/owned_pages", withBearer(f.tokA)), 400, 100, 33)
	wantErr(t, get(t, f.base+"/"+bizB+"/owned_pages", withBearer(member)), 400, 100, 33)
	wantErr(t, get(t, f.base+"/"+bizA+"/owned_pages?fields=access_token", withBearer(member)), 400, 100, 0)
	mustPanic(t, "AddBusinessPage with another relationship", func() { f.e.AddBusinessPage(bizA, pageA, "agency") })
}
