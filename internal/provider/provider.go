// Package provider implements the Terraform provider for Facebook Pages on
// terraform-plugin-framework. All Graph API traffic goes through
// internal/graph.
package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ provider.Provider                       = (*facebookProvider)(nil)
	_ provider.ProviderWithActions            = (*facebookProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*facebookProvider)(nil)
	_ provider.ProviderWithListResources      = (*facebookProvider)(nil)
)

// facebookProvider is the provider. tune lets tests adjust the client (for
// example shorter retry waits); it is nil in the released binary.
type facebookProvider struct {
	version string
	tune    func(*graph.Config)
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &facebookProvider{version: version}
	}
}

type providerModel struct {
	AccessToken      types.String `tfsdk:"access_token"`
	AppSecret        types.String `tfsdk:"app_secret"`
	APIVersion       types.String `tfsdk:"api_version"`
	BaseURL          types.String `tfsdk:"base_url"`
	PageAccessTokens types.Map    `tfsdk:"page_access_tokens"`
	MaxRetries       types.Int64  `tfsdk:"max_retries"`
}

func (p *facebookProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "facebook"
	resp.Version = p.version
}

func (p *facebookProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage which agency businesses may act on a Facebook Page, read the Page's Messenger conversations and thread ownership, and send messages, through Meta's Graph API.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A user, system-user or Page access token. Falls back to the `FACEBOOK_ACCESS_TOKEN` environment variable. Required, from one or the other, as soon as the provider makes a call. Sent in the `Authorization` header, never in a URL.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{validators.SecretLength()},
			},
			"app_secret": schema.StringAttribute{
				MarkdownDescription: "The app secret of the app the token belongs to. When set, every request carries `appsecret_proof` (HMAC-SHA256 of the token used, keyed with this secret), as apps with *Require App Secret* need. Falls back to `FACEBOOK_APP_SECRET`.",
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.String{validators.SecretLength()},
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "Graph API version to call, such as `" + graph.DefaultAPIVersion + "`. Falls back to `FACEBOOK_API_VERSION`; defaults to `" + graph.DefaultAPIVersion + "`, the version the provider is documented and tested against " +
					"(the newest whose changes to the edges it calls have been checked). A version the provider knows warns when Meta has announced it expires within 90 days; " +
					"a version newer than the provider knows is used as given.",
				Optional:   true,
				Validators: []validator.String{validators.APIVersion()},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Scheme and host of the Graph API. Falls back to `FACEBOOK_BASE_URL`; defaults to `" + graph.DefaultBaseURL + "`. Plain `http://` is only accepted for loopback hosts (a local emulator), so tokens never travel in clear text.",
				Optional:            true,
				Validators:          []validator.String{validators.BaseURL()},
			},
			"page_access_tokens": schema.MapAttribute{
				MarkdownDescription: "Page access tokens by Page id. Calls on a Page listed here use its token; for other Pages the provider exchanges `access_token` for the Page's token once per run (`GET /{page-id}?fields=access_token`).",
				ElementType:         types.StringType,
				Optional:            true,
				Sensitive:           true,
				Validators:          []validator.Map{validators.PageTokens()},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: "How many times a throttled or transiently failed call is retried, with exponential backoff, before the error is reported. Falls back to `FACEBOOK_MAX_RETRIES`; defaults to `5`. `0` disables retries.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 50)},
			},
		},
	}
}

func (p *facebookProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	graphCfg, diags := resolveConfig(ctx, cfg, p.version, req.TerraformVersion)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	warnExpiringVersion(&resp.Diagnostics, graphCfg.APIVersion, time.Now())
	noteNewerVersion(ctx, graphCfg.APIVersion)
	if p.tune != nil {
		p.tune(&graphCfg)
	}
	client, err := graph.New(graphCfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the Graph API client", err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
	resp.EphemeralResourceData = client
	resp.ActionData = client
	resp.ListResourceData = client
}

func (p *facebookProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewPageAgencyResource,
		NewPageAssignedUserResource,
		NewPageSubscribedAppResource,
		NewPageMessengerProfileResource,
		NewPageAgenciesExclusiveResource,
		NewPageAssignedUsersExclusiveResource,
	}
}

func (p *facebookProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewPageAgencyListResource,
		NewPageAssignedUserListResource,
		NewPageSubscribedAppListResource,
	}
}

func (p *facebookProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewPageMessageAction,
		NewPageThreadControlAction,
	}
}

func (p *facebookProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewPageAccessTokenEphemeralResource,
	}
}

func (p *facebookProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPageConversationsDataSource,
		NewPageThreadOwnerDataSource,
		NewPageAgenciesDataSource,
		NewPageAssignedUsersDataSource,
		NewPageSubscribedAppsDataSource,
		NewPagesDataSource,
		NewBusinessPagesDataSource,
	}
}
