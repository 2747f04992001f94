package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ resource.ResourceWithIdentity = (*pageSubscribedAppResource)(nil)

// pageSubscribedAppIDs names a facebook_page_subscribed_app: its id, import
// id and resource identity, and the identity of what the list resource
// lists.
var pageSubscribedAppIDs = graphIDs{
	resourceType: "facebook_page_subscribed_app",
	parts: []idPart{
		{name: "page_id", description: "Numeric id of the Page."},
		{name: "app_id", description: "Numeric id of the subscribed app."},
	},
}

func (r *pageSubscribedAppResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = pageSubscribedAppIDs.schema()
}

// ImportState takes `<page_id>/<app_id>` or, in an import block, the
// identity `{ page_id = ..., app_id = ... }`.
func (r *pageSubscribedAppResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	pageSubscribedAppIDs.importState(ctx, req, resp)
}
