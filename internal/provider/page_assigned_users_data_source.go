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
	_ datasource.DataSource              = (*pageAssignedUsersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pageAssignedUsersDataSource)(nil)
)

// NewPageAssignedUsersDataSource is the facebook_page_assigned_users data
// source: every user of one business with tasks on a Page.
func NewPageAssignedUsersDataSource() datasource.DataSource { return &pageAssignedUsersDataSource{} }

type pageAssignedUsersDataSource struct{ client *graph.Client }

type pageAssignedUsersModel struct {
	PageID        types.String        `tfsdk:"page_id"`
	BusinessID    types.String        `tfsdk:"business_id"`
	AssignedUsers []assignedUserModel `tfsdk:"assigned_users"`
	Timeouts      timeouts.Value      `tfsdk:"timeouts"`
}

func (m *pageAssignedUsersModel) readTimeouts() timeouts.Value { return m.Timeouts }

// assignedUserModel is one element of assigned_users; fields Meta leaves
// out are null.
type assignedUserModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	UserType     types.String `tfsdk:"user_type"`
	BusinessID   types.String `tfsdk:"business_id"`
	BusinessName types.String `tfsdk:"business_name"`
	Tasks        []string     `tfsdk:"tasks"`
}

func (d *pageAssignedUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_assigned_users"
}

func (d *pageAssignedUsersDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the business users and system users of one business who have tasks on a Page " +
			"(`GET /{page-id}/assigned_users?business={business-id}`: Meta requires the business), all pages of the listing followed, " +
			"whether or not Terraform manages them. Needs a Page access token from someone who can perform the `MANAGE` task on the Page, " +
			"with `pages_manage_metadata`.",
		Attributes: map[string]schema.Attribute{
			"page_id": dataSourcePageID(),
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the business whose users are listed.",
				Required:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"assigned_users": schema.ListNestedAttribute{
				MarkdownDescription: "The users, in the order Meta lists them. An empty list when none of the business's users has tasks on the Page.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":        schema.StringAttribute{Computed: true, MarkdownDescription: "Numeric id of the user."},
						"name":      schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the user."},
						"user_type": schema.StringAttribute{Computed: true, MarkdownDescription: "Kind of user, such as `BUSINESS_USER` or `SYSTEM_USER`."},
						"business_id": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "Numeric id of the business the user belongs to, as Meta lists it (the `business` the listing asked for).",
						},
						"business_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the business the user belongs to."},
						"tasks": schema.SetAttribute{
							MarkdownDescription: "Tasks the user may perform on the Page, such as `MANAGE` or `ANALYZE`.",
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

func (d *pageAssignedUsersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (d *pageAssignedUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readDataSource(ctx, d.client, req, resp, "Unable to read the Page's assigned users", func(ctx context.Context, m *pageAssignedUsersModel) (err error) {
		// The same listing facebook_page_assigned_user reads.
		m.AssignedUsers, err = elements(assignedUserElement)(d.client.ListAssignedUsers(ctx, m.PageID.ValueString(), m.BusinessID.ValueString()))
		return err
	})
}

// assignedUserElement is one listed user as an element of `assigned_users`.
func assignedUserElement(u graph.AssignedUser) assignedUserModel {
	return assignedUserModel{
		ID:           types.StringValue(u.UserID),
		Name:         optionalString(u.Name),
		UserType:     optionalString(u.UserType),
		BusinessID:   optionalString(u.Business.ID),
		BusinessName: optionalString(u.Business.Name),
		Tasks:        u.Tasks,
	}
}
