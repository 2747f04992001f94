package provider

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ resource.Resource                     = (*pageMessengerProfileResource)(nil)
	_ resource.ResourceWithConfigure        = (*pageMessengerProfileResource)(nil)
	_ resource.ResourceWithImportState      = (*pageMessengerProfileResource)(nil)
	_ resource.ResourceWithConfigValidators = (*pageMessengerProfileResource)(nil)
)

// NewPageMessengerProfileResource is the facebook_page_messenger_profile
// resource: the properties of a Page's Messenger profile that it is given.
func NewPageMessengerProfileResource() resource.Resource { return &pageMessengerProfileResource{} }

type pageMessengerProfileResource struct{ client *graph.Client }

const postbackPayload = "Sent to the Page's webhook as a `messaging_postbacks` event, at most 1000 characters."

// importedKey marks, in the private state, a profile just imported: its
// first read takes every property set on Meta, since nothing says yet which
// ones it manages.
const importedKey = "imported"

func (r *pageMessengerProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_messenger_profile"
}

func (r *pageMessengerProfileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets the Get Started button, persistent menu, ice breakers and whitelisted domains of a Page's Messenger profile " +
			"(`/{page-id}/messenger_profile`, [reference](https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/)), " +
			"in Meta's JSON shape.\n\n" +
			"It manages only the properties it is given: create and update send every changed property in one `POST`, a property removed from the " +
			"configuration is deleted, and a property it never names (say a `greeting` set in Meta Business Suite) is left alone, on destroy too. " +
			"Refresh reads the managed properties, so a change made elsewhere shows in the plan and apply restores it in place. " +
			"Meta allows 10 calls to this API per Page in 10 minutes: a plan with nothing to change makes no write.\n\n" +
			"Import takes every one of the four properties set on the Page: declare each of them, since the next apply deletes those left out.\n\n" +
			"Needs a Page access token with `pages_messaging`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<page_id>/<platform>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"page_id": resourcePageID(),
			"platform": schema.StringAttribute{
				MarkdownDescription: "Whose profile: `MESSENGER` (default) or `INSTAGRAM`, as Meta's spec spells them. Changing it replaces the resource.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(graph.DefaultProfilePlatform),
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{validators.Enum(graph.ProfilePlatforms)},
			},
			"get_started": schema.SingleNestedAttribute{
				MarkdownDescription: "The Get Started button on the Page's Messenger welcome screen. A persistent menu needs it.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"payload": profilePayload(),
				},
			},
			"persistent_menu": schema.ListNestedAttribute{
				MarkdownDescription: "The persistent menu, one entry per locale; one must have `locale = \"default\"`. Needs `get_started`.",
				Optional:            true,
				Validators: []validator.List{
					validators.NoNullElements(),
					listvalidator.SizeAtLeast(1),
					listvalidator.AlsoRequires(path.MatchRoot("get_started")),
					validators.DefaultLocale(),
				},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"locale": profileLocale(),
					"composer_input_disabled": schema.BoolAttribute{
						MarkdownDescription: "Whether people can only use the menu and buttons, not type. Defaults to `false`.",
						Optional:            true,
						Computed:            true,
						Default:             booldefault.StaticBool(false),
					},
					"call_to_actions": schema.ListNestedAttribute{
						MarkdownDescription: "The menu's items, at most 20.",
						Required:            true,
						Validators:          []validator.List{validators.NoNullElements(), listvalidator.SizeBetween(1, validators.MenuItemsMax)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"type": schema.StringAttribute{
								MarkdownDescription: "`postback` (needs `payload`) or `web_url` (needs `url`).",
								Required:            true,
								Validators:          []validator.String{validators.Enum([]string{"postback", "web_url"})},
							},
							"title": schema.StringAttribute{
								MarkdownDescription: "The item's text, at most 30 characters.",
								Required:            true,
								Validators:          []validator.String{stringvalidator.LengthBetween(1, validators.MenuTitleMax)},
							},
							"payload": schema.StringAttribute{
								MarkdownDescription: postbackPayload + " Only for `postback` items.",
								Optional:            true,
								Validators: []validator.String{
									stringvalidator.LengthBetween(1, validators.ProfilePayloadMax),
									validators.RequiredOnlyWhen(path.MatchRelative().AtParent().AtName("type"), "postback"),
								},
							},
							"url": schema.StringAttribute{
								MarkdownDescription: "The page a `web_url` item opens. Only for `web_url` items.",
								Optional:            true,
								Validators: []validator.String{
									validators.HTTPURL(),
									validators.RequiredOnlyWhen(path.MatchRelative().AtParent().AtName("type"), "web_url"),
								},
							},
							"webview_height_ratio": schema.StringAttribute{
								MarkdownDescription: "How tall the webview of a `web_url` item opens: `compact`, `tall` or `full`.",
								Optional:            true,
								Validators: []validator.String{
									validators.Enum([]string{"compact", "tall", "full"}),
									validators.AllowedOnlyWhen(path.MatchRelative().AtParent().AtName("type"), "web_url"),
								},
							},
						}},
					},
				}},
			},
			"ice_breakers": schema.ListNestedAttribute{
				MarkdownDescription: "Questions people can start a conversation with, in Meta's locale format; one entry must have `locale = \"default\"`.",
				Optional:            true,
				Validators:          []validator.List{validators.NoNullElements(), listvalidator.SizeAtLeast(1), validators.DefaultLocale()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"locale": profileLocale(),
					"call_to_actions": schema.ListNestedAttribute{
						MarkdownDescription: "The questions, at most 4.",
						Required:            true,
						Validators:          []validator.List{validators.NoNullElements(), listvalidator.SizeBetween(1, validators.IceBreakersMax)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"question": schema.StringAttribute{
								MarkdownDescription: "The question, posted in the conversation as the person's.",
								Required:            true,
								Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
							},
							"payload": profilePayload(),
						}},
					},
				}},
			},
			"whitelisted_domains": schema.SetAttribute{
				MarkdownDescription: "The https domains the Page's webviews and plugins may use, at most 50, such as `https://shop.example`.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					validators.NoNullElements(),
					setvalidator.SizeBetween(1, validators.WhitelistedDomainsMax),
					setvalidator.ValueStringsAre(validators.HTTPSURL()),
				},
			},
			"timeouts": accessTimeoutsAttribute(ctx, map[string]string{
				"what":   "Messenger profile",
				"create": "setting the profile",
				"read":   "reading the profile",
				"update": "changing the profile",
				"delete": "deleting the managed properties",
			}),
		},
	}
}

