package provider

// What the Page access resources (facebook_page_agency,
// facebook_page_assigned_user, facebook_page_subscribed_app) share in their
// Create, Read, Update and Delete: starting an operation, reading a planned
// set, and keeping what a write read back.

import (
	"context"
	"reflect"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// accessModel is a Page access resource's model: it carries the
// operations' timeouts.
type accessModel[M any] interface {
	*M
	accessTimeouts() timeouts.Value
}

// timeoutOf picks one operation's timeout: timeouts.Value.Create, .Read,
// .Update or .Delete.
type timeoutOf func(t timeouts.Value, ctx context.Context, fallback time.Duration) (time.Duration, diag.Diagnostics)

// beginAccess starts one operation of a Page access resource: it reads the
// model with get (req.Plan.Get or req.State.Get), then bounds ctx by the
// operation's timeout, picked by op, as accessContext does. Callers defer
// done at once, whatever ok says, and return when ok is false: diags then
// say why, and nothing may be sent to Meta.
func beginAccess[M any, P accessModel[M]](ctx context.Context, c *graph.Client, get func(context.Context, any) diag.Diagnostics, op timeoutOf,
	diags *diag.Diagnostics,
) (m M, _ context.Context, done func(), ok bool) {
	diags.Append(get(ctx, &m)...)
	if diags.HasError() {
		return m, ctx, func() {}, false
	}
	timeout := func(ctx context.Context, fallback time.Duration) (time.Duration, diag.Diagnostics) {
		return op(P(&m).accessTimeouts(), ctx, fallback)
	}
	ctx, done = accessContext(ctx, c, timeout, diags)
	return m, ctx, done, !diags.HasError()
}

// plannedStrings reads a planned set of strings, sorted so that what is
// sent does not depend on the set's order.
func plannedStrings(ctx context.Context, set types.Set, diags *diag.Diagnostics) []string {
	var out []string
	diags.Append(set.ElementsAs(ctx, &out, false)...)
	slices.Sort(out)
	return out
}

// keepRead ends a Read that refreshed before into after: the state becomes
// after, unless Meta's answer left it as it was. The framework starts the
// response from the prior state, and writing an equal model back costs a
// reflection over every field on every resource of every plan: on a
// refreshing plan most resources have not changed. reflect.DeepEqual is
// strict (an equal value built differently counts as a change), so it only
// ever writes too often, never too rarely.
func keepRead[M any](ctx context.Context, state *tfsdk.State, before, after *M, diags *diag.Diagnostics) {
	if diags.HasError() || reflect.DeepEqual(before, after) {
		return
	}
	diags.Append(state.Set(ctx, after)...)
}

// keepWritten ends a Create or Update whose write was read back into m:
// unless diags already hold an error, the state becomes m and the identity
// follows it.
func (g graphIDs) keepWritten(ctx context.Context, m any, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, m)...)
	diags.Append(g.setIdentity(ctx, *state, identity)...)
}

// unconfirmedKey is the private-state key of a grant that Meta had not
// listed yet when its create ended: Meta may list a grant late. The next
// Read confirms it once listed, and keeps it (with a warning) until then,
// rather than dropping it or advising an apply that would refuse it.
const unconfirmedKey = "unconfirmed_grant"

// privateState is the resource's private state in a response (SetKey) or
// a request (GetKey).
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// keepUnconfirmed marks a created grant as not yet listed by Meta and says
// so: the state keeps it, so that the next run confirms it.
func keepUnconfirmed(ctx context.Context, private privateWriter, diags *diag.Diagnostics, what, listing string) {
	diags.Append(private.SetKey(ctx, unconfirmedKey, []byte(`true`))...)
	diags.AddWarning(what+" made, but not listed yet",
		"Meta accepted the write, but "+listing+" did not list it within the wait this create allows. "+
			"Meta may list a change a moment late. Terraform keeps the resource in state, marked unconfirmed: "+
			"the next plan or apply reads it again and confirms it, without sending it again.")
}

// isUnconfirmed reports whether the grant in state was never listed yet.
func isUnconfirmed(ctx context.Context, private privateState) bool {
	v, _ := private.GetKey(ctx, unconfirmedKey)
	return len(v) > 0
}

// confirmed clears the unconfirmed mark once Meta lists the grant.
func confirmed(ctx context.Context, private privateWriter, diags *diag.Diagnostics) {
	diags.Append(private.SetKey(ctx, unconfirmedKey, nil)...)
}
