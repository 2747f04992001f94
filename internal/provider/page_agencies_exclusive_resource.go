package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

var (
	_ resource.Resource                = (*pageAgenciesExclusiveResource)(nil)
	_ resource.ResourceWithConfigure   = (*pageAgenciesExclusiveResource)(nil)
	_ resource.ResourceWithImportState = (*pageAgenciesExclusiveResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*pageAgenciesExclusiveResource)(nil)
	_ resource.ResourceWithIdentity    = (*pageAgenciesExclusiveResource)(nil)
)

// NewPageAgenciesExclusiveResource is the facebook_page_agencies_exclusive
// resource: the complete set of agency businesses with access to a Page.
func NewPageAgenciesExclusiveResource() resource.Resource {
	return &pageAgenciesExclusiveResource{exclusiveResource{newModel: func() exclusiveModel { return &pageAgenciesExclusiveModel{} }}}
}

type pageAgenciesExclusiveResource struct {
	exclusiveResource
}

// pageAgenciesExclusiveIDs names a facebook_page_agencies_exclusive: one
// per Page.
var pageAgenciesExclusiveIDs = graphIDs{
	resourceType: "facebook_page_agencies_exclusive",
	parts:        []idPart{{name: "page_id", description: "Numeric id of the Page."}},
}

type pageAgenciesExclusiveModel struct {
	ID          types.String   `tfsdk:"id"`
	PageID      types.String   `tfsdk:"page_id"`
	BusinessIDs types.Set      `tfsdk:"business_ids"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (m *pageAgenciesExclusiveModel) accessTimeouts() timeouts.Value { return m.Timeouts }
func (m *pageAgenciesExclusiveModel) holders() types.Set             { return m.BusinessIDs }
func (m *pageAgenciesExclusiveModel) setHolders(s types.Set)         { m.BusinessIDs = s }
func (m *pageAgenciesExclusiveModel) fillID()                        { m.ID = m.PageID }
func (m *pageAgenciesExclusiveModel) grants(c *graph.Client) grantSet {
	return agencyGrants(c, m.PageID.ValueString())
}

func (m *pageAgenciesExclusiveModel) words() exclusiveWords {
	return exclusiveWords{
		ids: pageAgenciesExclusiveIDs, attribute: "business_ids", holder: "business",
		where: "Page " + m.PageID.ValueString(), listing: "the Page's agencies",
		grantType: "facebook_page_agency", grantAttr: "business_id",
	}
}

func (r *pageAgenciesExclusiveResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_agencies_exclusive"
}

func (r *pageAgenciesExclusiveResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Owns the complete set of agency businesses with access to a Page (`/{page-id}/agencies`): create and update remove " +
			"every agency whose business is not in `business_ids`, and a refresh shows an agency given access outside Terraform as a change that " +
			"removes it. It grants nothing: give each declared business its tasks with `facebook_page_agency`, and refer to those resources in " +
			"`business_ids` so that they are created first. Destroying it removes no access. Needs a Page access token from someone who can perform " +
			"the `MANAGE` task on the Page, with `business_management` (or `pages_manage_metadata` and `pages_show_list`).",
		Attributes: exclusiveAttributes(ctx, "The Page id, also the import id.", "agencies", "the Page's agencies", "business_ids",
			"Numeric ids of the only businesses that may be agencies of the Page; may be empty, which removes every agency."),
	}
}

func (r *pageAgenciesExclusiveResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = pageAgenciesExclusiveIDs.schema()
}

// ImportState takes the Page id, or in an import block the identity
// `{ page_id = ... }`; the read then fills in every agency.
func (r *pageAgenciesExclusiveResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	pageAgenciesExclusiveIDs.importState(ctx, req, resp)
}
