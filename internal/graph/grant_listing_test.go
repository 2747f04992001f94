package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestGrantListingsHandOutCopies holds the three grant edges to one rule:
// a listing is fetched once per run and Page (and business, for assigned
// users), with the edge's fields, the page size and the scope, and every
// List and Find returns a copy that the caller may change without
// changing what the next caller sees.
func TestGrantListingsHandOutCopies(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		path  string
		query url.Values
		entry string
		// list and find read the one grant through List and Find and
		// return its tasks or fields, as the caller received them.
		list func(c *Client) ([]string, error)
		find func(c *Client) ([]string, error)
	}{
		{
			name:  "agencies",
			path:  "/v25.0/1/agencies",
			query: url.Values{"fields": {strings.Join(AgencyFields, ",")}, "limit": {"100"}},
			entry: `{"id":"2","name":"Acme","access_status":"CONFIRMED","permitted_tasks":["ADVERTISE","ANALYZE"]}`,
			list: func(c *Client) ([]string, error) {
				l, err := c.ListAgencies(ctx, "1")
				if err != nil || len(l) != 1 {
					return nil, listErr(err, len(l))
				}
				return l[0].PermittedTasks, nil
			},
			find: func(c *Client) ([]string, error) {
				a, err := c.FindAgency(ctx, "1", "2")
				if err != nil || a == nil {
					return nil, findErr(err)
				}
				return a.PermittedTasks, nil
			},
		},
		{
			name:  "assigned users",
			path:  "/v25.0/1/assigned_users",
			query: url.Values{"business": {"5"}, "fields": {strings.Join(AssignedUserFields, ",")}, "limit": {"100"}},
			entry: `{"id":"3","name":"Ann","user_type":"BUSINESS_USER","tasks":["ADVERTISE","ANALYZE"]}`,
			list: func(c *Client) ([]string, error) {
				l, err := c.ListAssignedUsers(ctx, "1", "5")
				if err != nil || len(l) != 1 {
					return nil, listErr(err, len(l))
				}
				return l[0].Tasks, nil
			},
			find: func(c *Client) ([]string, error) {
				u, err := c.FindAssignedUser(ctx, "1", "5", "3")
				if err != nil || u == nil {
					return nil, findErr(err)
				}
				return u.Tasks, nil
			},
		},
		{
			name:  "subscribed apps",
			path:  "/v25.0/1/subscribed_apps",
			query: url.Values{"fields": {strings.Join(SubscribedAppFields, ",")}, "limit": {"100"}},
			entry: `{"id":"4","name":"Bot","subscribed_fields":["feed","messages"]}`,
			list: func(c *Client) ([]string, error) {
				l, err := c.ListSubscribedApps(ctx, "1")
				if err != nil || len(l) != 1 {
					return nil, listErr(err, len(l))
				}
				return l[0].SubscribedFields, nil
			},
			find: func(c *Client) ([]string, error) {
				a, err := c.FindSubscribedApp(ctx, "1", "4")
				if err != nil || a == nil {
					return nil, findErr(err)
				}
				return a.SubscribedFields, nil
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var asked []url.Values
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet || r.URL.Path != tt.path {
					t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
					http.Error(w, "{}", http.StatusNotFound)
					return
				}
				mu.Lock()
				asked = append(asked, r.URL.Query())
				mu.Unlock()
				_, _ = w.Write([]byte(`{"data":[` + tt.entry + `]}`))
			})

			first, err := tt.list(c)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(first)
			first[0] = "CHANGED BY THE CALLER"
			found, err := tt.find(c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(found, want) {
				t.Fatalf("Find after a caller changed List's result = %v, want %v", found, want)
			}
			found[1] = "CHANGED BY THE CALLER"
			again, err := tt.list(c)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(again, want) {
				t.Fatalf("List after a caller changed Find's result = %v, want %v", again, want)
			}

			if len(asked) != 1 {
				t.Fatalf("%d listing calls for two Lists and a Find, want 1 (one shared listing)", len(asked))
			}
			got := asked[0]
			got.Del("access_token")
			got.Del("appsecret_proof")
			if got.Encode() != tt.query.Encode() {
				t.Errorf("listing query = %s, want %s", got.Encode(), tt.query.Encode())
			}
		})
	}
}

func listErr(err error, n int) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("listed %d grants, want 1", n)
}

func findErr(err error) error {
	if err != nil {
		return err
	}
	return errors.New("not found")
}
