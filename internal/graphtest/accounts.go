package graphtest

import (
	"net/http"
	"slices"
	"sort"
)

// GET /me/accounts lists the Pages the token's person or system user can
// act on, with the token's tasks on each and each Page's access token
// (https://developers.facebook.com/docs/graph-api/reference/user/accounts/,
// https://developers.facebook.com/docs/pages/access-tokens/: "a list of
// Pages ... including the Page access token for each Page"). A Page token
// has no such edge: /me is then the Page, and Meta answers the unknown
// field.

// EndpointMeAccounts is GET /me/accounts in the request log and in faults.
const EndpointMeAccounts = "/me/accounts"

// accountFields are the fields of a listed Page the emulator answers.
// assumption: Meta's default selection for this edge is id, name,
// category, access_token and tasks (what its reference's example shows);
// other Page fields are refused as unknown, so a client asking for more
// than it needs is noticed.
var accountFields = map[string]fieldSpec{"id": {}, "name": {}, "category": {}, "tasks": {}, "access_token": {}}

var accountDefaults = []string{"name", "category", "access_token", "tasks"}

// defaultAccountTasks are the tasks a role set up with AddUser gives: a
// full-control role, as Meta lists it (SDK spec enum_types.json,
// `PageTask`-style values).
var defaultAccountTasks = []string{"ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"}

// fleetState is what the fleet edges need beyond the Pages themselves.
type fleetState struct {
	tasks     map[string]map[string][]string // user token -> page id -> tasks
	unlisted  map[string]map[string]bool     // user token -> pages /me/accounts leaves out
	pageCats  map[string]string              // page id -> category
	owned     map[string][]string            // business id -> owned page ids
	client    map[string][]string            // business id -> client page ids
	bizMember map[string]map[string]bool     // business id -> user ids that may read its Pages
}

func (e *Emulator) fleetLocked() *fleetState {
	if e.fleet == nil {
		e.fleet = &fleetState{
			tasks: map[string]map[string][]string{}, unlisted: map[string]map[string]bool{},
			pageCats: map[string]string{}, owned: map[string][]string{}, client: map[string][]string{},
			bizMember: map[string]map[string]bool{},
		}
	}
	return e.fleet
}

// SetAccountTasks sets the tasks /me/accounts lists for the token's role on
// the Page (the role itself comes from AddUser).
func (e *Emulator) SetAccountTasks(token, pageID string, tasks []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := e.fleetLocked()
	if f.tasks[token] == nil {
		f.tasks[token] = map[string][]string{}
	}
	f.tasks[token][pageID] = slices.Clone(tasks)
}

// SetPageCategory sets the category /me/accounts lists for the Page.
func (e *Emulator) SetPageCategory(pageID, category string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("SetPageCategory", pageID)
	e.fleetLocked().pageCats[pageID] = category
}

// LeaveOutOfAccounts makes /me/accounts of the token leave the Page out,
// though the token keeps its role: Meta lists there the Pages of a
// person's own roles, and a Page reached through a business portfolio may
// be missing (https://developers.facebook.com/docs/pages/access-tokens/
// asks for the token through GET /{page-id}?fields=access_token then).
func (e *Emulator) LeaveOutOfAccounts(token, pageID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := e.fleetLocked()
	if f.unlisted[token] == nil {
		f.unlisted[token] = map[string]bool{}
	}
	f.unlisted[token][pageID] = true
}

// handleMeAccounts answers GET /me/accounts. Caller holds e.mu.
func (e *Emulator) handleMeAccounts(in *incoming) *response {
	if in.method != http.MethodGet {
		// assumption: creating a Page through this edge is not modelled.
		return errResponse(errUnsupportedMethod(in.method))
	}
	if id := in.route.nodeID; id != "me" {
		if e.pages[id] != nil {
			return errResponse(errUnknownField("accounts", "Page"))
		}
		// assumption: another person's accounts are not the token's to read.
		return errResponse(errNoObject(in.method, id))
	}
	u := in.ident.user
	if u == nil {
		return errResponse(errUnknownField("accounts", "Page"))
	}
	sel, g := selectFields(in.params.Get("fields"), accountDefaults, accountFields, "Page")
	if g != nil {
		return errResponse(g)
	}
	ns := "accounts:" + in.token
	pp, g := e.parsePaging(in, ns)
	if g != nil {
		return errResponse(g)
	}
	f := e.fleetLocked()
	var listed []string
	for id := range u.pages {
		if e.pages[id] != nil && !f.unlisted[in.token][id] {
			listed = append(listed, id)
		}
	}
	// assumption: Meta documents no order; the emulator lists by id.
	sort.Strings(listed)
	w := e.windowLocked(in, ns, listed, pp)
	var data []map[string]any
	for _, id := range listed[w.start:w.end] {
		pg := e.pages[id]
		node := idAndName(sel, pg.id, pg.name)
		for _, name := range sel.names {
			switch name {
			case "category":
				if c := f.pageCats[id]; c != "" {
					node["category"] = c
				}
			case "tasks":
				tasks, ok := f.tasks[in.token][id]
				if !ok {
					tasks = defaultAccountTasks
				}
				node["tasks"] = slices.Clone(tasks)
			case "access_token":
				node["access_token"] = pg.token
			}
		}
		data = append(data, node)
	}
	return okResponse(listBody(data, w))
}
