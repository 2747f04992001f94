package provider

// What the exclusive resources (facebook_page_agencies_exclusive,
// facebook_page_assigned_users_exclusive) share: they own the set of who
// holds one kind of access to a Page. Create and update remove every
// holder not declared; a refresh puts every actual holder in state, so
// that an undeclared one shows in the plan as a removal with its id;
// a declared id without access is a warning (granting needs tasks, which
// belong to the per-item resources); destroy removes nothing.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// exclusiveModel is an exclusive resource's model, a pointer to its struct.
type exclusiveModel interface {
	accessTimeouts() timeouts.Value
	// holders is the set attribute: what is declared in a plan, what holds
	// access (and what was declared without it) in state.
	holders() types.Set
	setHolders(types.Set)
	// fillID sets the id attribute from the resource's ids.
	fillID()
	grants(c *graph.Client) grantSet
	words() exclusiveWords
}

// exclusiveWords name, in diagnostics, what an exclusive resource owns.
type exclusiveWords struct {
	ids       graphIDs // the resource's id, import id and identity
	attribute string   // "business_ids"
	holder    string   // "business"
	where     string   // "Page 1", "Page 1 for business 2"
	listing   string   // "the Page's agencies"
	grantType string   // the per-item resource that grants: "facebook_page_agency"
	grantAttr string   // its attribute holding the id: "business_id"
}

// exclusiveResource is the CRUD of an exclusive resource; each resource
// type embeds it, with newModel making its empty model, and adds its schema
// and import.
type exclusiveResource struct {
	client   *graph.Client
	newModel func() exclusiveModel
}

// begin starts one operation as beginAccess does: the model read with get,
// the context bounded by the operation's timeout, picked by op.
func (r *exclusiveResource) begin(ctx context.Context, get func(context.Context, any) diag.Diagnostics, op timeoutOf,
	diags *diag.Diagnostics,
) (_ exclusiveModel, _ context.Context, done func(), ok bool) {
	m := r.newModel()
	diags.Append(get(ctx, m)...)
	if diags.HasError() {
		return m, ctx, func() {}, false
	}
	ctx, done = accessContext(ctx, r.client, func(ctx context.Context, fallback time.Duration) (time.Duration, diag.Diagnostics) {
		return op(m.accessTimeouts(), ctx, fallback)
	}, diags)
	return m, ctx, done, !diags.HasError()
}

