package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestListConversationsSendsFieldsAndFilters(t *testing.T) {
	var got http.Header
	var query map[string][]string
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		got, query = r.Header, r.URL.Query()
		if r.URL.Path != "/v26.0/1/conversations" {
			t.Errorf("path = %s", r.URL.Path)
		}
		writeJSON(w, 200, `{"data":[]}`)
	})
	convs, err := c.ListConversations(context.Background(), "1", ConversationQuery{
		Folder: "spam", Platform: "INSTAGRAM", UserID: "300", Tags: []string{"vip", "orders"}, Max: 7,
	})
	if err != nil {
		t.Fatal(err)
	}
	if convs == nil || len(convs) != 0 {
		t.Fatalf("an empty listing must be an empty, non-nil slice: %#v", convs)
	}
	want := map[string]string{
		"fields":   "id,link,updated_time,message_count,unread_count,snippet,can_reply,is_subscribed,name,participants",
		"folder":   "spam",
		"platform": "INSTAGRAM",
		"user_id":  "300",
		"tags":     `["vip","orders"]`,
		"limit":    "7", // no more than the bound
	}
	for k, v := range want {
		if len(query[k]) != 1 || query[k][0] != v {
			t.Errorf("%s = %q, want %q", k, query[k], v)
		}
	}
	if got.Get("Authorization") != "Bearer "+testPageToken {
		t.Errorf("Authorization = %q", got.Get("Authorization"))
	}
}

func TestListConversationsLeavesUnsetFiltersOut(t *testing.T) {
	var query map[string][]string
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.Query()
		writeJSON(w, 200, `{"data":[]}`)
	})
	if _, err := c.ListConversations(context.Background(), "1", ConversationQuery{}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"folder", "platform", "user_id", "tags"} {
		if _, ok := query[k]; ok {
			t.Errorf("%s sent although unset: %q", k, query[k])
		}
	}
	if query["limit"][0] != fmt.Sprint(ConversationPageLimit) {
		t.Errorf("limit = %q without a bound, want %d", query["limit"], ConversationPageLimit)
	}
}

