package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ resource.Resource                = (*pageAssignedUsersExclusiveResource)(nil)
	_ resource.ResourceWithConfigure   = (*pageAssignedUsersExclusiveResource)(nil)
	_ resource.ResourceWithImportState = (*pageAssignedUsersExclusiveResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*pageAssignedUsersExclusiveResource)(nil)
	_ resource.ResourceWithIdentity    = (*pageAssignedUsersExclusiveResource)(nil)
)

// NewPageAssignedUsersExclusiveResource is the
// facebook_page_assigned_users_exclusive resource: the complete set of one
// business's people with tasks on a Page.
func NewPageAssignedUsersExclusiveResource() resource.Resource {
	return &pageAssignedUsersExclusiveResource{exclusiveResource{newModel: func() exclusiveModel { return &pageAssignedUsersExclusiveModel{} }}}
}

type pageAssignedUsersExclusiveResource struct {
	exclusiveResource
}

// pageAssignedUsersExclusiveIDs names a
// facebook_page_assigned_users_exclusive: one per Page and business.
var pageAssignedUsersExclusiveIDs = graphIDs{
	resourceType: "facebook_page_assigned_users_exclusive",
	parts: []idPart{
		{name: "page_id", description: "Numeric id of the Page."},
		{name: "business_id", description: "Numeric id of the business whose people the set holds."},
	},
}

type pageAssignedUsersExclusiveModel struct {
	ID         types.String   `tfsdk:"id"`
	PageID     types.String   `tfsdk:"page_id"`
	BusinessID types.String   `tfsdk:"business_id"`
	UserIDs    types.Set      `tfsdk:"user_ids"`
	Timeouts   timeouts.Value `tfsdk:"timeouts"`
}

func (m *pageAssignedUsersExclusiveModel) accessTimeouts() timeouts.Value { return m.Timeouts }
func (m *pageAssignedUsersExclusiveModel) holders() types.Set             { return m.UserIDs }
func (m *pageAssignedUsersExclusiveModel) setHolders(s types.Set)         { m.UserIDs = s }
func (m *pageAssignedUsersExclusiveModel) fillID() {
	m.ID = types.StringValue(m.PageID.ValueString() + "/" + m.BusinessID.ValueString())
}

func (m *pageAssignedUsersExclusiveModel) grants(c *graph.Client) grantSet {
	return assignedUserGrants(c, m.PageID.ValueString(), m.BusinessID.ValueString())
}

func (m *pageAssignedUsersExclusiveModel) words() exclusiveWords {
	return exclusiveWords{
		ids: pageAssignedUsersExclusiveIDs, attribute: "user_ids", holder: "user",
		where:   "Page " + m.PageID.ValueString() + " for business " + m.BusinessID.ValueString(),
		listing: "the Page's assigned users of business " + m.BusinessID.ValueString(), grantType: "facebook_page_assigned_user", grantAttr: "user_id",
	}
}

func (r *pageAssignedUsersExclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_assigned_users_exclusive"
}

func (r *pageAssignedUsersExclusiveResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Owns the complete set of one business's people (business users and system users) with tasks on a Page " +
			"(`/{page-id}/assigned_users?business=...`): create and update take the tasks away from every person of the business who is not in " +
			"`user_ids`, and a refresh shows a person given tasks outside Terraform as a change that removes them. It grants nothing: give each " +
			"declared person their tasks with `facebook_page_assigned_user`, and refer to those resources in `user_ids` so that they are created " +
			"first. People of other businesses are not touched. Destroying it removes no access. Needs a Page access token from someone who can " +
			"perform the `MANAGE` task on the Page, with `pages_manage_metadata`.",
		Attributes: exclusiveAttributes(ctx, "`<page_id>/<business_id>`, also the import id.", "people", "the Page's assigned users", "user_ids",
			"Numeric ids of the only people of the business who may have tasks on the Page; may be empty, which takes every one's tasks away."),
	}
	resp.Schema.Attributes["business_id"] = schema.StringAttribute{
		MarkdownDescription: "Numeric id of the business whose people the set holds. Changing it replaces the resource.",
		Required:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          []validator.String{validators.NumericID()},
	}
}

func (r *pageAssignedUsersExclusiveResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = pageAssignedUsersExclusiveIDs.schema()
}

// ImportState takes `<page_id>/<business_id>` or, in an import block, the
// identity `{ page_id = ..., business_id = ... }`.
func (r *pageAssignedUsersExclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	pageAssignedUsersExclusiveIDs.importState(ctx, req, resp)
}
