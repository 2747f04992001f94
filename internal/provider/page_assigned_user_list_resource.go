package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

var (
	_ list.ListResource              = (*pageAssignedUserListResource)(nil)
	_ list.ListResourceWithConfigure = (*pageAssignedUserListResource)(nil)
)

// NewPageAssignedUserListResource is the facebook_page_assigned_user list
// resource, for `terraform query` (Terraform >= 1.14): the users of the
// given businesses with tasks on the given Pages, as resources to import.
func NewPageAssignedUserListResource() list.ListResource { return &pageAssignedUserListResource{} }

type pageAssignedUserListResource struct{ client *graph.Client }

type pageAssignedUserListModel struct {
	PageIDs     []string `tfsdk:"page_ids"`
	BusinessIDs []string `tfsdk:"business_ids"`
	UserIDs     []string `tfsdk:"user_ids"`
	Tasks       []string `tfsdk:"tasks"`
}

func (l *pageAssignedUserListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_assigned_user"
}

func (l *pageAssignedUserListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the business users and system users with tasks on one or several Pages, as `facebook_page_assigned_user` resources " +
			"to import (`terraform query`, Terraform 1.14 and later). Meta lists a Page's assigned users one business at a time " +
			"(`GET /{page-id}/assigned_users?business={business-id}`), so the businesses are required: one complete listing per Page and business, " +
			"shared with the `facebook_page_assigned_user` resources and `facebook_page_assigned_users` data sources of the same run. " +
			"Every listing is taken before any result is sent: when one fails, the query fails whole rather than answering in part. " +
			"The other filters are applied by the provider, after the listing; a user must pass every filter set. " +
			"Needs the same Page access as `facebook_page_assigned_users`.",
		Attributes: map[string]schema.Attribute{
			"page_ids": schema.ListAttribute{
				MarkdownDescription: "Numeric ids of the Pages whose assigned users to list. Results come Page by Page, in this order.",
				ElementType:         types.StringType,
				Required:            true,
				Validators:          requiredIDList(),
			},
			"business_ids": schema.ListAttribute{
				MarkdownDescription: "Numeric ids of the businesses whose users to list (Meta requires a business on this listing). " +
					"Within a Page, results come business by business, in this order, and in the order Meta lists each business's users.",
				ElementType: types.StringType,
				Required:    true,
				Validators:  requiredIDList(),
			},
			"user_ids": schema.ListAttribute{
				MarkdownDescription: "Only these users.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          optionalIDList(),
			},
			"tasks": schema.ListAttribute{
				MarkdownDescription: "Only users who may perform every one of these tasks (and possibly more): " + backtickList(graph.PageTasks) + ".",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          taskFilter(),
			},
		},
	}
}

func (l *pageAssignedUserListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = toClient(req.ProviderData, &resp.Diagnostics)
}

// List lists every Page and business first, then streams the matching
// users: all of them, or only the error of the first listing that failed.
func (l *pageAssignedUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listAllOrNothing(ctx, l.client, req, stream, func(ctx context.Context, cfg *pageAssignedUserListModel) []list.ListResult {
		var results []list.ListResult
		for _, pageID := range cfg.PageIDs {
			for _, businessID := range cfg.BusinessIDs {
				users, err := l.client.ListAssignedUsers(ctx, pageID, businessID)
				if err != nil {
					return []list.ListResult{listFailed(fmt.Sprintf("Unable to list the users of business %s on Page %s", businessID, pageID), err)}
				}
				for i := range users {
					if cfg.matches(&users[i]) {
						results = append(results, assignedUserListResult(ctx, req, pageID, businessID, &users[i]))
					}
				}
			}
		}
		return results
	})
}

// matches reports whether the user passes every filter set.
func (m *pageAssignedUserListModel) matches(u *graph.AssignedUser) bool {
	if len(m.UserIDs) > 0 && !slices.Contains(m.UserIDs, u.UserID) {
		return false
	}
	return hasEveryTask(u.Tasks, m.Tasks)
}

// assignedUserListResult is one listed user: its identity and, when
// Terraform asks (include_resource, or -generate-config-out), the resource
// as a refresh of facebook_page_assigned_user would store it.
func assignedUserListResult(ctx context.Context, req list.ListRequest, pageID, businessID string, u *graph.AssignedUser) list.ListResult {
	return pageListResult(ctx, req, pageID, "user "+u.UserID, u.Name, pageAssignedUserIDs, []string{pageID, businessID, u.UserID},
		func(t timeouts.Value) (any, diag.Diagnostics) {
			m := pageAssignedUserModel{PageID: types.StringValue(pageID), BusinessID: types.StringValue(businessID), UserID: types.StringValue(u.UserID), Timeouts: t}
			return &m, m.fill(ctx, u)
		})
}
