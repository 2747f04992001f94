package graphtest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Agency is a business with access to a page
// (https://developers.facebook.com/docs/graph-api/reference/page/agencies/).
type Agency struct {
	BusinessID, Name, AccessStatus string
	PermittedTasks                 []string
	RequestedTime, UpdatedTime     time.Time
}

type agencyState struct {
	businessID         string
	tasks              []string
	status             string
	requested, updated time.Time
}

// agencyTasks is the permitted_tasks enum of POST /{page-id}/agencies: the
// 25 values of Meta's reference page, in its order (which is also the order
// of the error message listing them), plus the two that Meta's SDK
// specification added in 2025 (`pageagencies_permitted_tasks_enum_param`,
// github.com/facebook/facebook-business-sdk-codegen api_specs/specs/enum_types.json)
// and the two of June 2026 (`PermittedTasks` in src/objects/page.js of
// github.com/facebook/facebook-nodejs-business-sdk, commit 5028ac2).
var agencyTasks = []string{
	"MANAGE", "CREATE_CONTENT", "MODERATE", "MESSAGING", "ADVERTISE", "ANALYZE",
	"MODERATE_COMMUNITY", "MANAGE_JOBS", "PAGES_MESSAGING", "PAGES_MESSAGING_SUBSCRIPTIONS",
	"READ_PAGE_MAILBOXES", "VIEW_MONETIZATION_INSIGHTS", "MANAGE_LEADS", "PROFILE_PLUS_FULL_CONTROL",
	"PROFILE_PLUS_MANAGE", "PROFILE_PLUS_FACEBOOK_ACCESS", "PROFILE_PLUS_CREATE_CONTENT",
	"PROFILE_PLUS_MODERATE", "PROFILE_PLUS_MODERATE_DELEGATE_COMMUNITY", "PROFILE_PLUS_MESSAGING",
	"PROFILE_PLUS_ADVERTISE", "PROFILE_PLUS_ANALYZE", "PROFILE_PLUS_REVENUE", "PROFILE_PLUS_MANAGE_LEADS",
	"CASHIER_ROLE", "GLOBAL_STRUCTURE_MANAGEMENT", "PROFILE_PLUS_GLOBAL_STRUCTURE_MANAGEMENT",
	"PROFILE_PLUS_CREATIVE_MANAGEMENT", "PROFILE_PLUS_CREATOR_MANAGEMENT",
}

// AgencyTasks returns the 29 permitted_tasks values Meta accepts.
func AgencyTasks() []string { return append([]string(nil), agencyTasks...) }

// Access statuses seen in Meta's business guides
// (https://developers.facebook.com/docs/marketing-api/business-manager/asset-management/pages).
const (
	AccessConfirmed = "CONFIRMED"
	AccessPending   = "PENDING"
)

// graphTimeLayout is how Graph formats datetimes: 2024-05-01T12:00:00+0000.
const graphTimeLayout = "2006-01-02T15:04:05-0700"

func graphTime(t time.Time) string { return t.UTC().Format(graphTimeLayout) }

// stampNow is the emulator's clock (Options.Now) at Graph's one-second
// resolution, so that the times it stamps equal what the API shows.
func (e *Emulator) stampNow() time.Time { return e.now().UTC().Truncate(time.Second) }

// agencyFields: Business node fields plus the four that Meta's reference
// page (https://developers.facebook.com/docs/graph-api/reference/page/agencies/) adds to
// every returned node.
var agencyFields = map[string]fieldSpec{
	"id": {}, "name": {}, "access_requested_time": {}, "access_status": {},
	"access_updated_time": {}, "permitted_tasks": {},
}

// handleAgencies serves GET, POST and DELETE /{page-id}/agencies. Caller
// holds e.mu.
func (e *Emulator) handleAgencies(in *incoming, pg *pageState) *response {
	switch in.method {
	case http.MethodGet:
		return e.listAgencies(in, pg)
	case http.MethodPost:
		return e.assignAgency(in, pg)
	default:
		return e.removeAgency(in, pg)
	}
}

func (e *Emulator) listAgencies(in *incoming, pg *pageState) *response {
	sel, g := selectFields(in.params.Get("fields"), []string{"id", "name"}, agencyFields, "Business")
	if g != nil {
		return errResponse(g)
	}
	page, w, g := listEdge(e, in, "agencies:"+pg.id, &pg.agencies, func(*edgeEntry[agencyState]) bool { return true })
	if g != nil {
		return errResponse(g)
	}
	var data []map[string]any
	for _, en := range page {
		data = append(data, e.agencyNode(&en.v, sel))
	}
	return okResponse(listBody(data, w))
}

func (e *Emulator) agencyNode(a *agencyState, sel selection) map[string]any {
	node := map[string]any{}
	for _, f := range sel.names {
		switch f {
		case "id":
			node["id"] = a.businessID
		case "name":
			if name := e.businesses[a.businessID]; name != "" {
				node["name"] = name
			}
		case "access_requested_time":
			node[f] = graphTime(a.requested)
		case "access_status":
			node[f] = a.status
		case "access_updated_time":
			node[f] = graphTime(a.updated)
		case "permitted_tasks":
			if tasks := e.listedTasks(a); tasks != nil {
				node[f] = tasks
			}
		}
	}
	return node
}

