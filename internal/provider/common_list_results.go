package provider

// What the list resources (`terraform query`) share: reading their
// configuration, bounding their listings, reporting a failed listing, and
// turning one listed item into a result to import.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// listConfig reads a list resource's configuration. When it cannot, it
// ends the stream with the error and returns false.
func listConfig[M any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) (M, bool) {
	var cfg M
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return cfg, false
	}
	return cfg, true
}

// listContext returns ctx with the client's secrets masked in logs and
// bounded like one operation of the Page access resources. Callers must
// call cancel.
func listContext(ctx context.Context, c *graph.Client) (context.Context, context.CancelFunc) {
	return context.WithTimeout(withMasking(ctx, c), defaultAccessTimeout)
}

// listFailed is the result that carries the error of a failed listing.
func listFailed(summary string, err error) list.ListResult {
	failed := list.ListResult{}
	addAPIError(&failed.Diagnostics, summary, err)
	return failed
}

// listAllOrNothing is the List of a list resource that gathers every
// listing first: it reads the configuration into M (listConfig), then
// streams what gather returns, the results or the one result that carries
// the error (listFailed), up to the request's Limit. A list that fails
// part-way sends nothing but the error, so `terraform query
// -generate-config-out` never writes configuration that silently misses
// what the failed listing held. gather's context is bounded by listContext.
func listAllOrNothing[M any](ctx context.Context, c *graph.Client, req list.ListRequest, stream *list.ListResultsStream,
	gather func(ctx context.Context, cfg *M) []list.ListResult,
) {
	cfg, ok := listConfig[M](ctx, req, stream)
	if !ok {
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		ctx, cancel := listContext(ctx, c)
		defer cancel()
		for i, result := range gather(ctx, &cfg) {
			if req.Limit > 0 && int64(i) == req.Limit {
				return
			}
			if !push(result) {
				return
			}
		}
	}
}

// pageListResult is one listed item of a Page: its identity (ids as ids
// names them) and, when Terraform asks (include_resource, or
// -generate-config-out), the resource as a refresh would store it, which
// model builds around the null timeouts. what says what the item is ("user
// 123"), name what Meta calls it, if anything.
func pageListResult(ctx context.Context, req list.ListRequest, pageID, what, name string, ids graphIDs, idValues []string,
	model func(t timeouts.Value) (any, diag.Diagnostics),
) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s (%s) on Page %s", name, what, pageID)
	if name == "" {
		result.DisplayName = fmt.Sprintf("%s on Page %s", what, pageID)
	}
	result.Diagnostics.Append(ids.identityValues(ctx, result.Identity, idValues...)...)
	if req.IncludeResource {
		m, diags := model(nullTimeouts(ctx, req, &result.Diagnostics))
		result.Diagnostics.Append(diags...)
		result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
	}
	return result
}

// nullTimeouts is an unset timeouts attribute of the resource's schema.
func nullTimeouts(ctx context.Context, req list.ListRequest, diags *diag.Diagnostics) timeouts.Value {
	typ, d := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	diags.Append(d...)
	t, ok := typ.(timeouts.Type)
	if !ok {
		diags.AddError("Unexpected timeouts type", fmt.Sprintf("the listed resource's timeouts attribute has type %T; this is a bug in the provider.", typ))
		return timeouts.Value{}
	}
	return timeouts.Value{Object: types.ObjectNull(t.AttrTypes)}
}
