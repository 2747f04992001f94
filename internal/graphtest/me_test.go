package graphtest

import (
	"net/http"
	"testing"
)

// metadataFieldNames are the names metadata.fields lists in a /me answer.
func metadataFieldNames(t *testing.T, body map[string]any) map[string]bool {
	t.Helper()
	fields := field[[]any](t, body, "metadata", "fields")
	names := map[string]bool{}
	for _, f := range fields {
		m, ok := f.(map[string]any)
		if !ok {
			t.Fatalf("metadata.fields entry %v is not an object", f)
		}
		name, _ := m["name"].(string)
		names[name] = true
	}
	return names
}

func TestMeAnswersForEachKindOfToken(t *testing.T) {
	f := newFx(t, Options{})
	const (
		sysToken  = "system-user-token"
		sysID     = "444000000000001"
		namedTok  = "named-user-token"
		personID  = "555000000000001"
		meWithMD  = "/me?fields=id,name&metadata=1"
		systemTag = "finance_permission"
	)
	f.e.AddSystemUser(sysToken, sysID, "CI deploy", pageA)
	f.e.AddNamedUser(namedTok, personID, "Jane Doe")

	sys := wantOK(t, get(t, f.base+meWithMD, withBearer(sysToken)))
	if sys["id"] != sysID || sys["name"] != "CI deploy" {
		t.Errorf("system user /me = %v", sys)
	}
	if names := metadataFieldNames(t, sys); !names[systemTag] || !names["created_by"] || names["first_name"] {
		t.Errorf("system user metadata fields = %v", names)
	}

	person := wantOK(t, get(t, f.base+meWithMD, withBearer(namedTok)))
	if person["id"] != personID || person["name"] != "Jane Doe" {
		t.Errorf("user /me = %v", person)
	}
	if names := metadataFieldNames(t, person); names[systemTag] || !names["first_name"] {
		t.Errorf("user metadata fields = %v", names)
	}

	// AddUser's person has a made-up numeric id, the same on every call.
	first := wantOK(t, get(t, f.base+"/me", withBearer(userToken)))
	again := wantOK(t, get(t, f.base+"/me", withBearer(userToken)))
	if id, _ := first["id"].(string); !isNumericID(id) || first["name"] != "Test User" || again["id"] != id {
		t.Errorf("AddUser /me = %v then %v", first, again)
	}
	if _, ok := first["metadata"]; ok {
		t.Errorf("metadata without metadata=1: %v", first)
	}

	// A Page token's /me is its Page.
	page := wantOK(t, get(t, f.base+meWithMD, withBearer(f.tokA)))
	if page["id"] != pageA || page["name"] != "Page A" || !metadataFieldNames(t, page)["category"] {
		t.Errorf("page token /me = %v", page)
	}

	// As anywhere, an unknown token is 190 and a missing one 104; unknown
	// fields and other methods are refused.
	wantErr(t, get(t, f.base+"/me", withBearer("bogus")), 400, 190, 0)
	wantErr(t, get(t, f.base+"/me"), 400, 104, 0)
	wantErr(t, get(t, f.base+"/me?fields=finance_permission", withBearer(sysToken)), 400, 100, 0)
	wantErr(t, do(t, http.MethodPost, f.base+"/me", nil, "", withBearer(sysToken)), 400, 100, 0)
}

func TestAddSystemUserPanicsOnBadSetup(t *testing.T) {
	e := Start(t, Options{})
	tok := e.AddPage(pageA, "Page A")
	mustPanic(t, "system user with a Page token", func() { e.AddSystemUser(tok, "1", "x") })
	mustPanic(t, "system user with a non-numeric id", func() { e.AddSystemUser("t", "abc", "x") })
}
