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
	"sync/atomic"
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

// A settled listing is one that two complete listings in a row agree on:
// a listing that changed while it was read is followed by fresh ones, and
// listings that never agree are an error, never a pick.
func TestSettledListingNeedsTwoThatAgree(t *testing.T) {
	// The first listing lacks 203, as a reordering walk would; the later
	// ones list it. (onList runs once a listing has read the state.)
	s, c := newAgencyServer(t, map[string][]string{"1": {"201", "202"}})
	var listings atomic.Int32
	s.onList = func(*http.Request) {
		listings.Add(1)
		s.set("1", "201", "202", "203")
	}
	got, err := c.ListAgenciesSettled(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	if ids := grantIDs(got); !slices.Equal(ids, []string{"201", "202", "203"}) {
		t.Fatalf("settled listing = %v, want 201 202 203", ids)
	}
	if n := listings.Load(); n != 3 {
		t.Fatalf("%d listings, want 3 (one that disagreed, then two that agree)", n)
	}

	s2, c2 := newAgencyServer(t, map[string][]string{"1": {"201"}})
	var n2 atomic.Int32
	s2.onList = func(*http.Request) {
		s2.set("1", "201", fmt.Sprint(300+n2.Add(1))) // never the same twice
	}
	if _, err := c2.ListAgenciesSettled(context.Background(), "1"); err == nil || !strings.Contains(err.Error(), "listed other grants each time") {
		t.Fatalf("listings that never agree: err = %v", err)
	}
	if n := n2.Load(); n != maxListingsToAgree+1 {
		t.Fatalf("%d listings, want %d", n, maxListingsToAgree+1)
	}
}
