package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ datasource.DataSource              = (*businessPagesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*businessPagesDataSource)(nil)
)

// NewBusinessPagesDataSource is the facebook_business_pages data source: the
// Pages a business owns and its clients' Pages it has access to.
func NewBusinessPagesDataSource() datasource.DataSource { return &businessPagesDataSource{} }

type businessPagesDataSource struct{ client *graph.Client }

type businessPagesModel struct {
	BusinessID types.String        `tfsdk:"business_id"`
	Pages      []businessPageModel `tfsdk:"pages"`
	Timeouts   timeouts.Value      `tfsdk:"timeouts"`
}

func (m *businessPagesModel) readTimeouts() timeouts.Value { return m.Timeouts }

type businessPageModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Relationship types.String `tfsdk:"relationship"`
}

func (d *businessPagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_pages"
}

func (d *businessPagesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Pages a business owns (`GET /{business-id}/owned_pages`) and its clients' Pages it has access to " +
			"(`GET /{business-id}/client_pages`), all pages of both listings followed. Needs a token of a person or system user of the business " +
			"with `business_management`.",
		Attributes: map[string]schema.Attribute{
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the business (portfolio) whose Pages are listed.",
				Required:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"pages": schema.ListNestedAttribute{
				MarkdownDescription: "The owned Pages, then the client Pages, each in the order Meta lists them. An empty list when the business has none.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "Numeric id of the Page."},
						"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the Page."},
						"relationship": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "`owned` for a Page of `owned_pages`, `client` for one of `client_pages`.",
						},
					},
				},
			},
			"timeouts": readTimeoutAttribute(ctx),
		},
	}
}

func (d *businessPagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (d *businessPagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readDataSource(ctx, d.client, req, resp, "Unable to list the business's Pages", func(ctx context.Context, m *businessPagesModel) error {
		pages, err := d.client.ListBusinessPages(ctx, m.BusinessID.ValueString())
		if err != nil {
			return err
		}
		m.Pages = make([]businessPageModel, 0, len(pages))
		for _, p := range pages {
			m.Pages = append(m.Pages, businessPageModel{
				ID:           types.StringValue(p.ID),
				Name:         optionalString(p.Name),
				Relationship: types.StringValue(p.Relationship),
			})
		}
		return nil
	})
}
