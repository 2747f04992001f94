package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

var (
	_ datasource.DataSource              = (*pageAgenciesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pageAgenciesDataSource)(nil)
)

// NewPageAgenciesDataSource is the facebook_page_agencies data source: every
// agency business with access to a Page.
func NewPageAgenciesDataSource() datasource.DataSource { return &pageAgenciesDataSource{} }

type pageAgenciesDataSource struct{ client *graph.Client }

type pageAgenciesModel struct {
	PageID   types.String   `tfsdk:"page_id"`
	Agencies []agencyModel  `tfsdk:"agencies"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (m *pageAgenciesModel) readTimeouts() timeouts.Value { return m.Timeouts }

// agencyModel is one element of agencies; fields Meta leaves out are null.
type agencyModel struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	AccessStatus        types.String `tfsdk:"access_status"`
	AccessRequestedTime types.String `tfsdk:"access_requested_time"`
	AccessUpdatedTime   types.String `tfsdk:"access_updated_time"`
	PermittedTasks      []string     `tfsdk:"permitted_tasks"`
	EffectiveTasks      []string     `tfsdk:"effective_tasks"`
}

func (d *pageAgenciesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_agencies"
}

func (d *pageAgenciesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every agency business with access to a Page (`GET /{page-id}/agencies`), all pages of the listing followed, " +
			"whether or not Terraform manages them. Needs a Page access token from someone who can perform the `MANAGE` task on the Page, " +
			"with `business_management` (or `pages_manage_metadata` and `pages_show_list`).",
		Attributes: map[string]schema.Attribute{
			"page_id": dataSourcePageID(),
			"agencies": schema.ListNestedAttribute{
				MarkdownDescription: "The agencies, in the order Meta lists them. An empty list when the Page has none.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":                    schema.StringAttribute{Computed: true, MarkdownDescription: "Numeric id of the agency business."},
						"name":                  schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the agency business."},
						"access_status":         schema.StringAttribute{Computed: true, MarkdownDescription: "Status of the access request, such as `CONFIRMED` or `PENDING`."},
						"access_requested_time": schema.StringAttribute{Computed: true, MarkdownDescription: "When access was requested, RFC 3339 in UTC."},
						"access_updated_time":   schema.StringAttribute{Computed: true, MarkdownDescription: "When the access request last changed, RFC 3339 in UTC."},
						"permitted_tasks": schema.SetAttribute{
							MarkdownDescription: "Tasks the agency may perform on the Page, such as `ADVERTISE` or `ANALYZE`, as Meta reports them, upper-cased: " +
								"what `facebook_page_agency` stores in `permitted_tasks` when this agency is imported. Meta may list a role expanded into the " +
								"tasks it implies, and no tasks while `access_status` is `PENDING`.",
							ElementType: types.StringType,
							Computed:    true,
						},
						"effective_tasks": schema.SetAttribute{
							MarkdownDescription: "The same set as `permitted_tasks`, since both are what Meta reports here. Named as in `facebook_page_agency`, " +
								"whose `effective_tasks` (what Meta reports) may hold more than its `permitted_tasks` (what is configured).",
							ElementType: types.StringType,
							Computed:    true,
						},
					},
				},
			},
			"timeouts": readTimeoutAttribute(ctx),
		},
	}
}

func (d *pageAgenciesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (d *pageAgenciesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readDataSource(ctx, d.client, req, resp, "Unable to read the Page's agencies", func(ctx context.Context, m *pageAgenciesModel) (err error) {
		// The same listing facebook_page_agency reads: one code path, one view
		// of the Page for both.
		m.Agencies, err = elements(agencyElement)(d.client.ListAgencies(ctx, m.PageID.ValueString()))
		return err
	})
}

// agencyElement is one listed agency as an element of `agencies`.
func agencyElement(a graph.Agency) agencyModel {
	return agencyModel{
		ID:                  types.StringValue(a.BusinessID),
		Name:                optionalString(a.Name),
		AccessStatus:        optionalString(a.AccessStatus),
		AccessRequestedTime: optionalString(a.AccessRequestedTime.RFC3339()),
		AccessUpdatedTime:   optionalString(a.AccessUpdatedTime.RFC3339()),
		PermittedTasks:      upperTasks(a.PermittedTasks),
		EffectiveTasks:      upperTasks(a.PermittedTasks),
	}
}
