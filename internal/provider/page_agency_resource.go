package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ resource.Resource                = (*pageAgencyResource)(nil)
	_ resource.ResourceWithConfigure   = (*pageAgencyResource)(nil)
	_ resource.ResourceWithImportState = (*pageAgencyResource)(nil)
)

// NewPageAgencyResource is the facebook_page_agency resource: one agency
// business's access to one Page, with its permitted tasks.
func NewPageAgencyResource() resource.Resource { return &pageAgencyResource{graphIDs: pageAgencyIDs} }

type pageAgencyResource struct {
	graphIDs // IdentitySchema, ImportState (resource_identity.go)
	client   *graph.Client
}

type pageAgencyModel struct {
	ID                  types.String   `tfsdk:"id"`
	PageID              types.String   `tfsdk:"page_id"`
	BusinessID          types.String   `tfsdk:"business_id"`
	PermittedTasks      types.Set      `tfsdk:"permitted_tasks"`
	EffectiveTasks      types.Set      `tfsdk:"effective_tasks"`
	BusinessName        types.String   `tfsdk:"business_name"`
	AccessStatus        types.String   `tfsdk:"access_status"`
	AccessRequestedTime types.String   `tfsdk:"access_requested_time"`
	AccessUpdatedTime   types.String   `tfsdk:"access_updated_time"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// fill copies what Meta reports about the agency into the model, with the
// task rule (page_agency_tasks.go): permitted_tasks keeps the configured
// tasks unless Meta's answer lacks one of them (drift, which the next plan
// replaces) or none are known yet (an import, a listing).
func (m *pageAgencyModel) fill(ctx context.Context, a *graph.Agency) (agencyTasks, diag.Diagnostics) {
	m.ID = types.StringValue(m.PageID.ValueString() + "/" + m.BusinessID.ValueString())
	m.BusinessName = types.StringValue(a.Name)
	m.AccessStatus = optionalString(a.AccessStatus)
	m.AccessRequestedTime = optionalString(a.AccessRequestedTime.RFC3339())
	m.AccessUpdatedTime = optionalString(a.AccessUpdatedTime.RFC3339())
	return applyTaskRule(ctx, &m.PermittedTasks, &m.EffectiveTasks, a.PermittedTasks, a.AccessStatus)
}

func (m *pageAgencyModel) accessTimeouts() timeouts.Value { return m.Timeouts }

func (r *pageAgencyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_agency"
}

func (r *pageAgencyResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives an agency business access to a Facebook Page with a set of tasks (`/{page-id}/agencies`). " +
			"The Graph API cannot change an assignment in place, so changing any argument replaces it: the access is removed, then granted again. Needs a Page access token " +
			"from someone who can perform the `MANAGE` task on the Page, with `business_management` (or `pages_manage_metadata` and `pages_show_list`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<page_id>/<business_id>`, also the import id.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"page_id": resourcePageID(),
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the agency business to give access to. Changing it replaces the resource.",
				Required:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{validators.NumericID()},
			},
			"permitted_tasks": schema.SetAttribute{
				MarkdownDescription: "Tasks the agency may perform on the Page, at least one of: " + backtickList(graph.PageTasks) +
					". Changing it replaces the resource, since the endpoint has no update. Meta adds tasks over time: a well-formed `UPPER_SNAKE` value this " +
					"provider does not know is sent as written, with a warning, and Meta decides; a near miss of a known task (another case, one or two letters off) " +
					"is refused with the task it is likely meant to be, by `terraform validate` and before any call. " +
					"The configured tasks are kept as long as Meta reports each of them, in any case, possibly with more; " +
					"a configured task Meta no longer reports is drift, and the next plan replaces the grant. On import, this is what Meta reports.",
				ElementType:   types.StringType,
				Required:      true,
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
				Validators:    []validator.Set{setvalidator.SizeAtLeast(1), validators.NoNullElements(), setvalidator.ValueStringsAre(validators.PageTask())},
			},
			"effective_tasks": schema.SetAttribute{
				MarkdownDescription: "The tasks Meta reports for the grant, upper-cased. Meta may report more than `permitted_tasks` " +
					"(a role expanded into the tasks it implies, such as `MANAGE` into `CREATE_CONTENT`, `MODERATE`, ...), which is not drift, " +
					"none while `access_status` is `PENDING`, and values this provider does not know yet, which are kept with a warning.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"business_name": schema.StringAttribute{
				MarkdownDescription: "Name of the agency business.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"access_status": schema.StringAttribute{
				MarkdownDescription: "Status of the access request, such as `CONFIRMED` or `PENDING`.",
				Computed:            true,
			},
			"access_requested_time": schema.StringAttribute{
				MarkdownDescription: "When access was requested, RFC 3339.",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"access_updated_time": schema.StringAttribute{
				MarkdownDescription: "When the access request last changed, RFC 3339.",
				Computed:            true,
			},
			"timeouts": agencyTimeoutsAttribute(ctx),
		},
	}
}

