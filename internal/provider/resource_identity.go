package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// The ids of every resource named by Graph ids: one row per resource type.
// A new resource adds its row here and embeds it in its resource type
// (`type pageXResource struct{ graphIDs; ... }`, set by its constructor),
// which gives it IdentitySchema and ImportState; its Create, Read and
// Update keep the identity with the row's keepWritten or identityOf, its
// list resource with identityValues.
var (
	pageAgencyIDs = graphIDs{resourceType: "facebook_page_agency", parts: []idPart{
		{name: "page_id", description: "Numeric id of the Page."},
		{name: "business_id", description: "Numeric id of the agency business."},
	}}
	// The business is part of it because Meta lists a Page's assigned
	// users one business at a time.
	pageAssignedUserIDs = graphIDs{resourceType: "facebook_page_assigned_user", parts: []idPart{
		{name: "page_id", description: "Numeric id of the Page."},
		{name: "business_id", description: "Numeric id of the business the user belongs to."},
		{name: "user_id", description: "Numeric id of the business user or system user."},
	}}
	pageSubscribedAppIDs = graphIDs{resourceType: "facebook_page_subscribed_app", parts: []idPart{
		{name: "page_id", description: "Numeric id of the Page."},
		{name: "app_id", description: "Numeric id of the subscribed app."},
	}}
)

var (
	_ resource.ResourceWithIdentity    = (*pageAgencyResource)(nil)
	_ resource.ResourceWithImportState = (*pageAgencyResource)(nil)
	_ resource.ResourceWithIdentity    = (*pageAssignedUserResource)(nil)
	_ resource.ResourceWithImportState = (*pageAssignedUserResource)(nil)
	_ resource.ResourceWithIdentity    = (*pageSubscribedAppResource)(nil)
	_ resource.ResourceWithImportState = (*pageSubscribedAppResource)(nil)
)

// graphIDs describes a resource named by numeric Graph ids, such as a Page
// and a business. The same ids, in the same order, make its "id" attribute
// and import id ("<page_id>/<business_id>"), its resource identity
// (Terraform >= 1.12: import blocks with `identity`, `terraform query`) and
// the state attributes of the same names. Resources get all three from one
// value of this type, so they cannot disagree:
//
//   - IdentitySchema and ImportState are the embedded row's;
//   - Create and Update call setIdentity(resp.State) once the state is set
//     (keepWritten does); Read calls identityOf before anything else, since
//     the framework wants an identity even with a removal. State written by
//     a CLI without identities (Terraform < 1.12) so gains one on the next
//     refresh. An Update is needed even when only `timeouts` changes:
//     without one the framework reports "Missing Resource Identity After
//     Update".
type graphIDs struct {
	resourceType string   // for messages: "facebook_page_agency"
	parts        []idPart // in import id order
}

// IdentitySchema is the resource's identity schema: every part required
// on import.
func (g graphIDs) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = g.schema()
}

// ImportState takes the import id `<page_id>/<...>` or, in an import
// block, the identity `{ page_id = ..., ... }`.
func (g graphIDs) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	g.importState(ctx, req, resp)
}

// idPart is one id of a graphIDs: a string attribute in both the state and
// the identity.
type idPart struct {
	name, description string
}

func (g graphIDs) names() []string {
	names := make([]string, len(g.parts))
	for i, p := range g.parts {
		names[i] = p.name
	}
	return names
}

// schema is the resource's identity schema: every part required on import.
func (g graphIDs) schema() identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(g.parts))
	for _, p := range g.parts {
		attrs[p.name] = identityschema.StringAttribute{RequiredForImport: true, Description: p.description}
	}
	return identityschema.Schema{Attributes: attrs}
}

// importState accepts either the import id or, from an import block's
// `identity` (Terraform >= 1.12), the identity, and writes the ids to the
// state and the identity; Read does the rest. Both forms are checked the
// same way, so a bad id fails before any API call.
func (g graphIDs) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	ids, err := g.importedIDs(ctx, req)
	if err != nil {
		what := "id"
		if req.ID == "" && req.Identity != nil {
			what = "identity"
		}
		resp.Diagnostics.AddError("Invalid import "+what+" for "+g.resourceType, err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strings.Join(ids, "/"))...)
	for i, p := range g.parts {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(p.name), ids[i])...)
	}
	if resp.Identity != nil {
		for i, p := range g.parts {
			resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root(p.name), ids[i])...)
		}
	}
}

