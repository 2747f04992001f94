package graph

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// ConversationFields are the UnifiedThread fields the provider reads from
// /{page-id}/conversations. The edge returns only id and updated_time unless
// asked, so the list is always sent explicitly.
var ConversationFields = []string{
	"id", "link", "updated_time", "message_count", "unread_count", "snippet",
	"can_reply", "is_subscribed", "name", "participants",
}

// ConversationFolders are the folder values of GET /{page-id}/conversations,
// lower case as in Meta's reference
// (developers.facebook.com/docs/graph-api/reference/page/conversations/);
// the SDK specification types folder as a plain string. Platforms
// (ConversationPlatforms, enums_gen.go) are upper case in Meta's SDK
// specification and lower case in Meta's Messenger guides: they are sent
// in the spec's case.
var ConversationFolders = []string{"inbox", "other", "page_done", "spam"}

// ConversationPageLimit is the largest page size asked of
// /{page-id}/conversations; smaller bounds ask for no more than they keep.
const ConversationPageLimit = 100

// ConversationQuery filters and bounds a conversations listing. Empty
// strings and a nil Tags leave the filter out, so Meta's defaults apply
// (the inbox folder, the Messenger platform).
type ConversationQuery struct {
	Folder   string   // inbox, other, page_done or spam
	Platform string   // MESSENGER or INSTAGRAM, in either case; sent in the spec's (upper) case
	UserID   string   // PSID of the person in the conversation
	Tags     []string // conversations carrying every tag
	// Max stops the listing once this many conversations are read; 0 reads
	// every page.
	Max int
	// WithoutParticipants leaves participants out of the fields asked
	// for, so that no one's name or email is even sent to the caller.
	WithoutParticipants bool
}

// fields is the fields parameter for q.
func (q ConversationQuery) fields() string {
	if !q.WithoutParticipants {
		return strings.Join(ConversationFields, ",")
	}
	fields := make([]string, 0, len(ConversationFields))
	for _, f := range ConversationFields {
		if f != "participants" {
			fields = append(fields, f)
		}
	}
	return strings.Join(fields, ",")
}

// Conversation is one UnifiedThread node. Every field but ID is a pointer:
// nil means Meta left the field out of its answer, which is not the same as
// zero, false or "".
type Conversation struct {
	ID           string        `json:"id"`
	Link         *string       `json:"link"`
	UpdatedTime  Time          `json:"updated_time"` // zero when left out
	MessageCount *int64        `json:"message_count"`
	UnreadCount  *int64        `json:"unread_count"`
	Snippet      *string       `json:"snippet"`
	CanReply     *bool         `json:"can_reply"`
	IsSubscribed *bool         `json:"is_subscribed"`
	Name         *string       `json:"name"`
	Participants *Participants `json:"participants"`
}

// Participants is the {"data": [...]} wrapper Meta puts around a
// conversation's participants.
type Participants struct {
	Data []Participant `json:"data"`
}

// Participant is a person (or the Page itself) in a conversation; Meta
// leaves out a name or email it does not know or may not share.
type Participant struct {
	ID    string  `json:"id"`
	Name  *string `json:"name"`
	Email *string `json:"email"`
	// Username is an Instagram participant's handle; Instagram
	// participants have no name.
	Username *string `json:"username"`
}

// ListConversations returns the page's conversations matching q, newest
// first as Meta orders them, following cursors until the listing ends or
// q.Max conversations are read. It never asks for a page it will not keep.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/conversations/
func (c *Client) ListConversations(ctx context.Context, pageID string, q ConversationQuery) ([]Conversation, error) {
	token, err := c.PageToken(ctx, pageID)
	if err != nil {
		return nil, err
	}
	limit := ConversationPageLimit
	if q.Max > 0 && q.Max < limit {
		limit = q.Max
	}
	query := url.Values{
		"fields": {q.fields()},
		"limit":  {strconv.Itoa(limit)},
	}
	for param, value := range map[string]string{"folder": q.Folder, "platform": SpecCase(q.Platform, ConversationPlatforms), "user_id": q.UserID} {
		if value != "" {
			query.Set(param, value)
		}
	}
	if len(q.Tags) > 0 {
		// A JSON array, the form Graph takes for every list parameter.
		encoded, err := json.Marshal(q.Tags)
		if err != nil {
			return nil, err
		}
		query.Set("tags", string(encoded))
	}
	all := []Conversation{}
	// A conversation that gets a new message while the listing is paged
	// moves to the top and can be listed again on a later page: keep the
	// first (newest) entry, and do not count the repeat against q.Max.
	seen := map[string]bool{}
	err = listAll(ctx, c, call{
		method: "GET", path: "/" + pageID + "/conversations",
		query: query, token: token, safeToRepeat: true, spacing: ConversationCallInterval,
	}, func(conv Conversation) bool {
		if seen[conv.ID] {
			return true
		}
		seen[conv.ID] = true
		all = append(all, conv)
		return q.Max == 0 || len(all) < q.Max
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}
