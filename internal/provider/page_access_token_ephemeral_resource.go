package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ ephemeral.EphemeralResource              = (*pageAccessTokenEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*pageAccessTokenEphemeral)(nil)
)

// pageTokenTimeout bounds the exchange, throttling waits included.
const pageTokenTimeout = 5 * time.Minute

// NewPageAccessTokenEphemeralResource is the facebook_page_access_token
// ephemeral resource: the Page token the provider itself uses, handed to
// other providers or tools without being written to plan or state.
func NewPageAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &pageAccessTokenEphemeral{}
}

type pageAccessTokenEphemeral struct{ client *graph.Client }

type pageAccessTokenModel struct {
	PageID      types.String `tfsdk:"page_id"`
	AccessToken types.String `tfsdk:"access_token"`
}

func (e *pageAccessTokenEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_access_token"
}

func (e *pageAccessTokenEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Page access token of a Page, obtained the way the provider obtains it for its own calls: the `page_access_tokens` entry " +
			"for the Page if there is one, else one exchange of `access_token` (`GET /{page-id}?fields=access_token`) per provider run. " +
			"Use it to hand the token to another provider or tool: as an ephemeral value it is never written to plan or state (Terraform 1.10 or later). " +
			"When Meta's answer carries no Page token (the configured token may already be a Page or system-user token), the provider's own " +
			"`access_token` is returned instead, with a warning.",
		Attributes: map[string]schema.Attribute{
			"page_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the Page.",
				Required:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "The Page access token (or, with a warning, the provider's `access_token` when Meta answered none).",
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

func (e *pageAccessTokenEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (e *pageAccessTokenEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	defer warnServedVersion(e.client, &resp.Diagnostics)
	var m pageAccessTokenModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(withMasking(ctx, e.client), pageTokenTimeout)
	defer cancel()
	pageID := m.PageID.ValueString()
	token, source, err := e.client.PageTokenWithSource(ctx, pageID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to get the Page access token of Page "+pageID, err)
		return
	}
	if source == graph.PageTokenFallback {
		resp.Diagnostics.AddAttributeWarning(path.Root("access_token"), "No Page token from Meta",
			fmt.Sprintf("Meta's answer to GET /%s?fields=access_token carried no Page access token, so access_token is the provider's own access_token. "+
				"That is expected when it is already a Page or system-user token; otherwise check that the token's user has a task on Page %s.", pageID, pageID))
	}
	m.AccessToken = types.StringValue(token)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
