package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	_ resource.Resource                = (*pageSubscribedAppResource)(nil)
	_ resource.ResourceWithConfigure   = (*pageSubscribedAppResource)(nil)
	_ resource.ResourceWithImportState = (*pageSubscribedAppResource)(nil)
)

// NewPageSubscribedAppResource is the facebook_page_subscribed_app resource:
// the subscription of the Page token's app to the Page's webhooks.
func NewPageSubscribedAppResource() resource.Resource {
	return &pageSubscribedAppResource{graphIDs: pageSubscribedAppIDs}
}

type pageSubscribedAppResource struct {
	graphIDs // IdentitySchema, ImportState (resource_identity.go)
	client   *graph.Client
}

type pageSubscribedAppModel struct {
	ID               types.String   `tfsdk:"id"`
	PageID           types.String   `tfsdk:"page_id"`
	AppID            types.String   `tfsdk:"app_id"`
	AppName          types.String   `tfsdk:"app_name"`
	SubscribedFields types.Set      `tfsdk:"subscribed_fields"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

func (r *pageSubscribedAppResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_subscribed_app"
}

func (r *pageSubscribedAppResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Subscribes an app to a Facebook Page's webhooks with a set of fields (`/{page-id}/subscribed_apps`). " +
			"The app is always the one the Page access token belongs to: Meta takes no app parameter. `app_id` says which app that is; " +
			"set it to have Terraform refuse to act when the Page's token belongs to another app. " +
			"Changing `subscribed_fields` updates the subscription in place: each `POST /{page-id}/subscribed_apps` sets the app's fields " +
			"on the Page to the posted list ([reference](https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/)), " +
			"and Terraform reads the subscription back to confirm it. The app only receives a field's webhooks when it is also subscribed to it " +
			"at the app level (`/{app-id}/subscriptions`). Needs a Page access token from someone who can perform the `MANAGE` or `MODERATE` task " +
			"on the Page, with `pages_manage_metadata` (and `pages_messaging` for Messenger fields such as `messages`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<page_id>/<app_id>`, also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"page_id": resourcePageID(),
			"app_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the subscribed app: the app the Page's access token belongs to, as `GET /app` with that token answers. " +
					"Computed when left out; when set, Terraform refuses to subscribe, change or unsubscribe unless the Page's token belongs to this app.",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplace(),
				},
				Validators: []validator.String{validators.NumericID()},
			},
			"app_name": schema.StringAttribute{
				MarkdownDescription: "Name of the subscribed app.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"subscribed_fields": schema.SetAttribute{
				MarkdownDescription: "Page webhook fields the app receives, at least one, such as `messages`, `messaging_postbacks`, `feed` or `leadgen`; " +
					"any of the values Meta's SDK specification lists. Meta adds fields over time: a well-formed `lower_snake` field this provider does not know " +
					"is sent as written, with a warning, and Meta decides; a near miss of a known field is refused with \"did you mean\". Changing it updates the subscription in place. " +
					"A field Meta reports that this provider does not know is kept, with a warning.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1), validators.NoNullElements(),
					setvalidator.ValueStringsAre(validators.WebhookField()),
				},
			},
			"timeouts": accessTimeoutsAttribute(ctx, map[string]string{
				"what":   "subscription",
				"create": "subscribing the app",
				"read":   "reading the Page's subscribed apps",
				"update": "changing the subscribed fields",
				"delete": "unsubscribing the app",
			}),
		},
	}
}

func (r *pageSubscribedAppResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = toClient(req.ProviderData, &resp.Diagnostics)
}

// tokenApp returns the app of the Page's token, refusing when want (the
// configured or stored app_id) names another app: every write on this edge
// acts for the token's app, so acting then would change the wrong app's
// subscription.
func (r *pageSubscribedAppResource) tokenApp(ctx context.Context, pageID string, want types.String, diags *diag.Diagnostics) (graph.App, bool) {
	app, err := r.client.TokenApp(ctx, pageID)
	if err != nil {
		addAPIError(diags, "Unable to learn which app the Page's access token belongs to", err)
		return app, false
	}
	if !want.IsNull() && !want.IsUnknown() && want.ValueString() != app.ID {
		diags.AddAttributeError(path.Root("app_id"), "The Page's access token belongs to another app",
			fmt.Sprintf("app_id is %s, but the access token used for Page %s belongs to app %s (%s). Meta subscribes, changes and unsubscribes "+
				"only the app the Page token belongs to, so Terraform will not act on this subscription with it. Use a Page token of app %s "+
				"(page_access_tokens, or an access_token issued through that app), or manage the subscription of app %s instead.",
				want.ValueString(), pageID, app.ID, app.Name, want.ValueString(), app.ID))
		return app, false
	}
	return app, true
}

