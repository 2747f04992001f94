package graphtest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// AssignedUser is a business or system user with tasks on a page.
type AssignedUser struct {
	UserID, Name, UserType, BusinessID string
	Tasks                              []string
}

// User types Meta reports in AssignedUser.user_type.
const (
	UserTypeBusiness = "BUSINESS_USER"
	UserTypeSystem   = "SYSTEM_USER"
)

// businessUser is a person (or system user) of a business, who can be
// given tasks on the business's pages.
type businessUser struct {
	id, name, userType, businessID string
}

type assignedUserState struct {
	userID string
	tasks  []string
}

// assignedUserTasks is `pageassigned_users_tasks_enum_param` of Meta's SDK
// spec (api_specs/specs/enum_types.json), in the spec's order, with the two
// values of June 2026 (`Tasks` in src/objects/page.js of
// github.com/facebook/facebook-nodejs-business-sdk, commit 5028ac2): 29 values.
var assignedUserTasks = []string{
	"ADVERTISE", "ANALYZE", "CASHIER_ROLE", "CREATE_CONTENT", "GLOBAL_STRUCTURE_MANAGEMENT",
	"MANAGE", "MANAGE_JOBS", "MANAGE_LEADS", "MESSAGING", "MODERATE", "MODERATE_COMMUNITY",
	"PAGES_MESSAGING", "PAGES_MESSAGING_SUBSCRIPTIONS", "PROFILE_PLUS_ADVERTISE", "PROFILE_PLUS_ANALYZE",
	"PROFILE_PLUS_CREATE_CONTENT", "PROFILE_PLUS_FACEBOOK_ACCESS", "PROFILE_PLUS_FULL_CONTROL",
	"PROFILE_PLUS_GLOBAL_STRUCTURE_MANAGEMENT", "PROFILE_PLUS_MANAGE", "PROFILE_PLUS_MANAGE_LEADS",
	"PROFILE_PLUS_MESSAGING", "PROFILE_PLUS_MODERATE", "PROFILE_PLUS_MODERATE_DELEGATE_COMMUNITY",
	"PROFILE_PLUS_REVENUE", "READ_PAGE_MAILBOXES", "VIEW_MONETIZATION_INSIGHTS",
	"PROFILE_PLUS_CREATIVE_MANAGEMENT", "PROFILE_PLUS_CREATOR_MANAGEMENT",
}

// AssignedUserTasks returns the 29 task values the assigned_users edge accepts.
func AssignedUserTasks() []string { return append([]string(nil), assignedUserTasks...) }

// assignedUserFields: the AssignedUser node (SDK spec AssignedUser.json:
// business, id, name, user_type) plus the two fields the reference says the
// edge adds to every node, tasks and permitted_tasks.
var assignedUserFields = map[string]fieldSpec{
	"id": {}, "name": {}, "user_type": {}, "tasks": {}, "permitted_tasks": {},
	"business": {subNode: "Business", subFields: []string{"id", "name"}},
}

// handleAssignedUsers serves GET, POST and DELETE /{page-id}/assigned_users
// (https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/).
// Caller holds e.mu.
func (e *Emulator) handleAssignedUsers(in *incoming, pg *pageState) *response {
	switch in.method {
	case http.MethodGet:
		return e.listAssignedUsers(in, pg)
	case http.MethodPost:
		return e.assignUser(in, pg)
	default:
		return e.removeAssignedUser(in, pg)
	}
}

// listAssignedUsers: `business` is required (the reference marks it so); the
// listing holds the users of that business only.
func (e *Emulator) listAssignedUsers(in *incoming, pg *pageState) *response {
	biz, g := businessParam(in)
	if g != nil {
		return errResponse(g)
	}
	if _, ok := e.businesses[biz]; !ok {
		// assumption: worded like the agencies edge's unknown business.
		return errResponse(errParam("Param business refers to business '%s', which does not exist or cannot be loaded due to missing permissions", biz))
	}
	sel, g := selectFields(in.params.Get("fields"), []string{"id", "name"}, assignedUserFields, "AssignedUser")
	if g != nil {
		return errResponse(g)
	}
	page, w, g := listEdge(e, in, "assigned_users:"+pg.id+":"+biz, &pg.assignedUsers, func(en *edgeEntry[assignedUserState]) bool {
		u := e.businessUsers[en.id]
		return u != nil && u.businessID == biz
	})
	if g != nil {
		return errResponse(g)
	}
	var data []map[string]any
	for _, en := range page {
		data = append(data, e.assignedUserNode(&en.v, sel))
	}
	return okResponse(listBody(data, w))
}

