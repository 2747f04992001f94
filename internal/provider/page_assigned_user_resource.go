package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
	_ resource.Resource                = (*pageAssignedUserResource)(nil)
	_ resource.ResourceWithConfigure   = (*pageAssignedUserResource)(nil)
	_ resource.ResourceWithImportState = (*pageAssignedUserResource)(nil)
)

// NewPageAssignedUserResource is the facebook_page_assigned_user resource:
// one business user's or system user's tasks on one Page.
func NewPageAssignedUserResource() resource.Resource {
	return &pageAssignedUserResource{graphIDs: pageAssignedUserIDs}
}

type pageAssignedUserResource struct {
	graphIDs // IdentitySchema, ImportState (resource_identity.go)
	client   *graph.Client
}

type pageAssignedUserModel struct {
	ID             types.String   `tfsdk:"id"`
	PageID         types.String   `tfsdk:"page_id"`
	BusinessID     types.String   `tfsdk:"business_id"`
	UserID         types.String   `tfsdk:"user_id"`
	Tasks          types.Set      `tfsdk:"tasks"`
	EffectiveTasks types.Set      `tfsdk:"effective_tasks"`
	UserName       types.String   `tfsdk:"user_name"`
	UserType       types.String   `tfsdk:"user_type"`
	BusinessName   types.String   `tfsdk:"business_name"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

func (r *pageAssignedUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_assigned_user"
}

func (r *pageAssignedUserResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives a business user or system user a set of tasks on a Facebook Page (`/{page-id}/assigned_users`). " +
			"Changing `tasks` updates the assignment in place: Meta's reference documents `POST /{page-id}/assigned_users` under \"Updating\", " +
			"and posting a user's tasks again sets them to the new list " +
			"([reference](https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/)). " +
			"Needs a Page access token from someone who can perform the `MANAGE` task on the Page, with `pages_manage_metadata` " +
			"(and `business_management` to act for the business).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<page_id>/<business_id>/<user_id>`, also the import id.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"page_id": resourcePageID(),
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the business the user belongs to. Meta lists a Page's assigned users one business at a time, " +
					"so this is where Terraform looks for the user. Changing it replaces the resource.",
				Required:      true,
				PlanModifiers: replace,
				Validators:    []validator.String{validators.NumericID()},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the business user or system user. Changing it replaces the resource.",
				Required:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{validators.NumericID()},
			},
			"tasks": schema.SetAttribute{
				MarkdownDescription: "Tasks the user may perform on the Page, at least one of: " + backtickList(graph.PageTasks) +
					". Changing it updates the assignment in place.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1), validators.NoNullElements(),
					setvalidator.ValueStringsAre(validators.PageTask()),
				},
			},
			"effective_tasks": schema.SetAttribute{
				MarkdownDescription: "The tasks Meta reports for the user, upper-cased. Meta may report more than `tasks` " +
					"(a role expanded into the tasks it implies, such as `MANAGE` into `CREATE_CONTENT`, `MODERATE`, ...), which is not drift; " +
					"a configured task Meta does not report is drift, and the next plan changes the tasks back.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"user_name": schema.StringAttribute{
				MarkdownDescription: "Name of the user, as Meta lists it.",
				Computed:            true,
			},
			"user_type": schema.StringAttribute{
				MarkdownDescription: "Kind of user, such as `BUSINESS_USER` or `SYSTEM_USER`, as Meta lists it.",
				Computed:            true,
			},
			"business_name": schema.StringAttribute{
				MarkdownDescription: "Name of the business the user belongs to, as Meta lists it.",
				Computed:            true,
			},
			"timeouts": accessTimeoutsAttribute(ctx, map[string]string{
				"what":   "assignment",
				"create": "giving the user the tasks",
				"read":   "reading the Page's assigned users",
				"update": "changing the user's tasks",
				"delete": "removing the user from the Page",
			}),
		},
	}
}

