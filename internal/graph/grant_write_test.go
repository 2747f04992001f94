package graph

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// Every removal of an access from a Page (an agency, an assigned user, a
// subscribed app) ends the same way: a plain success is success; a refusal
// other than code 100 is an error; otherwise listings taken after the
// DELETE decide, so that an access proven gone (two complete listings that
// agree) counts as removed and one still there is an error.
func TestRemovalsSettleByAFreshListing(t *testing.T) {
	edges := []struct {
		name   string
		edge   string
		remove func(context.Context, *Client) error
	}{
		{"agency", "agencies", func(ctx context.Context, c *Client) error { return c.RemoveAgency(ctx, "1", "11") }},
		{"assigned user", "assigned_users", func(ctx context.Context, c *Client) error { return c.RemoveAssignedUser(ctx, "1", "7", "11") }},
		{"subscribed app", "subscribed_apps", func(ctx context.Context, c *Client) error { return c.UnsubscribeApp(ctx, "1", "11") }},
	}
	cases := []struct {
		name        string
		deleteBody  string
		deleteCode  int
		stillListed bool
		wantErr     string // "" for success
		wantLists   int32
	}{
		{"success", `{"success":true}`, 200, true, "", 0},
		{"refused, already gone", `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}`, 400, false, "", 2},
		{"refused for permissions", `{"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200}}`, 403, false, "(#200) Permissions error", 0},
		{"refused, still there", `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}`, 400, true, "(#100) Invalid parameter", 1},
		{"no success, already gone", `{"success":false}`, 200, false, "", 2},
		{"no success, still there", `{"success":false}`, 200, true, "Meta answered without success=true", 1},
	}
	for _, e := range edges {
		for _, tc := range cases {
			t.Run(e.name+"/"+tc.name, func(t *testing.T) {
				var lists, deletes atomic.Int32
				c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
					if !strings.HasSuffix(r.URL.Path, "/1/"+e.edge) {
						t.Errorf("unexpected call %s %s", r.Method, r.URL.Path)
						writeJSON(w, 400, `{"error":{"message":"unexpected","code":100}}`)
						return
					}
					switch r.Method {
					case http.MethodDelete:
						deletes.Add(1)
						writeJSON(w, tc.deleteCode, tc.deleteBody)
					case http.MethodGet:
						lists.Add(1)
						if tc.stillListed {
							writeJSON(w, 200, `{"data":[{"id":"11","name":"Eleven"}]}`)
						} else {
							writeJSON(w, 200, `{"data":[{"id":"12","name":"Twelve"}]}`)
						}
					}
				})
				err := e.remove(context.Background(), c)
				switch {
				case tc.wantErr == "" && err != nil:
					t.Fatalf("want success, got %v", err)
				case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
					t.Fatalf("want an error with %q, got %v", tc.wantErr, err)
				}
				if deletes.Load() != 1 || lists.Load() != tc.wantLists {
					t.Fatalf("%d DELETEs and %d listings, want 1 and %d", deletes.Load(), lists.Load(), tc.wantLists)
				}
			})
		}
	}
}