func (e *Emulator) assignedUserNode(a *assignedUserState, sel selection) map[string]any {
	u := e.businessUsers[a.userID]
	node := map[string]any{}
	for _, f := range sel.names {
		switch f {
		case "id":
			node["id"] = a.userID
		case "name":
			node["name"] = u.name
		case "user_type":
			node["user_type"] = u.userType
		case "tasks":
			node["tasks"] = answeredTasks(e.agencyAnswers[u.businessID], a.tasks)
		case "permitted_tasks":
			node["permitted_tasks"] = append([]string{}, assignedUserTasks...)
		case "business":
			b := map[string]any{}
			for _, sub := range sel.subs["business"] {
				switch sub {
				case "id":
					b["id"] = u.businessID
				case "name":
					b["name"] = e.businesses[u.businessID]
				}
			}
			if len(sel.subs["business"]) == 0 {
				b["id"], b["name"] = u.businessID, e.businesses[u.businessID]
			}
			node["business"] = b
		}
	}
	return node
}

// assignUser: POST with user (required) and tasks. The reference documents
// this call under "Updating": for a user who already has tasks, the posted
// list replaces them in place, and the answer is {"success": true} either way.
func (e *Emulator) assignUser(in *incoming, pg *pageState) *response {
	user, g := userParam(in)
	if g != nil {
		return errResponse(g)
	}
	tasks, g := enumListParam(in, "tasks", e.added.tasks(assignedUserTasks))
	if g != nil {
		return errResponse(g)
	}
	u := e.businessUsers[user]
	if u == nil {
		// assumption: Meta's wording for a user who is not a business or
		// system user is undocumented; it is a code-100 parameter error.
		return errResponse(errParam("Param user must be the id of a business user or system user, got %s", user))
	}
	if !e.hasPageLocked(u.businessID, pg) {
		// A business user can be given tasks only on a Page their business
		// owns or has as an agency: the POST takes no business, so the
		// business is the user's own. assumption: Meta's wording and code
		// are undocumented; a code-200 permissions error.
		g := MetaError(200)
		g.Message = fmt.Sprintf("(#200) User %s belongs to business %s, which has no access to Page %s", user, u.businessID, pg.id)
		return errResponse(g)
	}
	// A person's tasks on a Page are one list, whatever business listed
	// them: posting again replaces them in place.
	en, _ := pg.assignedUsers.set(user, assignedUserState{userID: user, tasks: tasks})
	made(e, EndpointAssignedUsers, en)
	return okResponse(map[string]any{"success": true})
}

// removeAssignedUser: DELETE with user (required, per the SDK spec).
func (e *Emulator) removeAssignedUser(in *incoming, pg *pageState) *response {
	user, g := userParam(in)
	if g != nil {
		return errResponse(g)
	}
	if findAssignedUser(pg, user) == nil {
		// assumption: as for agencies, removing a user without tasks is a
		// code-100 error rather than a silent success.
		return errResponse(errParam("User %s does not have any task on Page %s", user, pg.id))
	}
	pg.assignedUsers.remove(user)
	return okResponse(map[string]any{"success": true})
}

// userParam reads the required numeric `user` (an int in the SDK spec).
func userParam(in *incoming) (string, *GraphError) {
	user := in.params.Get("user")
	if user == "" {
		return "", errRequired("user")
	}
	if !isNumericID(user) {
		return "", errParam("Param user must be a valid ID string (e.g., \"123\")")
	}
	return user, nil
}

