package graphtest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// userState is a user or system-user token, whom it belongs to, and the
// pages it has a role on.
type userState struct {
	systemUser bool   // a business's system user rather than a person
	id, name   string // the account GET /me answers for the token
	pages      map[string]bool
}

// pageState is everything the emulator knows about one Page.
type pageState struct {
	id, name, token string

	owner    string // the business that owns the Page, "" for none
	agencies edgeStore[agencyState]

	conversations []*convState

	assignedUsers edgeStore[assignedUserState] // every business's, by user id
	subscriptions edgeStore[subscriptionState] // apps receiving the page's webhooks, by app id

	recipients    map[string]bool   // PSIDs that can receive messages
	recipientErrs map[string]int    // recipient identifier -> Graph error code
	threadOwners  map[string]string // PSID -> owning app id ("" = nobody)
	secondary     map[string]bool   // PSIDs for which we are a secondary receiver
	messages      []SentMessage
	handover      *handoverState // conversation routing; nil until first used
}

// AddUser registers a person's access token with a role on the given
// pages, belonging to a person with a made-up id and the name "Test User".
// Pages may be added before or after; calling it again adds roles. It
// panics on an empty token or one that is already a Page token, since
// either is a mistake in the test's setup.
func (e *Emulator) AddUser(token string, pageIDs ...string) {
	e.addUser(token, false, "", "Test User", pageIDs)
}

// AddNamedUser is AddUser for a person with the given id and name, as
// GET /me answers them for the token.
func (e *Emulator) AddNamedUser(token, userID, name string, pageIDs ...string) {
	e.addUser(token, false, userID, name, pageIDs)
}

// AddSystemUser registers a system user's access token with the given id
// and name, assigned the given pages as assets
// (https://developers.facebook.com/docs/business-management-apis/system-users).
func (e *Emulator) AddSystemUser(token, systemUserID, name string, pageIDs ...string) {
	e.addUser(token, true, systemUserID, name, pageIDs)
}

func (e *Emulator) addUser(token string, systemUser bool, id, name string, pageIDs []string) {
	if token == "" {
		panic("graphtest: AddUser with an empty token")
	}
	if id != "" && !isNumericID(id) {
		panic(fmt.Sprintf("graphtest: user id %q is not numeric", id))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.pageTokens[token]; ok {
		panic("graphtest: AddUser with a token that is a Page access token")
	}
	u := e.users[token]
	if u == nil {
		u = &userState{pages: map[string]bool{}}
		e.users[token] = u
	}
	if id == "" && u.id == "" {
		// Made up, never derived from the token.
		e.userSeq++
		id = fmt.Sprintf("%d", 10000000000000+e.userSeq)
	}
	if id != "" {
		u.systemUser, u.id, u.name = systemUser, id, name
	}
	for _, p := range pageIDs {
		u.pages[p] = true
	}
}

// AddPage creates a page (or renames an existing one) and returns its Page
// access token: "EAAG" followed by random hex, never derived from the id, so
// that a client cannot pass tests by guessing tokens.
func (e *Emulator) AddPage(pageID, name string) (pageToken string) {
	if pageID == "" {
		panic("graphtest: AddPage with an empty page id")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if p, ok := e.pages[pageID]; ok {
		p.name = name
		return p.token
	}
	p := &pageState{
		id:            pageID,
		name:          name,
		token:         "EAAG" + randomHex(48),
		recipients:    map[string]bool{},
		recipientErrs: map[string]int{},
		threadOwners:  map[string]string{},
		secondary:     map[string]bool{},
	}
	e.pages[pageID] = p
	e.pageTokens[p.token] = pageID
	return p.token
}

// PageToken returns the Page access token of pageID, "" if the page is unknown.
func (e *Emulator) PageToken(pageID string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if p, ok := e.pages[pageID]; ok {
		return p.token
	}
	return ""
}

// AddBusiness registers a business (agency) that pages can be assigned to.
func (e *Emulator) AddBusiness(businessID, name string) {
	if !isNumericID(businessID) {
		panic(fmt.Sprintf("graphtest: AddBusiness: business id %q is not numeric", businessID))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.businesses[businessID] = name
}

// mustPageLocked returns the page or panics: seeding an unknown page is a
// mistake in the test, better reported at once. Caller holds e.mu.
func (e *Emulator) mustPageLocked(method, pageID string) *pageState {
	p, ok := e.pages[pageID]
	if !ok {
		panic(fmt.Sprintf("graphtest: %s: unknown page %q (call AddPage first)", method, pageID))
	}
	return p
}

// isNumericID reports whether s looks like a Graph ID: digits only.
func isNumericID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