func (r *pageSubscribedAppResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, done, ok := beginAccess[pageSubscribedAppModel](ctx, r.client, req.Plan.Get, timeouts.Value.Create, &resp.Diagnostics)
	defer done()
	fields := plannedStrings(ctx, plan.SubscribedFields, &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	pageID := plan.PageID.ValueString()
	app, ok := r.tokenApp(ctx, pageID, plan.AppID, &resp.Diagnostics)
	if !ok {
		return
	}
	plan.AppID = types.StringValue(app.ID)

	// The client refuses an app that is already subscribed (the POST would
	// replace its fields, and a destroy would unsubscribe what Terraform
	// never subscribed), and keeps only its own POST whose answer was lost.
	if err := r.client.CreateSubscribedApp(ctx, pageID, app.ID, fields); err != nil {
		addGrantCreateError(&resp.Diagnostics, err, "The app is already subscribed to this Page", "Unable to subscribe the app to the Page's webhooks",
			pageSubscribedAppIDs, pageID, app.ID)
		return
	}
	listed, diags := r.readBack(ctx, &plan, fields)
	resp.Diagnostics.Append(diags...)
	if !listed && !resp.Diagnostics.HasError() {
		plan.ID = types.StringValue(pageID + "/" + app.ID)
		plan.AppName = types.StringNull()
		keepUnconfirmed(ctx, resp.Private, &resp.Diagnostics, "The app's subscription", "/"+pageID+"/subscribed_apps")
	}
	pageSubscribedAppIDs.keepWritten(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

// readBack fills m from a listing taken after the write and checks that
// Meta holds exactly the fields posted: the POST sets the list, and a
// subscription that differs (Meta merged, or dropped a field) must not be
// reported as done. listed is false when Meta does not list the app at
// all after the bounded wait, which the caller decides on.
func (r *pageSubscribedAppResource) readBack(ctx context.Context, m *pageSubscribedAppModel, posted []string) (listed bool, diags diag.Diagnostics) {
	pageID, appID := m.PageID.ValueString(), m.AppID.ValueString()
	sub, err := r.client.ReadBackSubscribedApp(ctx, pageID, appID)
	if err == nil && (sub == nil || !sameTasks(sub.SubscribedFields, posted)) {
		// Meta may list a write late: fresh listings, within a bounded wait.
		sub, err = r.client.AwaitSubscribedApp(ctx, pageID, appID, func(s graph.SubscribedApp) bool { return sameTasks(s.SubscribedFields, posted) })
	}
	if err != nil {
		addAPIError(&diags, "App subscribed, but reading the subscription back failed", err)
		return true, diags
	}
	if sub == nil {
		return false, diags
	}
	if !sameTasks(sub.SubscribedFields, posted) {
		diags.AddError("Meta holds other fields than the ones sent",
			fmt.Sprintf("After POST /%s/subscribed_apps with %s, Meta lists app %s with the fields %s. Check the app's permissions for the missing fields "+
				"(for example pages_messaging for Messenger fields) and apply again.", pageID, strings.Join(posted, ","), appID, strings.Join(sub.SubscribedFields, ",")))
		return true, diags
	}
	diags.Append(m.fill(ctx, sub)...)
	return true, diags
}

func (r *pageSubscribedAppResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, done, ok := beginAccess[pageSubscribedAppModel](ctx, r.client, req.State.Get, timeouts.Value.Read, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	// The ids never change on a read: the identity is set before anything
	// is asked of Meta, since the framework wants one even when the
	// resource turns out to be gone.
	pageSubscribedAppIDs.identityOf(ctx, resp.Identity, state.PageID.ValueString(), state.AppID.ValueString())
	pageID := state.PageID.ValueString()
	if _, ok := r.tokenApp(ctx, pageID, state.AppID, &resp.Diagnostics); !ok {
		return
	}
	appID := state.AppID.ValueString()
	sub := readListed(ctx, req, resp, func() (*graph.SubscribedApp, error) { return r.client.FindSubscribedApp(ctx, pageID, appID) },
		"Unable to read the Page's subscribed apps",
		"app no longer subscribed to the page; removing it from state", map[string]any{"page_id": pageID, "app_id": appID})
	if sub == nil {
		return
	}
	warnUnknownWebhookFields(&resp.Diagnostics, pageID, sub)
	before := state
	resp.Diagnostics.Append(state.fill(ctx, sub)...)
	keepRead(ctx, &resp.State, &before, &state, &resp.Diagnostics)
}

// Update changes the fields in place: the same POST that subscribes sets
// the app's fields to the new list.
func (r *pageSubscribedAppResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ctx, done, ok := beginAccess[pageSubscribedAppModel](ctx, r.client, req.Plan.Get, timeouts.Value.Update, &resp.Diagnostics)
	defer done()
	var state pageSubscribedAppModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	fields := plannedStrings(ctx, plan.SubscribedFields, &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	pageID := plan.PageID.ValueString()
	if _, ok := r.tokenApp(ctx, pageID, state.AppID, &resp.Diagnostics); !ok {
		return
	}
	plan.AppID = state.AppID
	if !plan.SubscribedFields.Equal(state.SubscribedFields) {
		if err := r.client.SubscribeApp(ctx, pageID, state.AppID.ValueString(), fields); err != nil {
			addAPIError(&resp.Diagnostics, "Unable to change the app's subscribed fields", err)
			return
		}
	}
	listed, diags := r.readBack(ctx, &plan, fields)
	resp.Diagnostics.Append(diags...)
	if !listed && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddError("App subscription changed, but not listed",
			fmt.Sprintf("Meta accepted the fields of app %s on Page %s, but /%s/subscribed_apps does not list the app.", plan.AppID.ValueString(), pageID, pageID))
	}
	pageSubscribedAppIDs.keepWritten(ctx, &plan, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *pageSubscribedAppResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, done, ok := beginAccess[pageSubscribedAppModel](ctx, r.client, req.State.Get, timeouts.Value.Delete, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	pageID := state.PageID.ValueString()
	if _, ok := r.tokenApp(ctx, pageID, state.AppID, &resp.Diagnostics); !ok {
		return
	}
	if err := r.client.UnsubscribeApp(ctx, pageID, state.AppID.ValueString()); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to unsubscribe the app from the Page's webhooks", err)
	}
}

func (m *pageSubscribedAppModel) accessTimeouts() timeouts.Value { return m.Timeouts }

// fill copies what Meta reports about the subscription into the model,
// fields this provider does not know included.
func (m *pageSubscribedAppModel) fill(ctx context.Context, a *graph.SubscribedApp) diag.Diagnostics {
	m.ID = types.StringValue(m.PageID.ValueString() + "/" + a.AppID)
	m.AppID = types.StringValue(a.AppID)
	m.AppName = optionalString(a.Name)
	fields, diags := types.SetValueFrom(ctx, types.StringType, a.SubscribedFields)
	m.SubscribedFields = fields
	return diags
}

// warnUnknownWebhookFields says when Meta reports fields this provider does
// not know: they are kept (a newer field, not an error), but a configuration
// cannot list them until the provider learns them.
func warnUnknownWebhookFields(diags *diag.Diagnostics, pageID string, a *graph.SubscribedApp) {
	unknown := graph.UnknownWebhookFields(a.SubscribedFields)
	if len(unknown) == 0 {
		return
	}
	diags.AddWarning("Meta reports webhook fields this provider does not know",
		fmt.Sprintf("App %s is subscribed on Page %s to %s, which this provider's list of Page webhook fields lacks (Meta adds fields over time). "+
			"They are kept as Meta reports them, and a configuration may list them: a well-formed field this provider does not know is sent to Meta as written.",
			a.AppID, pageID, backtickList(unknown)))
}
