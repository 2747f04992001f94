package graphtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAuthMissingToken(t *testing.T) {
	f := newFx(t, Options{})
	for _, path := range []string{"/" + pageA, "/" + pageA + "/agencies", "/999/conversations", "/" + pageA + "/nope/x"} {
		e := wantMsg(t, get(t, f.base+path), 400, 104, 0, "An access token is required to request this resource.")
		if e.Type != "OAuthException" {
			t.Errorf("type = %q", e.Type)
		}
	}
	// An empty access_token parameter or an empty Bearer is no token.
	wantErr(t, get(t, f.base+"/"+pageA+q("access_token", "")), 400, 104, 0)
	wantErr(t, get(t, f.base+"/"+pageA, withHeader("Authorization", "Bearer ")), 400, 104, 0)
	wantErr(t, get(t, f.base+"/"+pageA, withHeader("Authorization", "Basic dXNlcjpwYXNz")), 400, 104, 0)
}

func TestAuthInvalidToken(t *testing.T) {
	f := newFx(t, Options{})
	e := wantMsg(t, get(t, f.base+"/"+pageA, withBearer("bogus")), 400, 190, 0, "Invalid OAuth access token - Cannot parse access token")
	if e.Type != "OAuthException" {
		t.Errorf("type = %q", e.Type)
	}
	wantErr(t, get(t, f.base+"/"+pageA+"/agencies"+q("access_token", "bogus")), 400, 190, 0)
}

func TestAuthTokenSources(t *testing.T) {
	f := newFx(t, Options{})
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)))
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies", withHeader("Authorization", "OAuth "+f.tokA)))
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies"+q("access_token", f.tokA)))
	wantOK(t, postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"access_token": {f.tokA}, "business": {bizA}}))
	wantOK(t, postJSON(t, f.base+"/"+pageA+"/agencies", map[string]any{"access_token": f.tokA, "business": bizB}))
	// Same token twice is fine (a client following `next` with a header).
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies"+q("access_token", f.tokA), withBearer(f.tokA)))

	var sources []string
	for _, r := range f.e.Requests() {
		sources = append(sources, r.TokenSource)
		if r.Token != f.tokA {
			t.Errorf("logged token %q", r.Token)
		}
	}
	if got := strings.Join(sources, ","); got != "header,header,query,form,json,query" {
		t.Fatalf("token sources = %s", got)
	}
}

func TestAuthConflictingTokens(t *testing.T) {
	f := newFx(t, Options{})
	wantErr(t, get(t, f.base+"/"+pageA+"/agencies"+q("access_token", f.tokB), withBearer(f.tokA)), 400, 100, 0)
}

func TestEdgesRequireThatPagesToken(t *testing.T) {
	f := newFx(t, Options{})
	f.e.AddRecipient(pageA, psidA)
	edges := []struct {
		method, path string
		form         url.Values
	}{
		{http.MethodGet, "/agencies", nil},
		{http.MethodPost, "/agencies", url.Values{"business": {bizA}}},
		{http.MethodDelete, "/agencies?business=" + bizA, nil},
		{http.MethodGet, "/conversations", nil},
		{http.MethodGet, "/thread_owner?recipient=" + psidA, nil},
		{http.MethodPost, "/messages", url.Values{"recipient": {`{"id":"` + psidA + `"}`}, "sender_action": {"MARK_SEEN"}}},
	}
	send := func(method, path string, form url.Values, tok string) result {
		if form != nil {
			return do(t, method, f.base+"/"+pageA+path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", withBearer(tok))
		}
		return do(t, method, f.base+"/"+pageA+path, nil, "", withBearer(tok))
	}
	for _, ed := range edges {
		// A user token, even with a role on the page: permissions error.
		e := wantMsg(t, send(ed.method, ed.path, ed.form, userToken), 400, 200, 0, "(#200) A Page access token is required to request this resource.")
		if e.Type != "OAuthException" {
			t.Errorf("type %q", e.Type)
		}
		// Another page's token: a valid token without permission here.
		wantMsg(t, send(ed.method, ed.path, ed.form, f.tokB), 400, 200, 0, "(#200) The Page access token used belongs to a different Page than the one requested.")
	}
	// Nothing above changed state.
	if len(f.e.Agencies(pageA)) != 0 || len(f.e.Messages(pageA)) != 0 {
		t.Fatal("a refused request changed state")
	}
	// Unknown page beats the token check.
	wantErr(t, get(t, f.base+"/999/agencies", withBearer(userToken)), 400, 100, 33)
}

func TestAppSecretProof(t *testing.T) {
	const secret = "s3cret"
	f := newFx(t, Options{AppSecret: secret})
	proofA := AppSecretProof(secret, f.tokA)
	agencies := f.base + "/" + pageA + "/agencies"

	wantMsg(t, get(t, agencies, withBearer(f.tokA)), 400, 100, 0, "API calls from the server require an appsecret_proof argument")
	e := wantMsg(t, get(t, agencies+q("appsecret_proof", strings.Repeat("0", 64)), withBearer(f.tokA)), 400, 100, 0,
		"Invalid appsecret_proof provided in the API argument")
	if e.Type != "GraphMethodException" {
		t.Errorf("type = %q", e.Type)
	}
	// A proof computed for another token is wrong for this one.
	wantErr(t, get(t, agencies+q("appsecret_proof", AppSecretProof(secret, f.tokB)), withBearer(f.tokA)), 400, 100, 0)
	// Upper-case hex is not Meta's spelling.
	wantErr(t, get(t, agencies+q("appsecret_proof", strings.ToUpper(proofA)), withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, get(t, agencies+q("appsecret_proof", ""), withBearer(f.tokA)), 400, 100, 0)

	// Right proof: query, form body, JSON body.
	wantOK(t, get(t, agencies+q("appsecret_proof", proofA), withBearer(f.tokA)))
	wantOK(t, postForm(t, agencies, url.Values{"business": {bizA}, "appsecret_proof": {proofA}}, withBearer(f.tokA)))
	wantOK(t, postJSON(t, agencies, map[string]any{"business": bizB, "appsecret_proof": proofA, "access_token": f.tokA}))

	// Token checks come first: 104 and 190 whatever the proof.
	wantErr(t, get(t, agencies), 400, 104, 0)
	wantErr(t, get(t, agencies+q("appsecret_proof", proofA), withBearer("bogus")), 400, 190, 0)

	// The proof is checked on the token exchange too.
	wantErr(t, get(t, f.base+"/"+pageA+q("fields", "access_token"), withBearer(userToken)), 400, 100, 0)
	wantOK(t, get(t, f.base+"/"+pageA+q("fields", "access_token", "appsecret_proof", AppSecretProof(secret, userToken)), withBearer(userToken)))

	var proofs []bool
	for _, r := range f.e.Requests()[:2] {
		proofs = append(proofs, r.HasProof)
	}
	if proofs[0] || !proofs[1] {
		t.Fatalf("HasProof = %v", proofs)
	}
}

func TestAppSecretProofIgnoredWithoutSecret(t *testing.T) {
	f := newFx(t, Options{})
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies"+q("appsecret_proof", "whatever"), withBearer(f.tokA)))
}

func TestAppSecretProofValue(t *testing.T) {
	// RFC 4231-style check of the HMAC-SHA256 hex encoding.
	got := AppSecretProof("key", "The quick brown fox jumps over the lazy dog")
	if got != "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8" {
		t.Fatal(got)
	}
}
