package graphtest

import (
	"fmt"
	"net/http"
	"slices"
)

// GET /{business-id}/owned_pages and /{business-id}/client_pages list the
// Pages a business owns and the Pages of its clients it has access to
// (https://developers.facebook.com/docs/marketing-api/reference/business/owned_pages/,
// https://developers.facebook.com/docs/marketing-api/reference/business/client_pages/).
// Both need a person or system user of the business with
// business_management.

// Endpoints of the business's Page listings.
const (
	EndpointOwnedPages  = "/{business-id}/owned_pages"
	EndpointClientPages = "/{business-id}/client_pages"
)

// Relationships of a Page to a business, as AddBusinessPage takes them.
const (
	PageOwned  = "owned"
	PageClient = "client"
)

// businessPageFields are the Page fields these listings answer.
// assumption: the default selection is id and name, as for Page nodes on
// other edges; other Page fields are refused as unknown.
var businessPageFields = map[string]fieldSpec{"id": {}, "name": {}}

// AddBusinessPage puts the Page on the business's owned_pages or
// client_pages listing.
func (e *Emulator) AddBusinessPage(businessID, pageID, relationship string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.businesses[businessID]; !ok {
		panic(fmt.Sprintf("graphtest: AddBusinessPage: unknown business %q (call AddBusiness first)", businessID))
	}
	page := e.mustPageLocked("AddBusinessPage", pageID)
	f := e.fleetLocked()
	switch relationship {
	case PageOwned:
		f.owned[businessID] = append(f.owned[businessID], pageID)
		page.owner = businessID // its people may be given tasks on the Page
	case PageClient:
		f.client[businessID] = append(f.client[businessID], pageID)
	default:
		panic(fmt.Sprintf("graphtest: AddBusinessPage: relationship %q is neither %q nor %q", relationship, PageOwned, PageClient))
	}
}

// AddBusinessMember lets the person or system user with this id (the id
// GET /me answers for their token) read the business's Page listings.
func (e *Emulator) AddBusinessMember(businessID, userID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := e.fleetLocked()
	if f.bizMember[businessID] == nil {
		f.bizMember[businessID] = map[string]bool{}
	}
	f.bizMember[businessID][userID] = true
}

// handleBusinessPages answers GET /{business-id}/owned_pages and
// client_pages. Caller holds e.mu.
func (e *Emulator) handleBusinessPages(in *incoming) *response {
	rt := in.route
	if e.pages[rt.nodeID] != nil {
		return errResponse(errUnknownField(rt.edge, "Page"))
	}
	_, known := e.businesses[rt.nodeID]
	f := e.fleetLocked()
	u := in.ident.user
	if !known || u == nil || !f.bizMember[rt.nodeID][u.id] {
		// assumption: as for any node the token may not read, Meta answers
		// that the object cannot be loaded.
		return errResponse(errNoObject(in.method, rt.nodeID))
	}
	if in.method != http.MethodGet {
		// assumption: claiming Pages (POST) is not modelled.
		return errResponse(errUnsupportedMethod(in.method))
	}
	sel, g := selectFields(in.params.Get("fields"), []string{"name"}, businessPageFields, "Page")
	if g != nil {
		return errResponse(g)
	}
	ns := rt.edge + ":" + rt.nodeID
	pp, g := e.parsePaging(in, ns)
	if g != nil {
		return errResponse(g)
	}
	listed := f.owned[rt.nodeID]
	if rt.edge == "client_pages" {
		listed = f.client[rt.nodeID]
	}
	listed = slices.Clone(listed)
	slices.Sort(listed)
	listed = slices.Compact(listed)
	w := e.windowLocked(in, ns, listed, pp)
	var data []map[string]any
	for _, id := range listed[w.start:w.end] {
		data = append(data, idAndName(sel, id, e.pages[id].name))
	}
	return okResponse(listBody(data, w))
}