func TestConversationAbsentFieldsStayNil(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":[
			{"id":"t_1"},
			{"id":"t_2","link":"/p/t2","updated_time":"2024-05-01T12:00:00+0000","message_count":0,"unread_count":0,
			 "snippet":"","can_reply":false,"is_subscribed":false,"name":"",
			 "participants":{"data":[{"id":"300","name":"Alex"},{"id":"1","email":"1@facebook.com"}]}}
		]}`)
	})
	convs, err := c.ListConversations(context.Background(), "1", ConversationQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(convs) != 2 {
		t.Fatalf("got %d conversations", len(convs))
	}
	bare := convs[0]
	if bare.ID != "t_1" || bare.Link != nil || !bare.UpdatedTime.IsZero() || bare.MessageCount != nil || bare.UnreadCount != nil ||
		bare.Snippet != nil || bare.CanReply != nil || bare.IsSubscribed != nil || bare.Name != nil || bare.Participants != nil {
		t.Errorf("fields left out must stay nil: %+v", bare)
	}
	full := convs[1]
	if full.MessageCount == nil || *full.MessageCount != 0 || full.CanReply == nil || *full.CanReply || full.Snippet == nil || *full.Snippet != "" {
		t.Errorf("zero values Meta sent must be kept: %+v", full)
	}
	if full.UpdatedTime.RFC3339() != "2024-05-01T12:00:00Z" {
		t.Errorf("updated_time = %q", full.UpdatedTime.RFC3339())
	}
	ps := full.Participants.Data
	if len(ps) != 2 || ps[0].ID != "300" || *ps[0].Name != "Alex" || ps[0].Email != nil || ps[1].Name != nil || *ps[1].Email != "1@facebook.com" {
		t.Errorf("participants = %+v", ps)
	}
}

// conversationPages serves total conversations in pages of two, with
// Meta-style next links.
func conversationPages(total int, calls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		after := 0
		_, _ = fmt.Sscan(r.URL.Query().Get("after"), &after) // no or a bad cursor: start at 0
		var items []string
		for i := after; i < after+2 && i < total; i++ {
			items = append(items, fmt.Sprintf(`{"id":"t_%d","unread_count":%d}`, i, i))
		}
		body := `{"data":[` + strings.Join(items, ",") + `]`
		if after+2 < total {
			q := r.URL.Query()
			q.Set("after", fmt.Sprint(after+2))
			q.Set("access_token", testPageToken)
			body += fmt.Sprintf(`,"paging":{"next":"http://%s%s?%s"}`, r.Host, r.URL.Path, q.Encode())
		}
		writeJSON(w, 200, body+"}")
	}
}

func TestListConversationsStopsAtMax(t *testing.T) {
	for _, tc := range []struct{ max, wantLen, wantCalls int }{
		{max: 3, wantLen: 3, wantCalls: 2}, // the second page is cut short, no third page asked
		{max: 4, wantLen: 4, wantCalls: 2}, // the bound falls on a page end: no further page
		{max: 0, wantLen: 7, wantCalls: 4}, // no bound: every page
		{max: 50, wantLen: 7, wantCalls: 4},
	} {
		t.Run(fmt.Sprint("max=", tc.max), func(t *testing.T) {
			var calls atomic.Int32
			c, _ := newTestClient(t, conversationPages(7, &calls))
			convs, err := c.ListConversations(context.Background(), "1", ConversationQuery{Max: tc.max})
			if err != nil {
				t.Fatal(err)
			}
			if len(convs) != tc.wantLen || int(calls.Load()) != tc.wantCalls {
				t.Fatalf("got %d conversations in %d calls, want %d in %d", len(convs), calls.Load(), tc.wantLen, tc.wantCalls)
			}
			for i, conv := range convs {
				if conv.ID != fmt.Sprint("t_", i) || *conv.UnreadCount != int64(i) {
					t.Errorf("conversation %d = %+v", i, conv)
				}
			}
		})
	}
}

// A conversation that moved to the top while the listing was paged appears
// on two pages: it is kept once, as first listed, and the repeat does not
// count against Max.
func TestListConversationsKeepsARepeatedConversationOnce(t *testing.T) {
	handler := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "" {
			q := r.URL.Query()
			q.Set("after", "2")
			writeJSON(w, 200, fmt.Sprintf(`{"data":[{"id":"t_0","unread_count":0},{"id":"t_1","unread_count":1}],"paging":{"next":"http://%s%s?%s"}}`,
				r.Host, r.URL.Path, q.Encode()))
			return
		}
		writeJSON(w, 200, `{"data":[{"id":"t_1","unread_count":5},{"id":"t_2","unread_count":2}]}`)
	}
	for _, limit := range []int{0, 3} {
		c, _ := newTestClient(t, handler)
		convs, err := c.ListConversations(context.Background(), "1", ConversationQuery{Max: limit})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, conv := range convs {
			got = append(got, fmt.Sprintf("%s:%d", conv.ID, *conv.UnreadCount))
		}
		if want := "t_0:0 t_1:1 t_2:2"; strings.Join(got, " ") != want {
			t.Errorf("max=%d: conversations %v, want %s", limit, got, want)
		}
	}
}

func TestListConversationsErrorNamesEndpoint(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"error":{"message":"(#100) param folder must be one of {inbox, other, page_done, spam}","code":100,"type":"OAuthException","fbtrace_id":"Fc1"}}`)
	})
	_, err := c.ListConversations(context.Background(), "1", ConversationQuery{Folder: "x"})
	if err == nil || !HasCode(err, CodeInvalidParameter) {
		t.Fatalf("want a code 100 error, got %v", err)
	}
	for _, part := range []string{"GET /v26.0/1/conversations", "code 100", "fbtrace_id Fc1", "param folder"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q lacks %q", err, part)
		}
	}
}

// platform reaches Meta in the spec's case (pageconversations_platform_enum_param:
// INSTAGRAM, MESSENGER), however the configuration spells it.
func TestConversationPlatformIsSentInTheSpecsCase(t *testing.T) {
	for in, want := range map[string]string{"instagram": "INSTAGRAM", "Messenger": "MESSENGER", "INSTAGRAM": "INSTAGRAM"} {
		var got string
		c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			got = r.URL.Query().Get("platform")
			writeJSON(w, 200, `{"data":[]}`)
		}, func(cfg *Config) { cfg.PageAccessTokens = map[string]string{"1": testPageToken} })
		if _, err := c.ListConversations(context.Background(), "1", ConversationQuery{Platform: in}); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("platform %q was sent as %q, want %q", in, got, want)
		}
	}
}
