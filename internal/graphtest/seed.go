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

	PeopleBusinessID string // "Demo Business": the business of the two users below
	BusinessUserID   string // "Jo Doe", a business user: no tasks on the Page yet
	SystemUserID     string // "Deploy bot", a system user: no tasks on the Page yet

	AppID string // "Demo App": the app the demo tokens belong to, primary receiver

	RecipientID       string // known; thread owned by ThreadOwnerAppID
	SecondRecipientID string // known; nobody owns the thread
	ThreadOwnerAppID  string

	ConversationIDs []string // newest first, all folders
}

// Demo seed identifiers.
const (
	DemoPageID               = "100000000000001"
	DemoPageName             = "Demo Page"
	DemoBusinessID           = "200000000000001"
	DemoAssignedBusinessID   = "200000000000002"
	DemoRecipientID          = "300000000000001"
	DemoSecondRecipientID    = "300000000000002"
	DemoThreadOwnerAppID     = "263902037430900" // the Page inbox, a secondary receiver
	DemoPeopleBusinessID     = "200000000000003"
	DemoBusinessUserID       = "400000000000001"
	DemoBusinessSystemUserID = "400000000000002"
	DemoAppID                = DefaultAppID
	// The demo token belongs to a system user, the kind of token a
	// pipeline should use (a person's token expires and leaves with them).
	DemoSystemUserID   = "610000000000001"
	DemoSystemUserName = "Demo deploy"
)

// SeedDemo fills e with the demo data set shared by tests and the
// graph-emulator command: one page; two agency businesses (one assigned);
// a business with a business user and a system user, neither assigned; the
// app the tokens belong to, primary receiver of the Page's conversation
// routing with the Page inbox as secondary; five conversations across
// folders; and two recipients, one of whose threads the Page inbox owns.
// Every id README.md uses is one of these (TestCLIReadmeExamples).
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
		PeopleBusinessID:   DemoPeopleBusinessID,
		BusinessUserID:     DemoBusinessUserID,
		SystemUserID:       DemoBusinessSystemUserID,
		AppID:              DemoAppID,
	}
	fx.PageToken = e.AddPage(DemoPageID, DemoPageName)
	e.AddSystemUser(fx.UserToken, DemoSystemUserID, DemoSystemUserName, DemoPageID)
	e.AddBusiness(DemoBusinessID, "Acme Agency")
	e.AddBusiness(DemoAssignedBusinessID, "Northwind Media")
	e.SetAgency(DemoPageID, DemoAssignedBusinessID, []string{"ANALYZE"})

	// Demo Business owns the Page, so its people may be given tasks on it
	// (Meta assigns a person only through a business with access).
	e.AddBusiness(DemoPeopleBusinessID, "Demo Business")
	e.SetPageOwner(DemoPageID, DemoPeopleBusinessID)
	e.AddBusinessUser(DemoPeopleBusinessID, DemoBusinessUserID, "Jo Doe", UserTypeBusiness)
	e.AddBusinessUser(DemoPeopleBusinessID, DemoBusinessSystemUserID, "Deploy bot", UserTypeSystem)

	e.AddApp(DemoAppID, "Demo App")
	e.AddApp(DemoThreadOwnerAppID, "Page Inbox")
	e.SetTokenApp(fx.UserToken, DemoAppID)
	e.SetTokenApp(fx.PageToken, DemoAppID)
	e.SetHandoverRoles(DemoPageID, DemoAppID, DemoThreadOwnerAppID)

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

// Legend says which demo id is which, one line each, for the banner of
// `make emulator` and the demo: the ids README.md's examples use.
func (fx DemoFixture) Legend() []string {
	return []string{
		"page_id " + fx.PageID + ": " + fx.PageName,
		"business_id " + fx.BusinessID + ": Acme Agency, an agency business with no access yet",
		"business_id " + fx.AssignedBusinessID + ": Northwind Media, an agency with [ANALYZE] (to import)",
		"business_id " + fx.PeopleBusinessID + ": Demo Business, whose people follow",
		"user_id " + fx.BusinessUserID + ": Jo Doe, a business user of " + fx.PeopleBusinessID + ", no tasks yet",
		"user_id " + fx.SystemUserID + ": Deploy bot, a system user of " + fx.PeopleBusinessID + ", no tasks yet",
		"app_id " + fx.AppID + ": Demo App, the tokens' app (webhooks; primary receiver)",
		"app_id " + fx.ThreadOwnerAppID + ": the Page inbox (secondary receiver)",
		"recipient " + fx.RecipientID + ": Alex Doe, a PSID whose thread the Page inbox owns",
		"recipient " + fx.SecondRecipientID + ": Sam Roe, a PSID whose thread nobody owns",
	}
}
