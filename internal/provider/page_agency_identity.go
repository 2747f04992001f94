package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithIdentity = (*pageAgencyResource)(nil)

// pageAgencyIDs names a facebook_page_agency: its id, import id and
// resource identity, and the identity of what the list resource lists.
var pageAgencyIDs = graphIDs{
	resourceType: "facebook_page_agency",
	parts: []idPart{
		{name: "page_id", description: "Numeric id of the Page."},
		{name: "business_id", description: "Numeric id of the agency business."},
	},
}

func (r *pageAgencyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = pageAgencyIDs.schema()
}

// ImportState takes `<page_id>/<business_id>` or, in an import block, the
// identity `{ page_id = ..., business_id = ... }`.
func (r *pageAgencyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	pageAgencyIDs.importState(ctx, req, resp)
}