// profileLocale is the locale of a persistent menu or of ice breakers.
func profileLocale() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "`default`, or one of Meta's supported locales such as `en_GB`.",
		Required:            true,
	}
}

// profilePayload is a required postback payload.
func profilePayload() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: postbackPayload,
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthBetween(1, validators.ProfilePayloadMax)},
	}
}

// ConfigValidators: a profile of no property would manage nothing.
func (r *pageMessengerProfileResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{resourcevalidator.AtLeastOneOf(
		path.MatchRoot("get_started"), path.MatchRoot("persistent_menu"), path.MatchRoot("ice_breakers"), path.MatchRoot("whitelisted_domains"),
	)}
}

func (r *pageMessengerProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (r *pageMessengerProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ctx, done, ok := beginAccess[messengerProfileModel](ctx, r.client, req.Plan.Get, timeouts.Value.Create, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	// One POST with every configured property. Meta's answer is the whole
	// proof: it overwrites exactly the properties sent, and a read-back
	// would spend one of the Page's 10 calls in 10 minutes.
	if err := r.client.SetMessengerProfile(ctx, plan.PageID.ValueString(), plan.Platform.ValueString(), plan.profile()); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to set the Page's Messenger profile", err)
		return
	}
	plan.ID = types.StringValue(plan.PageID.ValueString() + "/" + plan.Platform.ValueString())
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *pageMessengerProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ctx, done, ok := beginAccess[messengerProfileModel](ctx, r.client, req.State.Get, timeouts.Value.Read, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	imported, diags := req.Private.GetKey(ctx, importedKey)
	resp.Diagnostics.Append(diags...)
	managed := state.managed()
	if len(imported) > 0 {
		managed = graph.ProfileProperties
	}
	if len(managed) == 0 {
		return // every managed property is gone: the plan puts them back
	}
	pageID, platform := state.PageID.ValueString(), state.Platform.ValueString()
	p, err := r.client.ReadMessengerProfile(ctx, pageID, platform, managed)
	if err != nil {
		// The state is kept: a failed read proves nothing.
		addAPIError(&resp.Diagnostics, "Unable to read the Page's Messenger profile", err)
		return
	}
	before := state
	state.fill(p, managed)
	if len(imported) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
		if len(state.managed()) == 0 {
			resp.Diagnostics.AddError("Nothing to import",
				fmt.Sprintf("Page %s's %s profile has no Get Started button, persistent menu, ice breakers or whitelisted domains to manage. "+
					"Declare the resource and apply instead.", pageID, platform))
			return
		}
	}
	keepRead(ctx, &resp.State, &before, &state, &resp.Diagnostics)
}

// Update sends every property that the plan sets and Meta lacks or holds
// otherwise in one POST, then deletes the properties the configuration no
// longer names; with nothing changed it calls nothing.
func (r *pageMessengerProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ctx, done, ok := beginAccess[messengerProfileModel](ctx, r.client, req.Plan.Get, timeouts.Value.Update, &resp.Diagnostics)
	defer done()
	var state messengerProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	pageID, platform := plan.PageID.ValueString(), plan.Platform.ValueString()
	changed, removed := plan.changesFrom(state)
	if err := r.client.SetMessengerProfile(ctx, pageID, platform, changed); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to change the Page's Messenger profile", err)
		return
	}
	if len(removed) > 0 {
		if err := r.client.DeleteMessengerProfile(ctx, pageID, platform, removed); err != nil {
			addAPIError(&resp.Diagnostics, "Unable to delete "+strings.Join(removed, ", ")+" from the Page's Messenger profile", err)
			return
		}
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete deletes only the properties this resource manages; the client
// takes the persistent menu before the Get Started button.
func (r *pageMessengerProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ctx, done, ok := beginAccess[messengerProfileModel](ctx, r.client, req.State.Get, timeouts.Value.Delete, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	managed := state.managed()
	if len(managed) == 0 {
		return
	}
	if err := r.client.DeleteMessengerProfile(ctx, state.PageID.ValueString(), state.Platform.ValueString(), managed); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to delete "+strings.Join(managed, ", ")+" from the Page's Messenger profile", err)
	}
}

// ImportState takes `<page_id>` (the Messenger profile) or
// `<page_id>/<platform>`; the first read then takes every property set.
func (r *pageMessengerProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	pageID, platform, _ := strings.Cut(req.ID, "/")
	if platform == "" {
		platform = graph.DefaultProfilePlatform
	}
	if !validators.IsNumericID(pageID) || !slices.Contains(graph.ProfilePlatforms, platform) {
		resp.Diagnostics.AddError("Invalid import id for facebook_page_messenger_profile",
			fmt.Sprintf("The import id %q must be <page_id> or <page_id>/<platform>, with a numeric Page id and a platform of %s.",
				req.ID, strings.Join(graph.ProfilePlatforms, " or ")))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), pageID+"/"+platform)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("page_id"), pageID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("platform"), platform)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte(`true`))...)
}

// changesFrom is what an update must do: the properties to post (set in
// m and absent or different in the state) and those to delete.
func (m messengerProfileModel) changesFrom(state messengerProfileModel) (graph.MessengerProfile, []string) {
	want, had := m.profile(), state.profile()
	var post graph.MessengerProfile
	var removed []string
	if want.GetStarted != nil && !reflect.DeepEqual(want.GetStarted, had.GetStarted) {
		post.GetStarted = want.GetStarted
	}
	if want.PersistentMenu != nil && !reflect.DeepEqual(want.PersistentMenu, had.PersistentMenu) {
		post.PersistentMenu = want.PersistentMenu
	}
	if want.IceBreakers != nil && !reflect.DeepEqual(want.IceBreakers, had.IceBreakers) {
		post.IceBreakers = want.IceBreakers
	}
	if want.WhitelistedDomains != nil && !sameTasks(want.WhitelistedDomains, had.WhitelistedDomains) {
		post.WhitelistedDomains = want.WhitelistedDomains
	}
	for _, name := range graph.ProfileProperties {
		if had.Has(name) && !want.Has(name) {
			removed = append(removed, name)
		}
	}
	return post, removed
}
