package graph

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestThreadOwner(t *testing.T) {
	for name, tc := range map[string]struct {
		body, want string
	}{
		"owned":              {`{"data":[{"thread_owner":{"app_id":"263902037430900"}}]}`, "263902037430900"},
		"numeric app id":     {`{"data":[{"thread_owner":{"app_id":263902037430900123}}]}`, "263902037430900123"},
		"nobody owns it":     {`{"data":[]}`, ""},
		"with paging object": {`{"data":[{"thread_owner":{"app_id":"42"}}],"paging":{}}`, "42"},
	} {
		t.Run(name, func(t *testing.T) {
			var recipient string
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v26.0/1/thread_owner" || r.Header.Get("Authorization") != "Bearer "+testPageToken {
					t.Errorf("request %s with %q", r.URL.Path, r.Header.Get("Authorization"))
				}
				recipient = r.URL.Query().Get("recipient")
				writeJSON(w, 200, tc.body)
			})
			got, err := c.ThreadOwner(context.Background(), "1", "300000000000001")
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want || recipient != "300000000000001" {
				t.Fatalf("owner = %q (recipient sent %q), want %q", got, recipient, tc.want)
			}
		})
	}
}

func TestThreadOwnerSecondaryReceiverIsAGraphError(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"error":{"message":"(#100) The app is a secondary receiver","code":100,"error_subcode":2018234,"type":"OAuthException","fbtrace_id":"T1"}}`)
	})
	_, err := c.ThreadOwner(context.Background(), "1", "300")
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != CodeInvalidParameter || ge.Subcode != SubcodeSecondaryReceiver {
		t.Fatalf("want code 100 subcode 2018234, got %v", err)
	}
}
