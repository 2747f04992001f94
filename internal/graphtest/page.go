package graphtest

import "slices"

// pageFields are the Page node fields the emulator models. assumption: other
// real Page fields (category, fan_count...) are refused as unknown, so a
// client asking for more than it needs is noticed.
var pageFields = map[string]fieldSpec{
	"id":           {},
	"name":         {},
	"access_token": {},
	// business is the Business that owns the Page (Page.json's `business`
	// field in Meta's SDK spec, facebook/facebook-business-sdk-codegen;
	// https://developers.facebook.com/docs/graph-api/reference/page/).
	"business": {subNode: "Business", subFields: []string{"id", "name"}},
}

// handlePage answers GET /{page-id}: id and name by default; with
// fields=access_token the page token exchange (notes, "Page token"). The
// token is only disclosed to a user token with a role on the page or to the
// page's own token; anyone else gets the public fields without it, as Meta
// does. Caller holds e.mu.
func (e *Emulator) handlePage(in *incoming, pg *pageState) *response {
	sel, g := selectFields(in.params.Get("fields"), []string{"id", "name"}, pageFields, "Page")
	if g != nil {
		return errResponse(g)
	}
	body := idAndName(sel, pg.id, pg.name)
	if slices.Contains(sel.names, "business") && pg.owner != "" {
		body["business"] = map[string]any{"id": pg.owner, "name": e.businesses[pg.owner]}
	}
	if slices.Contains(sel.names, "access_token") && e.mayHavePageToken(in.ident, pg) {
		body["access_token"] = pg.token
	}
	return okResponse(body)
}

func (e *Emulator) mayHavePageToken(id *identity, pg *pageState) bool {
	if id.pageID != "" {
		return id.pageID == pg.id
	}
	return id.user != nil && id.user.pages[pg.id]
}
