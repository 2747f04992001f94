package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithIdentity = (*pageAssignedUserResource)(nil)

// pageAssignedUserIDs names a facebook_page_assigned_user: its id, import
// id and resource identity, and the identity of what the list resource
// lists. The business is part of it because Meta lists a Page's assigned
// users one business at a time.
var pageAssignedUserIDs = graphIDs{
	resourceType: "facebook_page_assigned_user",
	parts: []idPart{
		{name: "page_id", description: "Numeric id of the Page."},
		{name: "business_id", description: "Numeric id of the business the user belongs to."},
		{name: "user_id", description: "Numeric id of the business user or system user."},
	},
}

func (r *pageAssignedUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = pageAssignedUserIDs.schema()
}

// ImportState takes `<page_id>/<business_id>/<user_id>` or, in an import
// block, the identity `{ page_id = ..., business_id = ..., user_id = ... }`.
func (r *pageAssignedUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	pageAssignedUserIDs.importState(ctx, req, resp)
}
