package graphtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Conversation is a thread between a person and the page (a UnifiedThread
// node, https://developers.facebook.com/docs/graph-api/reference/page/conversations/).
type Conversation struct {
	ID, Link, Snippet, Name string
	Folder                  string // inbox|other|page_done|spam, default inbox
	Platform                string // MESSENGER|INSTAGRAM, default MESSENGER
	UpdatedTime             time.Time
	MessageCount            int
	UnreadCount             int
	CanReply, IsSubscribed  bool
	Participants            []Participant
	Tags                    []string
}

// Participant is a person (or the page itself) in a conversation.
// Participant is a person in a conversation. Instagram participants have a
// username and no name (developers.facebook.com/docs/messenger-platform/instagram/features/conversations/).
type Participant struct{ ID, Name, Email, Username string }

type convState struct {
	c   Conversation
	seq int64 // insertion order: the tie-break for equal updated_time
}

// Enums of GET /{page-id}/conversations (the reference page above).
var (
	convFolders   = []string{"inbox", "other", "page_done", "spam"}
	convPlatforms = []string{"INSTAGRAM", "MESSENGER"}
)

// conversationFields are the UnifiedThread fields of Meta's SDK spec
// (facebook/facebook-business-sdk-codegen, api_specs/specs/UnifiedThread.json).
var conversationFields = map[string]fieldSpec{
	"id": {}, "link": {}, "updated_time": {}, "message_count": {}, "unread_count": {},
	"snippet": {}, "can_reply": {}, "is_subscribed": {}, "is_owner": {}, "name": {}, "folder": {},
	"participants":        {subNode: "User", subFields: []string{"id", "name", "email", "username"}},
	"senders":             {subNode: "User", subFields: []string{"id", "name", "email", "username"}},
	"former_participants": {subNode: "User", subFields: []string{"id", "name", "email", "username"}},
	"scoped_thread_key":   {}, "wallpaper": {}, "linked_group": {},
}

// AddConversation adds a conversation to a page, filling defaults: folder
// inbox, platform MESSENGER, an id "t_<n>" and updated time now. It panics
// on an unknown page or a folder/platform outside the reference's enums.
func (e *Emulator) AddConversation(pageID string, c Conversation) {
	if c.Folder == "" {
		c.Folder = "inbox"
	}
	if c.Platform == "" {
		c.Platform = "MESSENGER"
	}
	if !slices.Contains(convFolders, c.Folder) || !slices.Contains(convPlatforms, c.Platform) {
		panic(fmt.Sprintf("graphtest: AddConversation: folder %q / platform %q outside Meta's enums", c.Folder, c.Platform))
	}
	if c.UpdatedTime.IsZero() {
		c.UpdatedTime = e.stampNow()
	}
	c.Participants = append([]Participant(nil), c.Participants...)
	c.Tags = append([]string(nil), c.Tags...)
	e.mu.Lock()
	defer e.mu.Unlock()
	pg := e.mustPageLocked("AddConversation", pageID)
	e.convSeq++
	if c.ID == "" {
		c.ID = fmt.Sprintf("t_%d", 10000000000000000+e.convSeq)
	}
	pg.conversations = append(pg.conversations, &convState{c: c, seq: e.convSeq})
}

// handleConversations serves GET /{page-id}/conversations. Caller holds e.mu.
func (e *Emulator) handleConversations(in *incoming, pg *pageState) *response {
	folder := in.params.Get("folder")
	if folder == "" {
		folder = "inbox" // Meta lists the inbox when no folder is given
	}
	if !slices.Contains(convFolders, folder) {
		return errResponse(errParam("param folder must be one of {%s}", strings.Join(convFolders, ", ")))
	}
	// Meta's reference writes the platform in upper case, its Messenger and
	// Instagram guides in lower case; both are accepted
	// (developers.facebook.com/docs/graph-api/reference/page/conversations/).
	platform := strings.ToUpper(in.params.Get("platform"))
	if platform == "" {
		platform = "MESSENGER"
	}
	if !slices.Contains(convPlatforms, platform) {
		// assumption: enum values are matched exactly (upper case, as on Meta's reference page).
		return errResponse(errParam("param platform must be one of {%s}", strings.Join(convPlatforms, ", ")))
	}
	tags, g := tagsParam(in.params.Get("tags"))
	if g != nil {
		return errResponse(g)
	}
	sel, g := selectFields(in.params.Get("fields"), []string{"id", "updated_time"}, conversationFields, "UnifiedThread")
	if g != nil {
		return errResponse(g)
	}
	ns := "conversations:" + pg.id
	pp, g := e.parsePaging(in, ns)
	if g != nil {
		return errResponse(g)
	}
	userID := in.params.Get("user_id")
	var list []*convState
	for _, cs := range pg.conversations {
		c := &cs.c
		if c.Folder != folder || c.Platform != platform {
			continue
		}
		if userID != "" && !hasParticipant(c, userID) {
			continue
		}
		// assumption: Meta does not document whether several tags match
		// all or any; the emulator picks "all", and no test relies on it.
		if !hasAllTags(c, tags) {
			continue
		}
		list = append(list, cs)
	}
	keys := make([]string, len(list))
	for i, cs := range list {
		keys[i] = convKey(cs)
	}
	sort.Sort(byKey{list, keys}) // updated_time desc, then insertion order
	w := e.windowLocked(in, ns, keys, pp)
	var data []map[string]any
	for _, cs := range list[w.start:w.end] {
		data = append(data, conversationNode(&cs.c, sel))
	}
	return okResponse(listBody(data, w))
}

// convKey sorts ascending in list order: newest updated_time first. The time
// is mapped to an order-preserving unsigned number, then inverted.
func convKey(cs *convState) string {
	t := uint64(cs.c.UpdatedTime.UnixNano()) ^ (1 << 63)
	return fmt.Sprintf("%020d%020d", ^t, cs.seq)
}

type byKey struct {
	list []*convState
	keys []string
}

func (b byKey) Len() int           { return len(b.list) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.list[i], b.list[j] = b.list[j], b.list[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}

// tagsParam accepts a comma list or a JSON array of strings (tags is a list
// in Meta's SDK spec (facebook/facebook-business-sdk-codegen, api_specs/specs/Page.json)).
func tagsParam(raw string) ([]string, *GraphError) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	if strings.HasPrefix(raw, "[") {
		v, err := decodeJSONParam(raw)
		list, ok := v.([]any)
		if err != nil || !ok {
			return nil, errParam("Param tags must be an array of strings")
		}
		var tags []string
		for _, item := range list {
			s, ok := item.(string)
			if !ok {
				return nil, errParam("Param tags must be an array of strings")
			}
			tags = append(tags, s)
		}
		return tags, nil
	}
	var tags []string
	for _, t := range strings.Split(raw, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags, nil
}

func hasParticipant(c *Conversation, psid string) bool {
	for _, p := range c.Participants {
		if p.ID == psid {
			return true
		}
	}
	return false
}

func hasAllTags(c *Conversation, tags []string) bool {
	for _, t := range tags {
		if !slices.Contains(c.Tags, t) {
			return false
		}
	}
	return true
}

// conversationNode renders the selected fields. Like Meta, it omits a field
// whose value is empty (an empty string); zero counts and false flags are
// real values and are sent.
func conversationNode(c *Conversation, sel selection) map[string]any {
	node := map[string]any{}
	setStr := func(k, v string) {
		if v != "" {
			node[k] = v
		}
	}
	for _, f := range sel.names {
		switch f {
		case "id":
			node["id"] = c.ID
		case "link":
			setStr(f, c.Link)
		case "updated_time":
			node[f] = graphTime(c.UpdatedTime)
		case "message_count":
			node[f] = c.MessageCount
		case "unread_count":
			node[f] = c.UnreadCount
		case "snippet":
			setStr(f, c.Snippet)
		case "can_reply":
			node[f] = c.CanReply
		case "is_subscribed":
			node[f] = c.IsSubscribed
		case "is_owner":
			node[f] = true // assumption: the page owns every thread in its own inbox
		case "name":
			setStr(f, c.Name)
		case "folder":
			node[f] = c.Folder
		case "participants", "senders":
			// assumption: senders are modelled as the participants.
			node[f] = participantList(c.Participants, sel.subs[f])
		case "former_participants":
			node[f] = participantList(nil, sel.subs[f])
		case "scoped_thread_key":
			// assumption: Messenger's scoped thread key is "t_" + the thread number.
			if strings.HasPrefix(c.ID, "t_") {
				node[f] = c.ID
			} else {
				node[f] = "t_" + c.ID
			}
		case "wallpaper", "linked_group":
			// assumption: never set in the emulator, hence always omitted.
		}
	}
	return node
}

// participantList renders {"data": [{"id","name","email","username"}]},
// leaving out an unknown name, email or username as Meta does.
func participantList(ps []Participant, subs []string) map[string]any {
	if subs == nil {
		subs = []string{"id", "name", "email", "username"}
	}
	data := []map[string]any{}
	for _, p := range ps {
		m := map[string]any{}
		for _, s := range subs {
			switch {
			case s == "id":
				m["id"] = p.ID
			case s == "name" && p.Name != "":
				m["name"] = p.Name
			case s == "email" && p.Email != "":
				m["email"] = p.Email
			case s == "username" && p.Username != "":
				m["username"] = p.Username
			}
		}
		data = append(data, m)
	}
	return map[string]any{"data": data}
}
