package graphtest

import (
	"reflect"
	"testing"
)

func TestThreadOwner(t *testing.T) {
	f := newFx(t, Options{})
	const app = "263902037430900"
	f.e.SetThreadOwner(pageA, psidA, app)
	f.e.AddRecipient(pageA, psidB) // known, nobody owns the thread
	f.e.SetSecondaryReceiver(pageA, "333000000000009")
	edge := f.base + "/" + pageA + "/thread_owner"

	body := wantOK(t, get(t, edge+q("recipient", psidA), withBearer(f.tokA)))
	wantKeys(t, body, "data")
	want := []any{map[string]any{"thread_owner": map[string]any{"app_id": app}}}
	if !reflect.DeepEqual(body["data"], want) {
		t.Fatalf("%v", body)
	}

	body = wantOK(t, get(t, edge+q("recipient", psidB), withBearer(f.tokA)))
	if !reflect.DeepEqual(body, map[string]any{"data": []any{}}) {
		t.Fatalf("%v", body)
	}

	// Ownership can be released and changed.
	f.e.SetThreadOwner(pageA, psidA, "")
	if body = wantOK(t, get(t, edge+q("recipient", psidA), withBearer(f.tokA))); len(data(t, body)) != 0 {
		t.Fatalf("%v", body)
	}

	wantMsg(t, get(t, edge, withBearer(f.tokA)), 400, 100, 0, "(#100) The parameter recipient is required")
	e := wantErr(t, get(t, edge+q("recipient", "333000000000009"), withBearer(f.tokA)), 400, 100, 2018234)
	if e.Message == "" || e.Type != "OAuthException" {
		t.Fatalf("%+v", e)
	}
	// SetThreadOwner clears the secondary-receiver state.
	f.e.SetThreadOwner(pageA, "333000000000009", app)
	wantOK(t, get(t, edge+q("recipient", "333000000000009"), withBearer(f.tokA)))

	// A PSID that never talked to the page.
	wantMsg(t, get(t, edge+q("recipient", "333000000000404"), withBearer(f.tokA)), 400, 100, 2018001, "(#100) No matching user found")
	// Per page: pageB knows nobody.
	wantErr(t, get(t, f.base+"/"+pageB+"/thread_owner"+q("recipient", psidB), withBearer(f.tokB)), 400, 100, 2018001)
}