func (r *pageAssignedUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (r *pageAssignedUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, done, ok := beginAccess[pageAssignedUserModel](ctx, r.client, req.Plan.Get, timeouts.Value.Create, &resp.Diagnostics)
	defer done()
	tasks := plannedStrings(ctx, plan.Tasks, &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	pageID, businessID, userID := plan.PageID.ValueString(), plan.BusinessID.ValueString(), plan.UserID.ValueString()

	// The client refuses a user who already has tasks (the POST would
	// change them in place, and a destroy would take away access Terraform
	// never gave), and keeps only its own POST whose answer was lost.
	if err := r.client.CreateAssignedUser(ctx, pageID, businessID, userID, tasks); err != nil {
		if existing := (*graph.ExistingGrantError)(nil); errors.As(err, &existing) && existing.Scope != "" {
			businessID = existing.Scope // the import id names the business that lists the user
		}
		addGrantCreateError(&resp.Diagnostics, err, "The user already has tasks on this Page", "Unable to give the user tasks on the Page",
			pageAssignedUserIDs, pageID, businessID, userID)
		return
	}
	user, listed := r.readBack(ctx, &plan, tasks, "assigned", &resp.Diagnostics)
	if !listed && !resp.Diagnostics.HasError() {
		plan.ID = types.StringValue(pageID + "/" + businessID + "/" + userID)
		plan.UserName, plan.UserType, plan.BusinessName = types.StringNull(), types.StringNull(), types.StringNull()
		plan.EffectiveTasks = types.SetNull(types.StringType)
		keepUnconfirmed(ctx, resp.Private, &resp.Diagnostics, "The user's tasks", "/"+pageID+"/assigned_users?business="+businessID)
	} else if user != nil {
		resp.Diagnostics.Append(plan.fill(ctx, user)...)
	}
	pageAssignedUserIDs.keepWritten(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// readBack reads the user back after a write of tasks: from the listing,
// then, while Meta does not list the user with each of the tasks, from
// fresh listings within a bounded wait (Meta may list a write late). A user
// listed with other tasks is an error in words; listed is false when Meta
// does not list the user at all, which the caller decides on.
func (r *pageAssignedUserResource) readBack(ctx context.Context, m *pageAssignedUserModel, tasks []string, done string, diags *diag.Diagnostics) (user *graph.AssignedUser, listed bool) {
	pageID, businessID, userID := m.PageID.ValueString(), m.BusinessID.ValueString(), m.UserID.ValueString()
	holds := func(u graph.AssignedUser) bool {
		return len(readAgencyTasks(tasks, u.Tasks, graph.AccessConfirmed).missing) == 0
	}
	user, err := r.client.ReadBackAssignedUser(ctx, pageID, businessID, userID)
	if err == nil && (user == nil || !holds(*user)) {
		user, err = r.client.AwaitAssignedUser(ctx, pageID, businessID, userID, holds)
	}
	if err != nil {
		addAPIError(diags, "User "+done+", but reading it back failed", err)
		return nil, false
	}
	if user == nil {
		return nil, false
	}
	if !holds(*user) {
		diags.AddError("Meta still lists other tasks for the user",
			fmt.Sprintf("Meta accepted tasks %s for user %s on Page %s, but /%s/assigned_users?business=%s still lists the user with %s. "+
				"Meta may list a change a moment late: run terraform plan to see what Meta lists now, and apply again if the tasks still differ.",
				backtickList(tasks), userID, pageID, pageID, businessID, backtickList(upperTasks(user.Tasks))))
		return user, true
	}
	return user, true
}

func (r *pageAssignedUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, done, ok := beginAccess[pageAssignedUserModel](ctx, r.client, req.State.Get, timeouts.Value.Read, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	// The ids never change on a read: the identity is set before anything
	// is asked of Meta, since the framework wants one even when the
	// resource turns out to be gone.
	pageAssignedUserIDs.identityOf(ctx, resp.Identity, state.PageID.ValueString(), state.BusinessID.ValueString(), state.UserID.ValueString())
	pageID, businessID, userID := state.PageID.ValueString(), state.BusinessID.ValueString(), state.UserID.ValueString()
	user := readListed(ctx, req, resp, func() (*graph.AssignedUser, error) { return r.client.FindAssignedUser(ctx, pageID, businessID, userID) },
		"Unable to read the Page's assigned users",
		"user no longer assigned to the page; removing it from state", map[string]any{"page_id": pageID, "user_id": userID})
	if user == nil {
		return
	}
	before := state
	resp.Diagnostics.Append(state.fill(ctx, user)...)
	keepRead(ctx, &resp.State, &before, &state, &resp.Diagnostics)
}

// Update changes the tasks in place: the same POST that assigns sets the
// user's tasks to the new list.
func (r *pageAssignedUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ctx, done, ok := beginAccess[pageAssignedUserModel](ctx, r.client, req.Plan.Get, timeouts.Value.Update, &resp.Diagnostics)
	defer done()
	var state pageAssignedUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	tasks := plannedStrings(ctx, plan.Tasks, &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	if !plan.Tasks.Equal(state.Tasks) {
		if err := r.client.AssignUser(ctx, plan.PageID.ValueString(), plan.UserID.ValueString(), tasks); err != nil {
			addAPIError(&resp.Diagnostics, "Unable to change the user's tasks on the Page", err)
			return
		}
	}
	user, listed := r.readBack(ctx, &plan, tasks, "updated", &resp.Diagnostics)
	if !listed && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("User updated, but not listed",
			fmt.Sprintf("Meta accepted the tasks of user %s on Page %s, but /%s/assigned_users?business=%s does not list the user. "+
				"Check that business_id is the business the user belongs to.", plan.UserID.ValueString(), plan.PageID.ValueString(), plan.PageID.ValueString(), plan.BusinessID.ValueString()))
	}
	if resp.Diagnostics.HasError() {
		// The state stays as it was: what Meta lists is read on the next run.
		resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
		return
	}
	resp.Diagnostics.Append(plan.fill(ctx, user)...)
	pageAssignedUserIDs.keepWritten(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *pageAssignedUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, done, ok := beginAccess[pageAssignedUserModel](ctx, r.client, req.State.Get, timeouts.Value.Delete, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	err := r.client.RemoveAssignedUser(ctx, state.PageID.ValueString(), state.BusinessID.ValueString(), state.UserID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to remove the user from the Page", err)
	}
}

func (m *pageAssignedUserModel) accessTimeouts() timeouts.Value { return m.Timeouts }

// fill copies what Meta reports about the user into the model, with the
// task rule of agencies (page_agency_tasks.go): effective_tasks is Meta's
// answer; tasks keeps the configured tasks unless Meta's answer lacks one
// of them (drift) or none are known yet (an import).
func (m *pageAssignedUserModel) fill(ctx context.Context, u *graph.AssignedUser) diag.Diagnostics {
	m.ID = types.StringValue(m.PageID.ValueString() + "/" + m.BusinessID.ValueString() + "/" + m.UserID.ValueString())
	m.UserName = optionalString(u.Name)
	m.UserType = optionalString(u.UserType)
	m.BusinessName = optionalString(u.Business.Name)
	_, diags := applyTaskRule(ctx, &m.Tasks, &m.EffectiveTasks, u.Tasks, graph.AccessConfirmed)
	return diags
}