func (r *pageAgencyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (r *pageAgencyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, done, ok := beginAccess[pageAgencyModel](ctx, r.client, req.Plan.Get, timeouts.Value.Create, &resp.Diagnostics)
	defer done()
	tasks := plannedStrings(ctx, plan.PermittedTasks, &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() {
		return
	}

	pageID, businessID := plan.PageID.ValueString(), plan.BusinessID.ValueString()
	// The client refuses a business that already has access (listed before
	// the POST, or assigned by someone else before it, which Meta refuses),
	// and keeps only its own POST whose answer was lost.
	if err := r.client.CreateAgency(ctx, pageID, businessID, tasks); err != nil {
		addGrantCreateError(&resp.Diagnostics, err, "The business already has access to this Page", "Unable to give the agency access to the Page",
			pageAgencyIDs, pageID, businessID)
		return
	}

	// Read back with the creates made alongside: one listing for them all.
	agency, err := r.client.ReadBackAgency(ctx, pageID, businessID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Agency assigned, but reading it back failed", err)
		return
	}
	if agency == nil {
		// Meta may list a grant late: a bounded wait, then the grant stays
		// in state unconfirmed, for the next run to confirm.
		agency, err = r.client.AwaitAgency(ctx, pageID, businessID, func(graph.Agency) bool { return true })
		if err != nil {
			addAPIError(&resp.Diagnostics, "Agency assigned, but reading it back failed", err)
			return
		}
	}
	if agency == nil {
		plan.ID = types.StringValue(pageID + "/" + businessID)
		plan.BusinessName, plan.AccessStatus = types.StringNull(), types.StringNull()
		plan.AccessRequestedTime, plan.AccessUpdatedTime = types.StringNull(), types.StringNull()
		plan.EffectiveTasks = types.SetNull(types.StringType)
		keepUnconfirmed(ctx, resp.Private, &resp.Diagnostics, "Agency access", "/"+pageID+"/agencies")
		pageAgencyIDs.keepWritten(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
		return
	}
	configured := plan.PermittedTasks
	granted, diags := plan.fill(ctx, agency)
	resp.Diagnostics.Append(diags...)
	if len(granted.missing) > 0 {
		// The state must hold what was planned; the next refresh reports
		// the drift and the plan after it replaces the grant.
		plan.PermittedTasks = configured
		resp.Diagnostics.AddWarning("Meta reports the agency without some of the configured tasks",
			fmt.Sprintf("Meta accepted the assignment of business %s to Page %s, but lists it without %s. The next plan will replace the grant; "+
				"check that the Page allows these tasks to an agency.", businessID, pageID, backtickList(granted.missing)))
	}
	warnAgencyAnswer(&resp.Diagnostics, pageID, businessID, agency.AccessStatus, granted)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(pageAgencyIDs.setIdentity(ctx, resp.State, resp.Identity)...)
}

func (r *pageAgencyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, done, ok := beginAccess[pageAgencyModel](ctx, r.client, req.State.Get, timeouts.Value.Read, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	// The ids never change on a read: the identity is set before anything
	// is asked of Meta, since the framework wants one even when the
	// resource turns out to be gone.
	pageAgencyIDs.identityOf(ctx, resp.Identity, state.PageID.ValueString(), state.BusinessID.ValueString())

	pageID, businessID := state.PageID.ValueString(), state.BusinessID.ValueString()
	agency := readListed(ctx, req, resp, func() (*graph.Agency, error) { return r.client.FindAgency(ctx, pageID, businessID) },
		"Unable to read the Page's agencies",
		"agency no longer listed on the page; removing it from state", map[string]any{"page_id": pageID, "business_id": businessID})
	if agency == nil {
		return
	}
	before := state
	tasks, diags := state.fill(ctx, agency)
	resp.Diagnostics.Append(diags...)
	warnAgencyAnswer(&resp.Diagnostics, pageID, businessID, agency.AccessStatus, tasks)
	keepRead(ctx, &resp.State, &before, &state, &resp.Diagnostics)
}

// Update is only reached when nothing but timeouts changed: every other
// argument forces replacement.
func (r *pageAgencyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state pageAgencyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Nothing was sent to Meta, so what it reported last still holds; the
	// plan leaves these unknown (an import followed by a timeouts change).
	if plan.AccessStatus.IsUnknown() {
		plan.AccessStatus = state.AccessStatus
	}
	if plan.AccessUpdatedTime.IsUnknown() {
		plan.AccessUpdatedTime = state.AccessUpdatedTime
	}
	if plan.EffectiveTasks.IsUnknown() {
		plan.EffectiveTasks = state.EffectiveTasks
	}
	pageAgencyIDs.keepWritten(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *pageAgencyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, done, ok := beginAccess[pageAgencyModel](ctx, r.client, req.State.Get, timeouts.Value.Delete, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	if err := r.client.RemoveAgency(ctx, state.PageID.ValueString(), state.BusinessID.ValueString()); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to remove the agency from the Page", err)
	}
}

// agencyTimeoutsAttribute is the resource's timeouts attribute, described
// for the docs like every other attribute.
func agencyTimeoutsAttribute(ctx context.Context) schema.Attribute {
	return accessTimeoutsAttribute(ctx, map[string]string{
		"what":   "assignment",
		"create": "assigning the agency",
		"read":   "reading the Page's agencies",
		"delete": "removing the agency",
	})
}
