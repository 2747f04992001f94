package graph

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// AppSecretProof is Meta's appsecret_proof: the lowercase hex HMAC-SHA256 of
// the access token, keyed with the app secret. It proves a call comes from
// the app's server and must be computed for the token each request uses.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/securing-requests/
func AppSecretProof(appSecret, accessToken string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(accessToken))
	return hex.EncodeToString(mac.Sum(nil))
}
