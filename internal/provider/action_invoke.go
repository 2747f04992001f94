package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// actionTimeout bounds one invocation of an action, throttling waits
// included. When Meta asks to wait longer, the client fails at once with
// the wait it named.
const actionTimeout = 5 * time.Minute

// actionRuns says, for an action's description, how it runs and what
// happens to a request whose answer is lost (lostAnswer completes "the
// error says ...").
func actionRuns(typeName, lostAnswer string) string {
	return "It runs when invoked (`terraform apply -invoke=action." + typeName + ".NAME`, Terraform 1.14 or later) " +
		"or from a resource's `lifecycle { action_trigger { ... } }`, and leaves nothing in state. Every rule between arguments is checked at plan time. " +
		"Throttled requests are retried (Meta refused them); a request that reached Meta without a usable answer is never sent again, and the error says " +
		lostAnswer + ". One invocation may take up to " + actionTimeout.String() + ", throttling waits included. "
}

// actionWrite is the one Graph write an invocation makes, which must never
// be repeated once it may have been carried out.
type actionWrite struct {
	doing   string // progress message before the write
	unknown string // error summary when the write may have been carried out
	failed  string // error summary when it surely was not
	// write makes the call and returns the progress message for success.
	write func(context.Context) (done string, err error)
}

// invokeAction is an action's Invoke: it reads the configuration into M,
// and runs the write that build makes of it within actionTimeout, with
// secrets masked in logs, reporting its progress and outcome on resp. Meta's
// answer with another Graph API version is passed on, once per run, as for
// every call.
func invokeAction[M any](ctx context.Context, client *graph.Client, req action.InvokeRequest, resp *action.InvokeResponse, build func(m *M) actionWrite) {
	defer warnServedVersion(client, &resp.Diagnostics)
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	w := build(&m)
	ctx, cancel := context.WithTimeout(withMasking(ctx, client), actionTimeout)
	defer cancel()
	resp.SendProgress(action.InvokeProgressEvent{Message: w.doing})
	done, err := w.write(ctx)
	var unknown *graph.DeliveryUnknownError
	switch {
	case errors.As(err, &unknown):
		addAPIError(&resp.Diagnostics, w.unknown, err)
	case err != nil:
		addAPIError(&resp.Diagnostics, w.failed, err)
	default:
		resp.SendProgress(action.InvokeProgressEvent{Message: done})
	}
}