// assignAgency: POST /{page-id}/agencies with business and permitted_tasks
// (query, form or JSON body). Format checks come before lookups.
func (e *Emulator) assignAgency(in *incoming, pg *pageState) *response {
	biz, g := businessParam(in)
	if g != nil {
		return errResponse(g)
	}
	tasks, g := tasksParam(in, e.added.tasks(agencyTasks))
	if g != nil {
		return errResponse(g)
	}
	if _, ok := e.businesses[biz]; !ok {
		// assumption: Meta's wording for an unknown business is undocumented.
		return errResponse(errParam("Param business refers to business '%s', which does not exist or cannot be loaded due to missing permissions", biz))
	}
	if findAgency(pg, biz) != nil {
		// The error the agencies reference page lists for a re-assignment
		// ("assign a duplicated asset"); Meta documents no other answer.
		return errResponse(MetaError(3989))
	}
	t := e.stampNow()
	en, _ := pg.agencies.set(biz, agencyState{businessID: biz, tasks: tasks, status: e.grantedStatus(biz), requested: t, updated: t})
	made(e, EndpointAgencies, en)
	return okResponse(map[string]any{"success": true})
}

// removeAgency: DELETE /{page-id}/agencies with business, its one required
// parameter in Meta's SDK spec (facebook/facebook-business-sdk-codegen, api_specs/specs/Page.json).
func (e *Emulator) removeAgency(in *incoming, pg *pageState) *response {
	biz, g := businessParam(in)
	if g != nil {
		return errResponse(g)
	}
	if findAgency(pg, biz) == nil {
		// assumption: Meta's answer for removing an agency that has no access is
		// undocumented; the strict choice is a code-100 error, not a silent success.
		return errResponse(errParam("Business %s does not have access to Page %s", biz, pg.id))
	}
	pg.agencies.remove(biz)
	return okResponse(map[string]any{"success": true})
}

// businessParam reads the required numeric `business` ("numeric string or
// integer" on Meta's reference page; a JSON number arrives as its literal).
func businessParam(in *incoming) (string, *GraphError) {
	biz := in.params.Get("business")
	if biz == "" {
		return "", errRequired("business")
	}
	if !isNumericID(biz) {
		return "", errParam("Param business must be a valid ID string (e.g., \"123\")")
	}
	return biz, nil
}

// tasksParam reads permitted_tasks: a JSON array string in a form body, an
// array in a JSON body. assumption: the parameter is optional (Meta's
// reference page does not mark it required) and an absent one assigns no tasks; comma lists and
// PHP-style permitted_tasks[0]=... are not accepted. Duplicates are dropped.
func tasksParam(in *incoming, allowed []string) ([]string, *GraphError) {
	raw, present := in.params["permitted_tasks"]
	if !present || len(raw) == 0 || raw[0] == "" {
		return []string{}, nil
	}
	v, err := decodeJSONParam(raw[0])
	list, ok := v.([]any)
	if err != nil || !ok {
		return nil, errParam("Param permitted_tasks must be an array")
	}
	tasks := []string{}
	for i, item := range list {
		s, ok := item.(string)
		if !ok || !slices.Contains(allowed, s) {
			return nil, errEnum(fmt.Sprintf("permitted_tasks[%d]", i), allowed)
		}
		if !slices.Contains(tasks, s) {
			tasks = append(tasks, s)
		}
	}
	return tasks, nil
}

func findAgency(pg *pageState, biz string) *agencyState {
	if en := pg.agencies.find(biz); en != nil {
		return &en.v
	}
	return nil
}

// SetAgency assigns businessID to pageID out of band (access_status
// CONFIRMED, times now), or replaces the tasks of an existing assignment
// (updating UpdatedTime). Tasks are not validated, so tests can plant values
// the API would refuse. Page and business must exist.
func (e *Emulator) SetAgency(pageID, businessID string, tasks []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg := e.mustPageLocked("SetAgency", pageID)
	if _, ok := e.businesses[businessID]; !ok {
		panic(fmt.Sprintf("graphtest: SetAgency: unknown business %q (call AddBusiness first)", businessID))
	}
	t := e.stampNow()
	tasks = append([]string{}, tasks...)
	if a := findAgency(pg, businessID); a != nil {
		a.tasks, a.updated, a.status = tasks, t, AccessConfirmed
		return
	}
	pg.agencies.set(businessID, agencyState{businessID: businessID, tasks: tasks, status: AccessConfirmed, requested: t, updated: t})
}

// SetAgencyStatus changes the access_status of an existing assignment (e.g.
// AccessPending) out of band. It panics if the assignment does not exist.
func (e *Emulator) SetAgencyStatus(pageID, businessID, status string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := findAgency(e.mustPageLocked("SetAgencyStatus", pageID), businessID)
	if a == nil {
		panic(fmt.Sprintf("graphtest: SetAgencyStatus: business %q is not assigned to page %q", businessID, pageID))
	}
	a.status, a.updated = status, e.stampNow()
}

// RemoveAgency removes an assignment out of band (no-op if absent).
func (e *Emulator) RemoveAgency(pageID, businessID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("RemoveAgency", pageID).agencies.remove(businessID)
}

// Agency returns the assignment of businessID to pageID.
func (e *Emulator) Agency(pageID, businessID string) (Agency, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg, ok := e.pages[pageID]
	if !ok {
		return Agency{}, false
	}
	a := findAgency(pg, businessID)
	if a == nil {
		return Agency{}, false
	}
	return e.agencyValue(a), true
}

// Agencies returns the page's assignments in assignment order.
func (e *Emulator) Agencies(pageID string) []Agency {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg, ok := e.pages[pageID]
	if !ok {
		return nil
	}
	out := []Agency{}
	for _, a := range pg.agencies.values() {
		out = append(out, e.agencyValue(&a))
	}
	return out
}

func (e *Emulator) agencyValue(a *agencyState) Agency {
	return Agency{
		BusinessID:     a.businessID,
		Name:           e.businesses[a.businessID],
		AccessStatus:   a.status,
		PermittedTasks: append([]string{}, a.tasks...),
		RequestedTime:  a.requested,
		UpdatedTime:    a.updated,
	}
}
