package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// defaultReadTimeout bounds a data source's read, retries and throttling
// waits included, unless its timeouts block says otherwise. When Meta asks
// to back off for longer than what is left, the read fails at once with
// Meta's estimate instead of sleeping into the timeout.
const defaultReadTimeout = 5 * time.Minute

// readTimeoutAttribute is the timeouts attribute every data source has.
func readTimeoutAttribute(ctx context.Context) schema.Attribute {
	attr := timeouts.AttributesWithOpts(ctx, timeouts.Opts{
		ReadDescription: "How long the read may take, retries of throttled calls included, as a duration such as `30s` or `10m`. Defaults to `5m`.",
	})
	a, ok := attr.(schema.SingleNestedAttribute)
	if !ok {
		// Schema construction, not user input: only a changed timeouts
		// module can get here, and every data source's schema needs this.
		panic(fmt.Sprintf("timeouts.AttributesWithOpts returned %T, want schema.SingleNestedAttribute", attr))
	}
	a.MarkdownDescription = "Time limit for reading the data source (`read`, default `5m`, at least `1s`)."
	for name, nested := range a.Attributes {
		if str, ok := nested.(schema.StringAttribute); ok {
			str.Validators = append(str.Validators, validators.Timeout())
			a.Attributes[name] = str
		}
	}
	return a
}

// readContext returns ctx with the client's secrets masked in logs and
// bounded by the data source's read timeout. Callers must call cancel.
func readContext(ctx context.Context, c *graph.Client, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc) {
	timeout, d := t.Read(ctx, defaultReadTimeout)
	diags.Append(d...)
	return context.WithTimeout(withMasking(ctx, c), timeout)
}

// timedModel is a data source's model: it carries the read's timeouts.
type timedModel[M any] interface {
	*M
	readTimeouts() timeouts.Value
}

// readDataSource is a data source's Read: the configuration into a model M,
// the read bounded by its timeout with the client's secrets masked, fetch to
// fill the model from Meta, and the model set as state. An error from fetch
// is reported under failed, and nothing is set. Meta's answer with another
// Graph API version is passed on, once per run, as for every call.
func readDataSource[M any, P timedModel[M]](ctx context.Context, c *graph.Client, req datasource.ReadRequest, resp *datasource.ReadResponse,
	failed string, fetch func(ctx context.Context, m P) error,
) {
	defer warnServedVersion(c, &resp.Diagnostics)
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := readContext(ctx, c, P(&m).readTimeouts(), &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	if err := fetch(ctx, &m); err != nil {
		addAPIError(&resp.Diagnostics, failed, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// elements turns a listing into the elements of a data source's list
// attribute, one per entry and in Meta's order, or passes the listing's
// error on:
//
//	m.Agencies, err = elements(agencyElement)(d.client.ListAgencies(ctx, pageID))
func elements[T, E any](element func(T) E) func([]T, error) ([]E, error) {
	return func(entries []T, err error) ([]E, error) {
		if err != nil {
			return nil, err
		}
		out := make([]E, 0, len(entries))
		for _, entry := range entries {
			out = append(out, element(entry))
		}
		return out, nil
	}
}