// enumListParam reads a list<enum> parameter: a JSON array (form or JSON
// body) or a comma-separated list, as Meta's examples send both. Every
// value must be in allowed; duplicates are dropped. Absent means empty.
func enumListParam(in *incoming, name string, allowed []string) ([]string, *GraphError) {
	raw, present := in.params[name]
	if !present || len(raw) == 0 || raw[0] == "" {
		return []string{}, nil
	}
	var items []string
	if strings.HasPrefix(strings.TrimSpace(raw[0]), "[") {
		v, err := decodeJSONParam(raw[0])
		list, ok := v.([]any)
		if err != nil || !ok {
			return nil, errParam("Param %s must be an array", name)
		}
		for i, item := range list {
			s, ok := item.(string)
			if !ok {
				return nil, errEnum(fmt.Sprintf("%s[%d]", name, i), allowed)
			}
			items = append(items, s)
		}
	} else {
		for _, s := range strings.Split(raw[0], ",") {
			items = append(items, strings.TrimSpace(s))
		}
	}
	out := []string{}
	for i, s := range items {
		if !slices.Contains(allowed, s) {
			return nil, errEnum(fmt.Sprintf("%s[%d]", name, i), allowed)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

func findAssignedUser(pg *pageState, user string) *assignedUserState {
	if en := pg.assignedUsers.find(user); en != nil {
		return &en.v
	}
	return nil
}

// hasPageLocked reports whether the business owns the Page or is one of its
// agencies. Caller holds e.mu.
func (e *Emulator) hasPageLocked(businessID string, pg *pageState) bool {
	return pg.owner == businessID || pg.agencies.find(businessID) != nil
}

// SetPageOwner makes businessID the business that owns the Page: its people
// can be given tasks on it, and GET /{page-id}?fields=business names it.
func (e *Emulator) SetPageOwner(pageID, businessID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.businesses[businessID]; !ok {
		panic(fmt.Sprintf("graphtest: SetPageOwner: unknown business %q (call AddBusiness first)", businessID))
	}
	e.mustPageLocked("SetPageOwner", pageID).owner = businessID
}

// AddBusinessUser registers a user of a business (userType UserTypeBusiness
// or UserTypeSystem) who can be given tasks on pages. The business must exist.
func (e *Emulator) AddBusinessUser(businessID, userID, name, userType string) {
	if !isNumericID(userID) {
		panic(fmt.Sprintf("graphtest: AddBusinessUser: user id %q is not numeric", userID))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.businesses[businessID]; !ok {
		panic(fmt.Sprintf("graphtest: AddBusinessUser: unknown business %q (call AddBusiness first)", businessID))
	}
	e.businessUsers[userID] = &businessUser{id: userID, name: name, userType: userType, businessID: businessID}
}

// SetAssignedUser gives a business user tasks on a page out of band, or
// replaces the tasks of one who has some. Tasks are not validated, so tests
// can plant values the API would refuse.
func (e *Emulator) SetAssignedUser(pageID, userID string, tasks []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg := e.mustPageLocked("SetAssignedUser", pageID)
	if e.businessUsers[userID] == nil {
		panic(fmt.Sprintf("graphtest: SetAssignedUser: unknown user %q (call AddBusinessUser first)", userID))
	}
	pg.assignedUsers.set(userID, assignedUserState{userID: userID, tasks: append([]string{}, tasks...)})
}

// RemoveAssignedUser takes a user's tasks on a page away out of band
// (no-op if absent).
func (e *Emulator) RemoveAssignedUser(pageID, userID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("RemoveAssignedUser", pageID).assignedUsers.remove(userID)
}

// AssignedUser returns the user's assignment on the page.
func (e *Emulator) AssignedUser(pageID, userID string) (AssignedUser, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg, ok := e.pages[pageID]
	if !ok {
		return AssignedUser{}, false
	}
	a := findAssignedUser(pg, userID)
	if a == nil {
		return AssignedUser{}, false
	}
	return e.assignedUserValue(a), true
}

// AssignedUsers returns the page's assigned users, of every business, in
// assignment order.
func (e *Emulator) AssignedUsers(pageID string) []AssignedUser {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg, ok := e.pages[pageID]
	if !ok {
		return nil
	}
	out := []AssignedUser{}
	for _, a := range pg.assignedUsers.values() {
		out = append(out, e.assignedUserValue(&a))
	}
	return out
}

func (e *Emulator) assignedUserValue(a *assignedUserState) AssignedUser {
	u := e.businessUsers[a.userID]
	return AssignedUser{UserID: a.userID, Name: u.name, UserType: u.userType, BusinessID: u.businessID, Tasks: append([]string{}, a.tasks...)}
}
