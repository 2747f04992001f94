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
	_ datasource.DataSource              = (*pagesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pagesDataSource)(nil)
)

// NewPagesDataSource is the facebook_pages data source: every Page the
// configured token can act on.
func NewPagesDataSource() datasource.DataSource { return &pagesDataSource{} }

type pagesDataSource struct{ client *graph.Client }

type pagesModel struct {
	Pages    []listedPageModel `tfsdk:"pages"`
	Timeouts timeouts.Value    `tfsdk:"timeouts"`
}

func (m *pagesModel) readTimeouts() timeouts.Value { return m.Timeouts }

// listedPageModel is one element of pages. It has no token: Page tokens
// stay in the provider's memory (use facebook_page_access_token for one).
type listedPageModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Category types.String `tfsdk:"category"`
	Tasks    []string     `tfsdk:"tasks"`
}

func (d *pagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pages"
}

func (d *pagesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every Page the configured access token can act on (`GET /me/accounts`), all pages of the listing followed: " +
			"the Pages of a person's or system user's roles. Needs a user or system-user token with `pages_show_list`; a Page token cannot list " +
			"(Meta answers that a Page has no `accounts`). Meta hands out each Page's access token in this listing: the provider keeps them in " +
			"memory for the run's other calls, and none reaches state.",
		Attributes: map[string]schema.Attribute{
			"pages": schema.ListNestedAttribute{
				MarkdownDescription: "The Pages, in the order Meta lists them. An empty list when the token has no Page.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "Numeric id of the Page."},
						"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the Page."},
						"category": schema.StringAttribute{Computed: true, MarkdownDescription: "The Page's category, such as `Software`; null when Meta lists none."},
						"tasks": schema.SetAttribute{
							MarkdownDescription: "The tasks the token may perform on the Page, such as `MANAGE` or `ANALYZE`, as Meta lists them, upper-cased.",
							ElementType:         types.StringType,
							Computed:            true,
						},
					},
				},
			},
			"timeouts": readTimeoutAttribute(ctx),
		},
	}
}

func (d *pagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (d *pagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readDataSource(ctx, d.client, req, resp, "Unable to list the access token's Pages", func(ctx context.Context, m *pagesModel) error {
		pages, err := d.client.ListPages(ctx)
		if err != nil {
			return err
		}
		m.Pages = make([]listedPageModel, 0, len(pages))
		for _, p := range pages {
			m.Pages = append(m.Pages, listedPageModel{
				ID:       types.StringValue(p.ID),
				Name:     optionalString(p.Name),
				Category: optionalString(p.Category),
				Tasks:    upperTasks(p.Tasks),
			})
		}
		return nil
	})
}
