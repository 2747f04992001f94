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
			path:  "/v26.0/1/agencies",
			query: url.Values{"fields": {strings.Join(AgencyFields, ",")}, "limit": {"100"}},
			entry: `{"id":"2","name":"Acme","access_status":"CONFIRMED","permitted_tasks":["ADVERTISE","ANALYZE"]}`,
			list: func(c *Client) ([]string, error) {
				l, err := onlyGrant(c.ListAgencies(ctx, "1"))
				return l.PermittedTasks, err
			},
			find: func(c *Client) ([]string, error) {
				a, err := foundGrant(c.FindAgency(ctx, "1", "2"))
				return a.PermittedTasks, err
			},
		},
		{
			name:  "assigned users",
			path:  "/v26.0/1/assigned_users",
			query: url.Values{"business": {"5"}, "fields": {strings.Join(AssignedUserFields, ",")}, "limit": {"100"}},
			entry: `{"id":"3","name":"Ann","user_type":"BUSINESS_USER","tasks":["ADVERTISE","ANALYZE"]}`,
			list: func(c *Client) ([]string, error) {
				l, err := onlyGrant(c.ListAssignedUsers(ctx, "1", "5"))
				return l.Tasks, err
			},
			find: func(c *Client) ([]string, error) {
				u, err := foundGrant(c.FindAssignedUser(ctx, "1", "5", "3"))
				return u.Tasks, err
			},
		},
		{
			name:  "subscribed apps",
			path:  "/v26.0/1/subscribed_apps",
			query: url.Values{"fields": {strings.Join(SubscribedAppFields, ",")}, "limit": {"100"}},
			entry: `{"id":"4","name":"Bot","subscribed_fields":["feed","messages"]}`,
			list: func(c *Client) ([]string, error) {
				l, err := onlyGrant(c.ListSubscribedApps(ctx, "1"))
				return l.SubscribedFields, err
			},
			find: func(c *Client) ([]string, error) {
				a, err := foundGrant(c.FindSubscribedApp(ctx, "1", "4"))
				return a.SubscribedFields, err
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

// onlyGrant is the single entry of a listing, or why there is not one.
func onlyGrant[T any](l []T, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(l) != 1 {
		return zero, fmt.Errorf("listed %d grants, want 1", len(l))
	}
	return l[0], nil
}

// foundGrant is what a Find found, or why it found nothing.
func foundGrant[T any](g *T, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if g == nil {
		return zero, errors.New("not found")
	}
	return *g, nil
}
