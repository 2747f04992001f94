package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// defaultAccessTimeout bounds each operation of the Page access resources
// (agencies, assigned users, subscribed apps), retries of throttled calls
// included.
const defaultAccessTimeout = 10 * time.Minute

// accessTimeoutsAttribute is the timeouts attribute of a Page access
// resource, each operation described for the docs. doing maps "create",
// "read", "update" and "delete" to what the operation does ("assigning the
// agency"); update is left out of the attribute when doing lacks it.
func accessTimeoutsAttribute(ctx context.Context, doing map[string]string) schema.Attribute {
	const each = " as a duration such as `30s` or `10m`, retries of throttled calls included. Defaults to `10m`."
	_, update := doing["update"]
	attr := timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Read: true, Update: update, Delete: true,
		CreateDescription: "How long " + doing["create"] + " may take," + each,
		ReadDescription:   "How long " + doing["read"] + " may take," + each,
		UpdateDescription: "How long " + doing["update"] + " may take," + each,
		DeleteDescription: "How long " + doing["delete"] + " may take," + each,
	})
	a, ok := attr.(schema.SingleNestedAttribute)
	if !ok {
		// Schema construction, not user input: only a changed timeouts
		// module can get here.
		panic(fmt.Sprintf("timeouts.Attributes returned %T, want schema.SingleNestedAttribute", attr))
	}
	ops := []string{"`create`", "`read`", "`delete`"}
	verbs := "creating, reading and deleting"
	if update {
		ops = []string{"`create`", "`read`", "`update`", "`delete`"}
		verbs = "creating, reading, updating and deleting"
	}
	a.MarkdownDescription = fmt.Sprintf("Time limits for %s the %s (%s, each default `10m`, at least `1s`).", verbs, doing["what"], strings.Join(ops, ", "))
	for name, nested := range a.Attributes {
		if str, ok := nested.(schema.StringAttribute); ok {
			str.Validators = append(str.Validators, validators.Timeout())
			a.Attributes[name] = str
		}
	}
	return a
}

// accessContext returns ctx with the client's secrets masked in logs and
// bounded by one operation's timeout, read with op (a timeouts.Value method
// such as state.Timeouts.Read) and defaultAccessTimeout. Callers must check
// diags before calling Meta, and defer done, which ends the context and
// passes on into diags, once per run, Meta's answer with another Graph API
// version (warnServedVersion).
func accessContext(ctx context.Context, c *graph.Client, op func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), diags *diag.Diagnostics) (_ context.Context, done func()) {
	timeout, d := op(ctx, defaultAccessTimeout)
	diags.Append(d...)
	ctx, cancel := context.WithTimeout(withMasking(ctx, c), timeout)
	return ctx, func() {
		cancel()
		warnServedVersion(c, diags)
	}
}

// readListed looks the resource up in its Page's listing for a Read. A
// failed or partial listing proves nothing about the resource: the state is
// kept and the error reported under failed. A listing without it removes it
// from state, logged as gone with ids. Either way it returns nil, and the
// caller has nothing left to do.
func readListed[T any](ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, find func() (*T, error), failed, gone string, ids map[string]any) *T {
	found, err := find()
	if err != nil {
		addAPIError(&resp.Diagnostics, failed, err)
		return nil
	}
	unconfirmed := isUnconfirmed(ctx, req.Private)
	if found != nil && unconfirmed {
		confirmed(ctx, resp.Private, &resp.Diagnostics)
	}
	if found == nil && unconfirmed {
		// Made by this provider, and not listed yet: Meta lists late.
		resp.Diagnostics.AddWarning("Not listed by Meta yet",
			"Meta accepted this grant when it was created, but its listing does not show it yet. Terraform keeps it in state, "+
				"unconfirmed, and reads it again on the next run.")
		return nil
	}
	if found == nil {
		tflog.Debug(ctx, gone, ids)
		resp.State.RemoveResource(ctx)
		return nil
	}
	return found
}
