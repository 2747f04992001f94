package graphtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// identity is who a token belongs to.
type identity struct {
	token  string
	pageID string     // set for a Page access token: the page it belongs to
	user   *userState // set for a user or system-user token
}

// AppSecretProof computes the appsecret_proof Meta expects for token:
// lowercase hex of HMAC-SHA256 keyed with the app secret.
func AppSecretProof(appSecret, token string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(token))
	return hex.EncodeToString(mac.Sum(nil))
}

// authenticate resolves the request's token and checks appsecret_proof.
// Order: conflicting tokens, no token (104), unknown token (190), then the
// proof, which can only be checked against a token. Caller holds e.mu.
func (e *Emulator) authenticate(in *incoming) *GraphError {
	if in.tokenConflict {
		// assumption: Meta's behaviour for two different tokens in one request
		// is undocumented; refusing it is the strict choice.
		return errParam("The request carries more than one distinct access token")
	}
	if in.token == "" {
		return &GraphError{Message: "An access token is required to request this resource.", Type: typeOAuth, Code: 104}
	}
	id := e.lookupTokenLocked(in.token)
	if id == nil {
		return MetaError(190)
	}
	if e.opts.AppSecret != "" {
		// assumption: Meta may ignore a proof inside a form body (its guide,
		// https://developers.facebook.com/docs/graph-api/securing-requests/, shows it as a
		// parameter); the contract accepts it in query, form or JSON body.
		if !in.hasProof || in.proof == "" {
			return &GraphError{Message: "API calls from the server require an appsecret_proof argument", Type: typeMethod, Code: 100}
		}
		// assumption: the comparison is on Meta's lowercase hex spelling;
		// uppercase hex is refused like any other wrong proof.
		want := AppSecretProof(e.opts.AppSecret, in.token)
		if !hmac.Equal([]byte(in.proof), []byte(want)) {
			return &GraphError{Message: "Invalid appsecret_proof provided in the API argument", Type: typeMethod, Code: 100}
		}
	}
	// With no AppSecret configured a proof cannot be verified and is ignored.
	in.ident = id
	return nil
}

// lookupTokenLocked finds who owns token. Caller holds e.mu.
func (e *Emulator) lookupTokenLocked(token string) *identity {
	if pid, ok := e.pageTokens[token]; ok {
		return &identity{token: token, pageID: pid}
	}
	if u, ok := e.users[token]; ok {
		return &identity{token: token, user: u}
	}
	return nil
}

// requirePageToken enforces that the four edges are called with the Page
// access token of that very page (https://developers.facebook.com/docs/graph-api/reference/page/agencies/:
// "A Page access token requested by a person who can perform the MANAGE
// task"; https://developers.facebook.com/docs/graph-api/reference/page/conversations/ likewise).
func requirePageToken(in *incoming, pageID string) *GraphError {
	if in.ident.pageID == "" {
		// Meta's own wording is "(#210) A page access token is required to
		// request this resource."; the contract asks for the permissions code 200.
		return &GraphError{Message: "(#200) A Page access token is required to request this resource.", Type: typeOAuth, Code: 200}
	}
	if in.ident.pageID != pageID {
		// assumption: another page's token is a valid token without permission
		// on this page, so 200 (permissions) rather than 190 (which would tell
		// a client to re-authenticate for nothing).
		return &GraphError{Message: "(#200) The Page access token used belongs to a different Page than the one requested.", Type: typeOAuth, Code: 200}
	}
	return nil
}
