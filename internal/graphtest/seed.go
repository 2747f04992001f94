package graphtest

import "time"

// DemoFixture names what SeedDemo created.
type DemoFixture struct {
	UserToken string // a user token with a role on the page (random per seed)
	PageID    string
	PageName  string
	PageToken string

	BusinessID         string // "Acme Agency": known, not assigned (free to assign)
	AssignedBusinessID string // "Northwind Media": assigned with [ANALYZE]

	RecipientID       string // known; thread owned by ThreadOwnerAppID
	SecondRecipientID string // known; nobody owns the thread
	ThreadOwnerAppID  string

	ConversationIDs []string // newest first, all folders
}

// Demo seed identifiers.
const (
	DemoPageID             = "100000000000001"
	DemoPageName           = "Demo Page"
	DemoBusinessID         = "200000000000001"
	DemoAssignedBusinessID = "200000000000002"
	DemoRecipientID        = "300000000000001"
	DemoSecondRecipientID  = "300000000000002"
	DemoThreadOwnerAppID   = "263902037430900"
	// The demo token belongs to a system user, the kind of token a
	// pipeline should use (a person's token expires and leaves with them).
	DemoSystemUserID   = "610000000000001"
	DemoSystemUserName = "Demo deploy"
)

// SeedDemo fills e with the demo data set shared by tests and the
// graph-emulator command: one page, two businesses (one assigned), five
// conversations across folders, and two recipients.
func SeedDemo(e *Emulator) DemoFixture {
	fx := DemoFixture{
		UserToken:          "EAAB" + randomHex(40),
		PageID:             DemoPageID,
		PageName:           DemoPageName,
		BusinessID:         DemoBusinessID,
		AssignedBusinessID: DemoAssignedBusinessID,
		RecipientID:        DemoRecipientID,
		SecondRecipientID:  DemoSecondRecipientID,
		ThreadOwnerAppID:   DemoThreadOwnerAppID,
	}
	fx.PageToken = e.AddPage(DemoPageID, DemoPageName)
	e.AddSystemUser(fx.UserToken, DemoSystemUserID, DemoSystemUserName, DemoPageID)
	e.AddBusiness(DemoBusinessID, "Acme Agency")
	e.AddBusiness(DemoAssignedBusinessID, "Northwind Media")
	e.SetAgency(DemoPageID, DemoAssignedBusinessID, []string{"ANALYZE"})

	e.AddRecipient(DemoPageID, DemoRecipientID)
	e.AddRecipient(DemoPageID, DemoSecondRecipientID)
	e.SetThreadOwner(DemoPageID, DemoRecipientID, DemoThreadOwnerAppID)
	e.SetThreadOwner(DemoPageID, DemoSecondRecipientID, "")

	// Meta lists the page itself among a thread's participants, with a
	// <page-id>@facebook.com address.
	page := Participant{ID: DemoPageID, Name: DemoPageName, Email: DemoPageID + "@facebook.com"}
	base := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	convs := []Conversation{
		{ID: "t_10000000000000001", Snippet: "Is my order shipped?", Folder: "inbox", UpdatedTime: base,
			MessageCount: 6, UnreadCount: 2, CanReply: true, IsSubscribed: true, Tags: []string{"orders"},
			Participants: []Participant{{ID: DemoRecipientID, Name: "Alex Doe", Email: DemoRecipientID + "@facebook.com"}, page}},
		{ID: "t_10000000000000002", Snippet: "Thanks!", Folder: "inbox", UpdatedTime: base.Add(-2 * time.Hour),
			MessageCount: 3, UnreadCount: 0, CanReply: true, IsSubscribed: true,
			Participants: []Participant{{ID: DemoSecondRecipientID, Name: "Sam Roe"}, page}},
		{ID: "t_10000000000000003", Snippet: "Do you ship abroad?", Folder: "inbox", UpdatedTime: base.Add(-26 * time.Hour),
			MessageCount: 1, UnreadCount: 1, CanReply: true, IsSubscribed: true, Tags: []string{"orders", "vip"},
			Participants: []Participant{{ID: "300000000000003", Name: "Kim Poe"}, page}},
		{ID: "t_10000000000000004", Snippet: "Hello?", Folder: "other", UpdatedTime: base.Add(-72 * time.Hour),
			MessageCount: 1, UnreadCount: 1, CanReply: false,
			Participants: []Participant{{ID: "300000000000004"}, page}},
		{ID: "t_10000000000000005", Snippet: "Resolved, closing.", Folder: "page_done", UpdatedTime: base.Add(-240 * time.Hour),
			MessageCount: 9, UnreadCount: 0, CanReply: true,
			Participants: []Participant{{ID: DemoRecipientID, Name: "Alex Doe"}, page}},
	}
	for _, c := range convs {
		e.AddConversation(DemoPageID, c)
		fx.ConversationIDs = append(fx.ConversationIDs, c.ID)
	}
	return fx
}