func (g graphIDs) importedIDs(ctx context.Context, req resource.ImportStateRequest) ([]string, error) {
	if req.ID != "" || req.Identity == nil {
		return parseImportID(req.ID, g.names()...)
	}
	ids := make([]string, len(g.parts))
	for i, p := range g.parts {
		var v types.String
		if diags := req.Identity.GetAttribute(ctx, path.Root(p.name), &v); diags.HasError() {
			return nil, fmt.Errorf("reading %s from the import identity: %s", p.name, diagsSummary(diags))
		}
		switch {
		case v.IsNull() || v.ValueString() == "":
			return nil, fmt.Errorf("the import identity has no %s; set every one of: %s", p.name, strings.Join(g.names(), ", "))
		case !validators.IsNumericID(v.ValueString()):
			return nil, fmt.Errorf("the import identity has %s %q, which is not a numeric Graph id", p.name, v.ValueString())
		}
		ids[i] = v.ValueString()
	}
	return ids, nil
}

// setIdentity copies the ids from the state just written to the identity.
// identity is nil when Terraform sent none and the framework made none; then
// there is nothing to set.
func (g graphIDs) setIdentity(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	var diags diag.Diagnostics
	if identity == nil {
		return diags
	}
	ids := make([]string, len(g.parts))
	for i, p := range g.parts {
		var v types.String
		diags.Append(state.GetAttribute(ctx, path.Root(p.name), &v)...)
		ids[i] = v.ValueString()
	}
	if !diags.HasError() {
		g.identityOf(ctx, identity, ids...)
	}
	return diags
}

// identityOf makes identity hold ids, in the order of g.parts. The
// identity schema is g.schema(): one string per part, so the value is
// built directly rather than through SetAttribute's path walk, which a
// refreshing plan would pay twice per resource; an identity that already
// holds these ids is left as it is.
func (g graphIDs) identityOf(ctx context.Context, identity *tfsdk.ResourceIdentity, ids ...string) {
	if identity == nil {
		return
	}
	values := make(map[string]tftypes.Value, len(g.parts))
	for i, p := range g.parts {
		values[p.name] = tftypes.NewValue(tftypes.String, ids[i])
	}
	want := tftypes.NewValue(identity.Schema.Type().TerraformType(ctx), values)
	if !identity.Raw.Equal(want) {
		identity.Raw = want
	}
}

// identityValues builds the identity of one listed resource, for list
// resources (terraform query).
func (g graphIDs) identityValues(ctx context.Context, identity *tfsdk.ResourceIdentity, ids ...string) diag.Diagnostics {
	var diags diag.Diagnostics
	for i, p := range g.parts {
		diags.Append(identity.SetAttribute(ctx, path.Root(p.name), ids[i])...)
	}
	return diags
}

// diagsSummary is the summaries of diags on one line, for wrapping in an
// error.
func diagsSummary(diags diag.Diagnostics) string {
	parts := make([]string, 0, len(diags))
	for _, d := range diags {
		parts = append(parts, d.Summary()+": "+d.Detail())
	}
	return strings.Join(parts, "; ")
}

// parseImportID splits a composite import id "<a>/<b>/..." into the named
// segments, each a numeric Graph id. Every import goes through here so users
// get the same precise message whichever segment is wrong.
func parseImportID(id string, names ...string) ([]string, error) {
	want := "<" + strings.Join(names, ">/<") + ">"
	parts := strings.Split(id, "/")
	if len(parts) != len(names) {
		return nil, fmt.Errorf("the import id %q must have the form %s (%d segments separated by \"/\"), got %d segment(s)", id, want, len(names), len(parts))
	}
	for i, p := range parts {
		switch {
		case p == "":
			return nil, fmt.Errorf("the import id %q has an empty %s; expected %s", id, names[i], want)
		case !validators.IsNumericID(p):
			return nil, fmt.Errorf("the import id %q has %s %q, which is not a numeric Graph id; expected %s", id, names[i], p, want)
		}
	}
	return parts, nil
}