func (r *exclusiveResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (r *exclusiveResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.enforce(ctx, req.Plan.Get, timeouts.Value.Create, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *exclusiveResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.enforce(ctx, req.Plan.Get, timeouts.Value.Update, &resp.State, resp.Identity, &resp.Diagnostics)
}

// enforce removes every holder that is not declared, proves with a
// complete listing taken after the removals that none is left, and sets
// the state to the declared set. A listing that fails, stops part-way or
// is ambiguous is an error, never "nothing to remove"; so is a removal
// that cannot show the access gone.
func (r *exclusiveResource) enforce(ctx context.Context, get func(context.Context, any) diag.Diagnostics, op timeoutOf,
	state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics,
) {
	m, ctx, done, ok := r.begin(ctx, get, op, diags)
	defer done()
	if !ok {
		return
	}
	declared := plannedStrings(ctx, m.holders(), diags)
	if diags.HasError() {
		return
	}
	g, w := m.grants(r.client), m.words()
	held, err := g.list(ctx)
	if err != nil {
		addAPIError(diags, "Unable to read "+w.listing, err)
		return
	}
	for _, id := range without(held, declared) {
		tflog.Debug(ctx, "removing an undeclared "+w.holder, map[string]any{"where": w.where, "id": id})
		if err := g.remove(ctx, id); err != nil {
			addAPIError(diags, fmt.Sprintf("Unable to remove %s %s, which %s does not declare, from %s", w.holder, id, w.attribute, w.where), err)
		}
	}
	if diags.HasError() {
		return
	}
	after, err := g.list(ctx)
	if err != nil {
		addAPIError(diags, "Unable to confirm that only the declared "+w.holder+"s are left in "+w.listing, err)
		return
	}
	if left := without(after, declared); len(left) > 0 {
		diags.AddError("Undeclared access is still there",
			fmt.Sprintf("After the removals, %s still lists %s %s, which %s does not declare: someone may have given access while this apply ran. "+
				"Run terraform apply again.", w.listing, w.holder, strings.Join(left, ", "), w.attribute))
		return
	}
	warnWithoutAccess(diags, w, without(declared, after))
	m.fillID()
	diags.Append(state.Set(ctx, m)...)
	diags.Append(w.ids.setIdentity(ctx, *state, identity)...)
}

// ModifyPlan names, in a warning of the plan that creates the resource,
// the holders its apply will remove: a create has no state to show them
// in the diff (an import block does; see the guide). It lists the Page
// only when the configuration is known; a listing that fails only says that
// the plan could not tell.
func (r *exclusiveResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.Config.Raw.IsFullyKnown() || r.client == nil {
		return
	}
	m := r.newModel()
	resp.Diagnostics.Append(req.Plan.Get(ctx, m)...)
	declared := plannedStrings(ctx, m.holders(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, done := accessContext(ctx, r.client, func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) {
		return defaultReadTimeout, nil
	}, &resp.Diagnostics)
	defer done()
	w := m.words()
	held, err := m.grants(r.client).list(ctx)
	if err != nil {
		tflog.Debug(ctx, "could not list the holders a create would remove", map[string]any{"error": err.Error()})
		resp.Diagnostics.AddWarning("Unable to tell what this apply removes",
			fmt.Sprintf("Listing %s failed, so this plan cannot name the %ss that applying %s will remove from %s: every one not in %s. "+
				"The apply lists again, and removes nothing unless that listing is complete.", w.listing, w.holder, w.ids.resourceType, w.where, w.attribute))
		return
	}
	if gone := without(held, declared); len(gone) > 0 {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Applying removes %d undeclared %s(s) from %s", len(gone), w.holder, w.where),
			fmt.Sprintf("%s lists %s %s, which %s does not declare: applying %s removes their access. Add them to %s to keep it.",
				strings.ToUpper(w.listing[:1])+w.listing[1:], w.holder, strings.Join(gone, ", "), w.attribute, w.ids.resourceType, w.attribute))
	}
}

// Read puts every actual holder in state, so that the plan removes the
// undeclared ones, and keeps the ids state already held without access,
// which are declared ones (a warning, not a diff). A listing that fails
// leaves the state as it was.
func (r *exclusiveResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	m, ctx, done, ok := r.begin(ctx, req.State.Get, timeouts.Value.Read, &resp.Diagnostics)
	defer done()
	if !ok {
		return
	}
	w := m.words()
	resp.Diagnostics.Append(w.ids.setIdentity(ctx, req.State, resp.Identity)...)
	var prior []string
	if set := m.holders(); !set.IsNull() && !set.IsUnknown() {
		prior = plannedStrings(ctx, set, &resp.Diagnostics)
	}
	held, err := m.grants(r.client).list(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read "+w.listing, err)
		return
	}
	missing := without(prior, held)
	warnWithoutAccess(&resp.Diagnostics, w, missing)
	set, diags := types.SetValueFrom(ctx, types.StringType, union(held, missing))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.setHolders(set)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// Delete removes nothing: the resource gives up owning the set, and every
// holder keeps its access.
func (r *exclusiveResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	m := r.newModel()
	resp.Diagnostics.Append(req.State.Get(ctx, m)...)
	tflog.Debug(ctx, "giving up ownership of the set; no access is removed", map[string]any{"where": m.words().where})
}

// exclusiveAttributes is the schema an exclusive resource shares with the
// other: its id, page_id, timeouts (holders names what the set holds, as
// "agencies"), and setAttr, the set of holders, which holderSet describes.
func exclusiveAttributes(ctx context.Context, idDescription, holders, listing, setAttr, holderSet string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: idDescription,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"page_id": resourcePageID(),
		setAttr: schema.SetAttribute{
			MarkdownDescription: holderSet + " In state, every one who holds access (and any declared one who holds none, with a warning), " +
				"so that an undeclared one shows in the plan as an id removed from this set.",
			ElementType: types.StringType,
			Required:    true,
			Validators:  []validator.Set{validators.NoNullElements(), setvalidator.ValueStringsAre(validators.NumericID())},
		},
		"timeouts": accessTimeoutsAttribute(ctx, map[string]string{
			"what":   "set of " + holders,
			"create": "removing the undeclared " + holders,
			"read":   "reading " + listing,
			"update": "removing the undeclared " + holders,
			"delete": "giving up the set (no call)",
		}),
	}
}

// warnWithoutAccess warns of declared ids that hold no access.
func warnWithoutAccess(diags *diag.Diagnostics, w exclusiveWords, ids []string) {
	if len(ids) == 0 {
		return
	}
	diags.AddWarning(fmt.Sprintf("Declared %s without access", w.holder),
		fmt.Sprintf("%s declares %s %s, which has no access to %s. %s does not grant access: granting needs tasks, which belong to %s. "+
			"Declare a %s for it, and refer to its %s in %s so that it is created first.",
			w.attribute, w.holder, strings.Join(ids, ", "), w.where, w.ids.resourceType, w.grantType, w.grantType, w.grantAttr, w.attribute))
}

// without is the ids of a that b lacks, sorted, each once.
func without(a, b []string) []string {
	var out []string
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// union is the ids of a and b, sorted, each once; never nil, so that no
// one holding access reads back as an empty set, not a null one, which
// would differ from a configured `[]`.
func union(a, b []string) []string {
	out := append(make([]string, 0, len(a)+len(b)), a...)
	out = append(out, b...)
	slices.Sort(out)
	return slices.Compact(out)
}
